import {
  DescribeServicesCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  ECSClient,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  type DescribeListenersCommandOutput,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  type DescribeLoadBalancersCommandOutput,
  DescribeTargetGroupsCommand,
  type DescribeTargetGroupsCommandOutput,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandOutput,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsLiveStateReader } from '../../../../controller/adapters/aws/aws-live-state-reader.js';
import { TaskDefinitionCache } from '../../../../controller/adapters/aws/task-definition-cache.js';
import { deferred, liveFixture, prodManifest } from './support.js';

const ecsMock = mockClient(ECSClient);
const rdsMock = mockClient(RDSClient);
const elbMock = mockClient(ElasticLoadBalancingV2Client);
const clients = {
  ecs: new ECSClient({ region: 'eu-west-1' }),
  rds: new RDSClient({ region: 'eu-west-1' }),
  elbv2: new ElasticLoadBalancingV2Client({ region: 'eu-west-1' }),
};

const TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition';
const LB_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prod-alb/1f2e3d4c5b6a7988';

/** Every requested service exists; `svc-N` runs revision N mod `revisions` + 1 of one family. */
function describeServices(revisions: number) {
  return (input: DescribeServicesCommandInput): DescribeServicesCommandOutput => ({
    $metadata: {},
    services: (input.services ?? []).map((name, i) => ({
      serviceName: name,
      clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${input.cluster}`,
      status: 'ACTIVE',
      desiredCount: 1,
      runningCount: 1,
      taskDefinition: `${TD}/${name.replace(/-\d+$/, '')}:${(Number(name.match(/\d+$/)?.[0] ?? i) % revisions) + 1}`,
    })),
    failures: [],
  });
}

function describeTaskDefinition(input: DescribeTaskDefinitionCommandInput) {
  return {
    taskDefinition: {
      taskDefinitionArn: input.taskDefinition,
      family: 'prod',
      revision: 1,
      cpu: '256',
      memory: '512',
      containerDefinitions: [],
    },
  };
}

function mockEverything(): void {
  ecsMock.on(DescribeServicesCommand).callsFake(describeServices(1));
  ecsMock.on(DescribeTaskDefinitionCommand).callsFake(describeTaskDefinition);
  ecsMock.on(ListServicesCommand).resolves({ serviceArns: [] });
  rdsMock
    .on(DescribeDBInstancesCommand)
    .resolves(liveFixture<DescribeDBInstancesCommandOutput>('rds/describe-db-instances.prod.json'));
  elbMock
    .on(DescribeLoadBalancersCommand)
    .resolves(
      liveFixture<DescribeLoadBalancersCommandOutput>('elbv2/describe-load-balancers.prod.json'),
    );
  elbMock
    .on(DescribeTargetGroupsCommand)
    .resolves(
      liveFixture<DescribeTargetGroupsCommandOutput>('elbv2/describe-target-groups.prod.json'),
    );
  elbMock
    .on(DescribeListenersCommand)
    .resolves(liveFixture<DescribeListenersCommandOutput>('elbv2/describe-listeners.prod.json'));
  elbMock.on(DescribeLoadBalancerAttributesCommand).resolves({
    Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '60' }],
  });
}

function totalCalls(): number {
  return ecsMock.calls().length + rdsMock.calls().length + elbMock.calls().length;
}

function manyServices(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `svc-${i + 1}`,
    image: 'task-api:1.4.2',
    cpu: 256,
    memory: 512,
    desiredCount: 1,
  }));
}

describe('AwsLiveStateReader', () => {
  afterEach(() => {
    ecsMock.reset();
    rdsMock.reset();
    elbMock.reset();
  });

  it('reads every declared resource under its manifest name, with physical names from the manifest', async () => {
    // Prepare
    mockEverything();
    const reader = new AwsLiveStateReader(clients);

    // Act
    const live = await reader.read(prodManifest());

    // Assess
    expect(ecsMock).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'prod',
      services: ['prod-api', 'prod-worker'],
      include: ['TAGS'],
    });
    expect(rdsMock).toHaveReceivedCommandWith(DescribeDBInstancesCommand, {
      DBInstanceIdentifier: 'prod-postgres',
    });
    expect(elbMock).toHaveReceivedCommandWith(DescribeLoadBalancersCommand, {
      Names: ['prod-alb'],
    });
    expect(Object.keys(live.services)).toEqual(['api', 'worker']);
    expect(live.services.api).toMatchObject({
      state: 'present',
      value: { serviceName: 'prod-api' },
    });
    expect(live.database).toMatchObject({
      state: 'present',
      value: { identifier: 'prod-postgres' },
    });
    expect(live.loadBalancer).toMatchObject({ state: 'present', value: { arn: LB_ARN } });
    expect(live.targetGroups).toMatchObject({
      api: { state: 'present', value: { name: 'prod-api' } },
    });
    expect(live.listeners).toMatchObject({ '443': { state: 'present', value: { port: 443 } } });
    expect(live.undeclared.targetGroups.map((t) => t.name)).toEqual(['prod-canary']);
    expect(live.undeclared.listeners.map((l) => l.port)).toEqual([8443]);
  });

  it('uses the physical names the manifest sets explicitly', async () => {
    // Prepare
    mockEverything();
    const base = prodManifest();
    const desired = prodManifest({
      cluster: { name: 'platform' },
      services: [{ ...base.services[0], serviceName: 'task-api' }],
      database: { ...base.database, identifier: 'orders-db' },
      loadBalancer: {
        ...base.loadBalancer,
        name: 'edge',
        targetGroups: [{ name: 'api', service: 'api', targetGroupName: 'edge-api' }],
      },
    });

    // Act
    const live = await new AwsLiveStateReader(clients).read(desired);

    // Assess
    expect(ecsMock).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'platform',
      services: ['task-api'],
      include: ['TAGS'],
    });
    expect(rdsMock).toHaveReceivedCommandWith(DescribeDBInstancesCommand, {
      DBInstanceIdentifier: 'orders-db',
    });
    expect(elbMock).toHaveReceivedCommandWith(DescribeLoadBalancersCommand, { Names: ['edge'] });
    // The mocked load balancer holds prod-api, not edge-api.
    expect(live.targetGroups.api).toEqual({ state: 'missing' });
  });

  it('scans 25 services on 4 revisions in ceil(25/10) + 4 + 4 + ceil(25/100) calls', async () => {
    // Prepare
    mockEverything();
    ecsMock.on(DescribeServicesCommand).callsFake(describeServices(3));
    // 24 services on 3 revisions of one family, plus the api on a fourth; no attribute compared.
    const base = prodManifest();
    const desired = prodManifest({
      services: [...manyServices(24), base.services[0]],
      loadBalancer: { ...base.loadBalancer, dropInvalidHeaderFields: false },
    });

    // Act
    const live = await new AwsLiveStateReader(clients).read(desired);

    // Assess
    expect(Object.values(live.services).map((s) => s.state)).toEqual(Array(25).fill('present'));
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 3);
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 4);
    expect(ecsMock).toHaveReceivedCommandTimes(ListServicesCommand, 1);
    expect(totalCalls()).toBe(3 + 4 + 4 + 1);
    expect(elbMock).toHaveReceivedCommandTimes(DescribeLoadBalancerAttributesCommand, 0);
  });

  it.each([
    ['the idle timeout is declared', 1, { idleTimeoutSeconds: 60, dropInvalidHeaderFields: false }],
    ['invalid-header dropping is on (the default)', 1, {}],
    [
      'deletion protection and access logs are on',
      1,
      { dropInvalidHeaderFields: false, deletionProtection: true, accessLogs: true },
    ],
    ['nothing compared needs them', 0, { dropInvalidHeaderFields: false }],
  ])('reads load balancer attributes, when %s, in %i call(s)', async (_, calls, settings) => {
    // Prepare
    mockEverything();
    const base = prodManifest();
    const desired = prodManifest({ loadBalancer: { ...base.loadBalancer, ...settings } });

    // Act
    await new AwsLiveStateReader(clients).read(desired);

    // Assess
    expect(elbMock).toHaveReceivedCommandTimes(DescribeLoadBalancerAttributesCommand, calls);
    expect(elbMock.calls()).toHaveLength(3 + calls);
  });

  it('reads the declared idle timeout with the attributes', async () => {
    // Prepare
    mockEverything();
    const base = prodManifest();
    const desired = prodManifest({
      loadBalancer: { ...base.loadBalancer, idleTimeoutSeconds: 60 },
    });

    // Act
    const live = await new AwsLiveStateReader(clients).read(desired);

    // Assess
    expect(elbMock).toHaveReceivedCommandWith(DescribeLoadBalancerAttributesCommand, {
      LoadBalancerArn: LB_ARN,
    });
    expect(live.loadBalancer).toMatchObject({ value: { idleTimeoutSeconds: 60 } });
  });

  it('leaves database and load balancer out when the manifest declares neither', async () => {
    // Prepare
    mockEverything();
    const desired = prodManifest({ database: undefined, loadBalancer: undefined });

    // Act
    const live = await new AwsLiveStateReader(clients).read(desired);

    // Assess
    expect('database' in live).toBe(false);
    expect('loadBalancer' in live).toBe(false);
    expect(live.targetGroups).toEqual({});
    expect(live.listeners).toEqual({});
    expect(live.undeclared).toEqual({ targetGroups: [], listeners: [] });
    expect(rdsMock.calls()).toHaveLength(0);
    expect(elbMock.calls()).toHaveLength(0);
  });

  it('runs the three observers concurrently', async () => {
    // Prepare
    mockEverything();
    const pendingDatabase = deferred<DescribeDBInstancesCommandOutput>();
    rdsMock.on(DescribeDBInstancesCommand).callsFake(() => pendingDatabase.promise);
    const reader = new AwsLiveStateReader(clients);

    // Act
    const reading = reader.read(prodManifest());
    await new Promise((resolve) => setImmediate(resolve));
    const ecsCalledWhileDatabasePending = ecsMock.commandCalls(DescribeServicesCommand).length;
    const elbCalledWhileDatabasePending = elbMock.commandCalls(DescribeLoadBalancersCommand).length;
    pendingDatabase.resolve(
      liveFixture<DescribeDBInstancesCommandOutput>('rds/describe-db-instances.prod.json'),
    );
    const live = await reading;

    // Assess
    expect(ecsCalledWhileDatabasePending).toBe(1);
    expect(elbCalledWhileDatabasePending).toBe(1);
    expect(live.database?.state).toBe('present');
  });

  it('turns an observer that throws into unchecked resources and finishes the scan', async () => {
    // Prepare
    mockEverything();
    // Responses of a shape the translation does not expect make the observers throw.
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceIdentifier: 'prod-postgres', TagList: 42 as never }],
    });
    elbMock
      .on(DescribeLoadBalancersCommand)
      .resolves({ LoadBalancers: { LoadBalancerName: 'prod-alb' } as never });

    // Act
    const live = await new AwsLiveStateReader(clients).read(prodManifest());

    // Assess
    expect(live.database).toEqual({
      state: 'unchecked',
      reason: expect.stringMatching(/^RDS observer failed: TypeError: /),
    });
    const elbUnchecked = {
      state: 'unchecked',
      reason: expect.stringMatching(/^ELBv2 observer failed: TypeError: /),
    };
    expect(live.loadBalancer).toEqual(elbUnchecked);
    expect(live.targetGroups).toEqual({ api: elbUnchecked });
    expect(live.listeners).toEqual({ '443': elbUnchecked });
    expect(live.services.api?.state).toBe('present');
  });

  it('turns a throwing ECS observer into unchecked services', async () => {
    // Prepare
    mockEverything();
    ecsMock.on(DescribeServicesCommand).resolves({ services: 'not a list' as never });

    // Act
    const live = await new AwsLiveStateReader(clients).read(prodManifest());

    // Assess
    const unchecked = {
      state: 'unchecked',
      reason: expect.stringMatching(/^ECS observer failed: TypeError: /),
    };
    expect(live.services).toEqual({ api: unchecked, worker: unchecked });
    expect(live.database?.state).toBe('present');
  });

  it('reads no task definition again through the cache it is given', async () => {
    // Prepare
    mockEverything();
    const taskDefinitions = new TaskDefinitionCache();
    const desired = prodManifest();
    await new AwsLiveStateReader(clients, taskDefinitions).read(desired);
    ecsMock.resetHistory();

    // Act
    const live = await new AwsLiveStateReader(clients, taskDefinitions).read(desired);

    // Assess
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 1);
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 0);
    expect(live.services.worker).toMatchObject({
      value: { taskDefinition: { state: 'present', value: { arn: `${TD}/prod-worker:1` } } },
    });
  });
});
