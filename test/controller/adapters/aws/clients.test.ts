import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { sharedClientConfig } from '../../../../controller/adapters/aws/client-config.js';
import { type AwsClients, createAwsClients } from '../../../../controller/adapters/aws/clients.js';
import { AwsClientConfigError } from '../../../../controller/model/errors.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' };

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

const ECS_OK: Reply = {
  status: 200,
  body: '{"services":[],"failures":[]}',
  contentType: 'application/x-amz-json-1.1',
};
const ECS_SERVER_ERROR: Reply = {
  status: 500,
  body: '{"__type":"ServerException","message":"internal failure"}',
  contentType: 'application/x-amz-json-1.1',
};
const QUERY_SERVER_ERROR: Reply = {
  status: 500,
  body: '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>internal failure</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
  contentType: 'text/xml',
};

/** A local HTTP server answering with scripted replies (the last one repeats) and recording requests. */
async function startServer(replies: readonly Reply[]): Promise<{
  server: Server;
  url: string;
  requests: IncomingHttpHeaders[];
}> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const reply = replies[Math.min(requests.length, replies.length - 1)] as Reply;
      requests.push(req.headers);
      res.writeHead(reply.status, { 'content-type': reply.contentType });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

describe('createAwsClients', () => {
  let server: Server | undefined;
  let clients: AwsClients | undefined;
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_ECS;

  afterEach(async () => {
    clients?.destroy();
    clients = undefined;
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_ECS;
    else process.env.AWS_ENDPOINT_URL_ECS = savedEndpoint;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('counts every HTTP attempt, retries included, as the server counts them', async () => {
    // Prepare
    const local = await startServer([ECS_SERVER_ERROR, ECS_OK]);
    server = local.server;
    clients = createAwsClients({
      endpoint: local.url,
      region: 'eu-west-1',
      credentials,
      maxAttempts: 3,
    });

    // Act
    await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['prod-api'] }),
    );

    // Assess
    expect(local.requests).toHaveLength(2);
    expect(clients.counter.count()).toBe(2);
    expect(clients.counter.byOperation()).toEqual({ 'ECS.DescribeServices': 2 });
    expect(local.requests.map((h) => h['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
    ]);
  });

  it('sends to the given endpoint, signed for the given region', async () => {
    // Prepare
    const local = await startServer([ECS_OK]);
    server = local.server;
    clients = createAwsClients({ endpoint: local.url, region: 'ap-southeast-2', credentials });

    // Act
    await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['prod-api'] }),
    );

    // Assess
    expect(local.requests).toHaveLength(1);
    expect(local.requests[0]?.authorization).toContain('/ap-southeast-2/ecs/aws4_request');
    await expect(clients.ecs.config.region()).resolves.toBe('ap-southeast-2');
    expect(clients.config).toEqual({ region: 'ap-southeast-2', endpoint: local.url });
  });

  it('leaves the endpoint to AWS_ENDPOINT_URL_<SERVICE> when no endpoint is given', async () => {
    // Prepare
    const local = await startServer([ECS_OK]);
    server = local.server;
    process.env.AWS_ENDPOINT_URL_ECS = local.url;
    clients = createAwsClients({ region: 'eu-west-1', credentials });

    // Act
    await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['prod-api'] }),
    );

    // Assess
    expect(local.requests).toHaveLength(1);
    expect(clients.config).toEqual({ region: 'eu-west-1' });
  });

  it('counts the requests of every client it builds, by operation', async () => {
    // Prepare
    const local = await startServer([QUERY_SERVER_ERROR]);
    server = local.server;
    clients = createAwsClients({
      endpoint: local.url,
      region: 'eu-west-1',
      credentials,
      maxAttempts: 1,
    });
    const { ecs, rds, elbv2, sts, dynamodb, cloudformation, s3 } = clients;

    // Act
    const calls = await Promise.allSettled([
      ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['prod-api'] })),
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'prod-postgres' })),
      elbv2.send(new DescribeLoadBalancersCommand({ Names: ['prod-alb'] })),
      sts.send(new GetCallerIdentityCommand({})),
      dynamodb.send(new DescribeTableCommand({ TableName: 'plumbline-state' })),
      cloudformation.send(new DescribeStacksCommand({ StackName: 'plumbline-prod' })),
      s3.send(new HeadBucketCommand({ Bucket: 'plumbline-templates' })),
    ]);

    // Assess
    expect(calls.map((c) => c.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(local.requests).toHaveLength(7);
    expect(clients.counter.count()).toBe(7);
    expect(clients.counter.byOperation()).toEqual({
      'ECS.DescribeServices': 1,
      'RDS.DescribeDBInstances': 1,
      'ElasticLoadBalancingV2.DescribeLoadBalancers': 1,
      'STS.GetCallerIdentity': 1,
      'DynamoDB.DescribeTable': 1,
      'CloudFormation.DescribeStacks': 1,
      'S3.HeadBucket': 1,
    });
  });

  it('uses adaptive retries by default', async () => {
    // Prepare
    clients = createAwsClients({ region: 'eu-west-1', credentials });

    // Act
    const strategy = await clients.ecs.config.retryStrategy();

    // Assess
    expect(strategy).toMatchObject({ mode: 'adaptive' });
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    // Prepare
    const options = { endpoint: 'localhost:4566' };

    // Act
    const build = () => createAwsClients(options);

    // Assess
    expect(build).toThrow(AwsClientConfigError);
    expect(build).toThrow('invalid AWS client option "endpoint"');
  });

  it('rejects a maxAttempts below one as a terminal error', () => {
    // Prepare
    const options = { maxAttempts: 0 };

    // Act
    let error: unknown;
    try {
      createAwsClients(options);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(AwsClientConfigError);
    expect(error).toMatchObject({ option: 'maxAttempts', terminal: true });
  });
});

describe('sharedClientConfig', () => {
  it('sets only the retry defaults when nothing is given, so the SDK resolves the rest', () => {
    // Prepare
    const options = {};

    // Act
    const config = sharedClientConfig(options);

    // Assess
    expect(config).toStrictEqual({ maxAttempts: 6, retryMode: 'adaptive' });
  });

  it('passes region, endpoint, credentials and retry settings through when given', () => {
    // Prepare
    const options = {
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      credentials,
      maxAttempts: 2,
      retryMode: 'standard' as const,
    };

    // Act
    const config = sharedClientConfig(options);

    // Assess
    expect(config).toStrictEqual(options);
  });
});
