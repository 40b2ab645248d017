import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { authorization, ecsClient, rawEcsCall } from './helpers.js';

describe('sandbox request routing and the JSON wire format', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('answers ECS errors with HTTP 400 and a JSON __type body', async () => {
    // Prepare
    const body = { cluster: 'nowhere', services: ['api'] };

    // Act
    const response = await rawEcsCall(sandbox, 'DescribeServices', body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      __type: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    });
  });

  it('carries timestamps as epoch seconds', async () => {
    // Prepare
    const body = {
      family: 'api',
      containerDefinitions: [{ name: 'api', image: 'nginx', memory: 128 }],
    };

    // Act
    const response = await rawEcsCall(sandbox, 'RegisterTaskDefinition', body);
    const json = (await response.json()) as { taskDefinition: { registeredAt: unknown } };

    // Assess
    expect(response.status).toBe(200);
    expect(typeof json.taskDefinition.registeredAt).toBe('number');
    expect(json.taskDefinition.registeredAt).toBeLessThan(Date.now() / 1000 + 1);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    // Prepare
    const operation = 'LaunchRockets';

    // Act
    const response = await rawEcsCall(sandbox, operation, {});

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(sandbox.stats().byService.ECS).toEqual({ LaunchRockets: 1 });
  });

  it('answers a body that is not JSON with SerializationException', async () => {
    // Prepare
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
      authorization: authorization('ecs'),
    };

    // Act
    const response = await fetch(`${sandbox.url}/`, { method: 'POST', headers, body: '{oops' });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('answers a signing name it does not emulate with 400 and a clear message', async () => {
    // Prepare
    const headers = {
      authorization: authorization('kinesis'),
      'x-amz-target': 'Kinesis_20131202.ListStreams',
    };

    // Act
    const response = await fetch(`${sandbox.url}/`, { method: 'POST', headers, body: '{}' });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: expect.stringContaining(
        "does not emulate the AWS service with signing name 'kinesis'",
      ),
    });
  });

  it('answers an unsigned AWS-shaped request with 400', async () => {
    // Prepare
    const headers = { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' };

    // Act
    const response = await fetch(`${sandbox.url}/`, { method: 'POST', headers, body: '{}' });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('answers other paths with a JSON 404', async () => {
    // Prepare
    const path = '/repos/acme/platform/contents/README.md';

    // Act
    const response = await fetch(`${sandbox.url}${path}`);

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: `Not found: GET ${path}` });
  });

  it('uses a 12-digit access key id as the account and keeps accounts and regions apart', async () => {
    // Prepare
    const owner = ecsClient(sandbox, {
      credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
    });
    const stranger = ecsClient(sandbox);
    const elsewhere = ecsClient(sandbox, {
      region: 'us-east-1',
      credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
    });

    // Act
    const created = await owner.send(new CreateClusterCommand({ clusterName: 'prod' }));
    const seenByStranger = await stranger.send(new ListClustersCommand({}));
    const seenElsewhere = await elsewhere.send(new ListClustersCommand({}));
    for (const client of [owner, stranger, elsewhere]) client.destroy();

    // Assess
    expect(created.cluster?.clusterArn).toBe('arn:aws:ecs:eu-west-1:123456789012:cluster/prod');
    expect(seenByStranger.clusterArns).toEqual([]);
    expect(seenElsewhere.clusterArns).toEqual([]);
  });
});
