import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  type ECSClient,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { authorization, ecsClient, REGION } from '../helpers.js';

const T0 = Date.parse('2026-11-21T10:00:00Z');

/** The real SDK clients, without retries, for one access key (the sandbox's account) and region. */
function clients(sandbox: Sandbox, accessKeyId = 'test', region = REGION) {
  const config = {
    endpoint: sandbox.url,
    region,
    credentials: { accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  return {
    ecs: ecsClient(sandbox, config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    rds: new RDSClient(config),
    destroy() {
      this.ecs.destroy();
      this.elbv2.destroy();
      this.rds.destroy();
    },
  };
}

/** Sends `count` DescribeServices calls one after the other; resolves with how many succeeded. */
async function describeServices(ecs: ECSClient, count: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < count; i++) {
    await ecs
      .send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }))
      .then(() => {
        ok += 1;
      })
      .catch(() => undefined);
  }
  return ok;
}

describe('sandbox quota mode', () => {
  let sandbox: Sandbox;
  let now: number;

  beforeEach(async () => {
    now = T0;
    sandbox = await startSandbox({ port: 0, quotas: 'aws', clock: () => new Date(now) });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('answers a burst over the ECS bucket with ThrottlingException, HTTP 400, and counts it', async () => {
    // Prepare
    const aws = clients(sandbox);
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    const admitted = await describeServices(aws.ecs, 100);

    // Act
    const error = await aws.ecs
      .send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }))
      .catch((caught: unknown) => caught);
    aws.destroy();

    // Assess
    expect(admitted).toBe(100);
    expect(error).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(sandbox.stats().quota).toEqual({
      throttled: 1,
      byService: { ECS: { DescribeServices: 1 } },
    });
    expect(sandbox.stats().byService.ECS).toEqual({ CreateCluster: 1, DescribeServices: 101 });
    expect(sandbox.stats().injected.throttled).toBe(0);
  });

  it('shares the bucket across the operations of one group only', async () => {
    // Prepare
    const aws = clients(sandbox);
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await describeServices(aws.ecs, 100);

    // Act
    const listed = await aws.ecs
      .send(new ListServicesCommand({ cluster: 'prod' }))
      .catch((caught: unknown) => caught);
    const clusters = await aws.ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }));
    aws.destroy();

    // Assess
    expect(listed).toMatchObject({ name: 'ThrottlingException' });
    expect(clusters.clusters).toHaveLength(1);
    expect(sandbox.stats().quota.byService).toEqual({ ECS: { ListServices: 1 } });
  });

  it('refills the bucket as the clock moves', async () => {
    // Prepare
    const aws = clients(sandbox);
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await describeServices(aws.ecs, 101);

    // Act: Service read actions refill 20 tokens per second, one per 50 ms.
    now = T0 + 49;
    const after49ms = await describeServices(aws.ecs, 1);
    now = T0 + 1_000;
    const afterOneSecond = await describeServices(aws.ecs, 25);
    aws.destroy();

    // Assess
    expect([after49ms, afterOneSecond]).toEqual([0, 20]);
    expect(sandbox.stats().quota.throttled).toBe(1 + 1 + 5);
  });

  it('keeps the buckets per account and per region', async () => {
    // Prepare
    const home = clients(sandbox);
    const otherRegion = clients(sandbox, 'test', 'us-east-1');
    const otherAccount = clients(sandbox, '111111111111');
    for (const aws of [home, otherRegion, otherAccount]) {
      await aws.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    }
    await describeServices(home.ecs, 100);

    // Act
    const inHome = await describeServices(home.ecs, 1);
    const inOtherRegion = await describeServices(otherRegion.ecs, 100);
    const inOtherAccount = await describeServices(otherAccount.ecs, 100);
    for (const aws of [home, otherRegion, otherAccount]) aws.destroy();

    // Assess
    expect([inHome, inOtherRegion, inOtherAccount]).toEqual([0, 100, 100]);
  });

  it('answers ELBv2 and RDS bursts with the query protocol Throttling error', async () => {
    // Prepare
    const aws = clients(sandbox);
    for (let i = 0; i < 40; i++) await aws.elbv2.send(new DescribeLoadBalancersCommand({}));
    for (let i = 0; i < 300; i++) await aws.rds.send(new DescribeDBInstancesCommand({}));

    // Act
    const elbv2 = await aws.elbv2
      .send(new DescribeTargetGroupsCommand({}))
      .catch((caught: unknown) => caught);
    const rds = await aws.rds
      .send(new DescribeDBInstancesCommand({}))
      .catch((caught: unknown) => caught);
    aws.destroy();

    // Assess
    const throttled = {
      name: 'Throttling',
      message: 'Rate exceeded',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    };
    expect(elbv2).toMatchObject(throttled);
    expect(rds).toMatchObject(throttled);
    expect(sandbox.stats().quota).toEqual({
      throttled: 2,
      byService: { ELBv2: { DescribeTargetGroups: 1 }, RDS: { DescribeDBInstances: 1 } },
    });
  });

  it('writes the query protocol error document of a throttled call', async () => {
    // Prepare
    const call = () =>
      fetch(`${sandbox.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: authorization('elasticloadbalancing'),
        },
        body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
      });
    for (let i = 0; i < 40; i++) await call();

    // Act
    const response = await call();
    const body = await response.text();

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(body).toBe(
      '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>' +
        `<RequestId>${response.headers.get('x-amzn-requestid')}</RequestId></ErrorResponse>`,
    );
  });

  it('refills every bucket on reset and never throttles once switched off', async () => {
    // Prepare
    const aws = clients(sandbox);
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await describeServices(aws.ecs, 100);
    await sandbox.reset();
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));

    // Act
    const afterReset = await describeServices(aws.ecs, 101);
    sandbox.setQuotas('off');
    const whenOff = await describeServices(aws.ecs, 150);
    aws.destroy();

    // Assess
    expect([afterReset, whenOff]).toEqual([100, 150]);
    expect(sandbox.quotas()).toBe('off');
  });
});

describe('sandbox without quota mode', () => {
  it('never throttles by default', async () => {
    // Prepare
    const sandbox = await startSandbox({ port: 0 });
    const aws = clients(sandbox);
    await aws.ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));

    // Act
    const admitted = await describeServices(aws.ecs, 150);
    aws.destroy();
    await sandbox.close();

    // Assess
    expect(admitted).toBe(150);
    expect(sandbox.stats().quota.throttled).toBe(0);
  });
});
