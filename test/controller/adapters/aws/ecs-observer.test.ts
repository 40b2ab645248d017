import {
  ClusterNotFoundException,
  DescribeServicesCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  type DescribeTaskDefinitionCommandOutput,
  ECSClient,
  ECSServiceException,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { observeEcsServices } from '../../../../controller/adapters/aws/ecs-observer.js';
import { TaskDefinitionCache } from '../../../../controller/adapters/aws/task-definition-cache.js';
import type { EcsServiceState } from '../../../../controller/model/live-state.js';
import { liveFixture } from './support.js';

const ecsMock = mockClient(ECSClient);
const ecs = new ECSClient({ region: 'eu-west-1' });

const TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition';
const API_TD = `${TD}/prod-api:42`;
const WORKER_TD = `${TD}/prod-worker:7`;

function activeService(name: string, taskDefinition: string): Service {
  return {
    serviceName: name,
    serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/prod/${name}`,
    clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
    status: 'ACTIVE',
    desiredCount: 1,
    runningCount: 1,
    taskDefinition,
  };
}

function taskDefinition(arn: string): DescribeTaskDefinitionCommandOutput {
  const [family = '', revision = '0'] = arn.slice(arn.lastIndexOf('/') + 1).split(':');
  return {
    $metadata: {},
    taskDefinition: {
      taskDefinitionArn: arn,
      family,
      revision: Number(revision),
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: family, image: `${family}:latest` }],
    },
  };
}

/** `count` services named `svc-01`... spread over `revisions` task definition revisions. */
function manyServices(count: number, revisions: number) {
  return Array.from({ length: count }, (_, i) => {
    const name = `svc-${String(i + 1).padStart(2, '0')}`;
    return { key: name, serviceName: name, taskDefinition: `${TD}/shared:${(i % revisions) + 1}` };
  });
}

function describeFrom(services: readonly { serviceName: string; taskDefinition: string }[]) {
  const byName = new Map(services.map((s) => [s.serviceName, s.taskDefinition]));
  return (input: DescribeServicesCommandInput): DescribeServicesCommandOutput => ({
    $metadata: {},
    services: (input.services ?? []).map((name) => activeService(name, byName.get(name) ?? '')),
    failures: [],
  });
}

function fixtureQuery() {
  return {
    cluster: 'prod',
    services: [
      { key: 'api', serviceName: 'prod-api' },
      { key: 'worker', serviceName: 'prod-worker' },
      { key: 'legacy', serviceName: 'prod-legacy' },
      { key: 'reports', serviceName: 'prod-reports' },
    ],
  };
}

function mockFixture(): void {
  ecsMock
    .on(DescribeServicesCommand)
    .resolves(liveFixture<DescribeServicesCommandOutput>('ecs/describe-services.prod.json'));
  ecsMock
    .on(DescribeTaskDefinitionCommand, { taskDefinition: API_TD })
    .resolves(
      liveFixture<DescribeTaskDefinitionCommandOutput>(
        'ecs/describe-task-definition.prod-api.json',
      ),
    );
  ecsMock
    .on(DescribeTaskDefinitionCommand, { taskDefinition: WORKER_TD })
    .resolves(taskDefinition(WORKER_TD));
}

describe('observeEcsServices', () => {
  afterEach(() => {
    ecsMock.reset();
  });

  it('translates a described service and its task definition into the live-state model', async () => {
    // Prepare
    mockFixture();

    // Act
    const live = await observeEcsServices(ecs, fixtureQuery(), new TaskDefinitionCache());

    // Assess
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 1);
    expect(ecsMock).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'prod',
      services: ['prod-api', 'prod-worker', 'prod-legacy', 'prod-reports'],
      include: ['TAGS'],
    });
    const expectedApi: EcsServiceState = {
      serviceName: 'prod-api',
      clusterName: 'prod',
      status: 'ACTIVE',
      desiredCount: 3,
      runningCount: 3,
      taskDefinitionArn: API_TD,
      taskDefinition: {
        state: 'present',
        value: {
          arn: API_TD,
          family: 'prod-api',
          revision: 42,
          cpu: 256,
          memory: 512,
          containers: [
            {
              name: 'api',
              image:
                '123456789012.dkr.ecr.eu-west-1.amazonaws.com/task-api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
              containerPorts: [3000],
              environment: { NODE_ENV: 'production', PORT: '3000' },
              secrets: {
                DATABASE_URL:
                  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/database-url-AbCdEf',
              },
              // interval and retries are set; timeout and startPeriod take the ECS defaults.
              healthCheck: {
                command: ['CMD-SHELL', 'wget -qO- http://localhost:3000/health || exit 1'],
                intervalSeconds: 15,
                timeoutSeconds: 5,
                retries: 2,
                startPeriodSeconds: 0,
              },
              readonlyRootFilesystem: true,
            },
          ],
        },
      },
      deployment: {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        circuitBreaker: { enable: true, rollback: true },
      },
      loadBalancers: [
        {
          targetGroupArn:
            'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/50dc6c495c0c9188',
          containerName: 'api',
          containerPort: 3000,
        },
      ],
      tags: { 'plumbline:environment': 'prod', team: 'platform' },
    };
    expect(live.api).toEqual({ state: 'present', value: expectedApi });
  });

  it('applies the ECS deployment defaults to a service without a deployment configuration', async () => {
    // Prepare
    mockFixture();

    // Act
    const live = await observeEcsServices(ecs, fixtureQuery(), new TaskDefinitionCache());

    // Assess
    expect(live.worker).toMatchObject({
      state: 'present',
      value: {
        deployment: {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          circuitBreaker: { enable: false, rollback: false },
        },
        loadBalancers: [],
        tags: {},
      },
    });
  });

  it('reads a container without readonlyRootFilesystem as writable, as ECS runs it', async () => {
    // Prepare
    mockFixture();

    // Act
    const live = await observeEcsServices(ecs, fixtureQuery(), new TaskDefinitionCache());

    // Assess
    expect(live.worker).toMatchObject({
      state: 'present',
      value: {
        taskDefinition: {
          state: 'present',
          value: { containers: [{ name: 'prod-worker', readonlyRootFilesystem: false }] },
        },
      },
    });
  });

  it('reports a service listed with reason MISSING as missing', async () => {
    // Prepare
    mockFixture();

    // Act
    const live = await observeEcsServices(ecs, fixtureQuery(), new TaskDefinitionCache());

    // Assess
    expect(live.reports).toEqual({ state: 'missing' });
  });

  it('reports an INACTIVE service as missing and reads no task definition for it', async () => {
    // Prepare
    mockFixture();

    // Act
    const live = await observeEcsServices(ecs, fixtureQuery(), new TaskDefinitionCache());

    // Assess
    expect(live.legacy).toEqual({ state: 'missing' });
    expect(ecsMock).not.toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, {
      taskDefinition: `${TD}/prod-legacy:3`,
    });
  });

  it('reports a DRAINING service as missing', async () => {
    // Prepare
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [{ ...activeService('prod-api', API_TD), status: 'DRAINING' }],
      failures: [],
    });

    // Act
    const live = await observeEcsServices(
      ecs,
      { cluster: 'prod', services: [{ key: 'api', serviceName: 'prod-api' }] },
      new TaskDefinitionCache(),
    );

    // Assess
    expect(live.api).toEqual({ state: 'missing' });
  });

  it('describes 25 services in 3 calls of at most 10 names each', async () => {
    // Prepare
    const services = manyServices(25, 3);
    ecsMock.on(DescribeServicesCommand).callsFake(describeFrom(services));
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .callsFake((input: DescribeTaskDefinitionCommandInput) =>
        taskDefinition(input.taskDefinition ?? ''),
      );
    const names = services.map((s) => s.serviceName);

    // Act
    const live = await observeEcsServices(
      ecs,
      { cluster: 'prod', services },
      new TaskDefinitionCache(),
    );

    // Assess
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 3);
    const inputs = ecsMock.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { cluster: 'prod', services: names.slice(0, 10), include: ['TAGS'] },
      { cluster: 'prod', services: names.slice(10, 20), include: ['TAGS'] },
      { cluster: 'prod', services: names.slice(20), include: ['TAGS'] },
    ]);
    expect(Object.values(live).map((o) => o.state)).toEqual(Array(25).fill('present'));
  });

  it('reads each distinct task definition once, and not at all again through the same cache', async () => {
    // Prepare
    const services = manyServices(25, 3);
    ecsMock.on(DescribeServicesCommand).callsFake(describeFrom(services));
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .callsFake((input: DescribeTaskDefinitionCommandInput) =>
        taskDefinition(input.taskDefinition ?? ''),
      );
    const cache = new TaskDefinitionCache();

    // Act
    await observeEcsServices(ecs, { cluster: 'prod', services }, cache);
    const firstReads = ecsMock.commandCalls(DescribeTaskDefinitionCommand).length;
    const second = await observeEcsServices(ecs, { cluster: 'prod', services }, cache);

    // Assess
    expect(firstReads).toBe(3);
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 3);
    for (const revision of [1, 2, 3]) {
      expect(ecsMock).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, {
        taskDefinition: `${TD}/shared:${revision}`,
      });
    }
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeServicesCommand, 6);
    expect(second['svc-04']).toMatchObject({
      state: 'present',
      value: { taskDefinition: { state: 'present', value: { arn: `${TD}/shared:1` } } },
    });
  });

  it('keeps at most 5 task definition reads in flight', async () => {
    // Prepare
    const services = manyServices(20, 20);
    ecsMock.on(DescribeServicesCommand).callsFake(describeFrom(services));
    let inFlight = 0;
    let peak = 0;
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .callsFake(async (input: DescribeTaskDefinitionCommandInput) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return taskDefinition(input.taskDefinition ?? '');
      });

    // Act
    await observeEcsServices(ecs, { cluster: 'prod', services }, new TaskDefinitionCache());

    // Assess
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 20);
    expect(peak).toBe(5);
  });

  it('reports every service missing when the cluster does not exist', async () => {
    // Prepare
    const services = manyServices(12, 1);
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: {} }));

    // Act
    const live = await observeEcsServices(
      ecs,
      { cluster: 'prod', services },
      new TaskDefinitionCache(),
    );

    // Assess
    expect(Object.values(live)).toEqual(Array(12).fill({ state: 'missing' }));
    expect(ecsMock).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 0);
  });

  it('reports exactly the services of a failing batch as unchecked', async () => {
    // Prepare
    const services = manyServices(15, 1);
    const succeed = describeFrom(services);
    ecsMock.on(DescribeServicesCommand).callsFake((input: DescribeServicesCommandInput) => {
      if (input.services?.includes('svc-11')) {
        // ECS throttling arrives as an unmodelled error, named by its wire code.
        throw new ECSServiceException({
          name: 'ThrottlingException',
          $fault: 'client',
          message: 'Rate exceeded',
          $metadata: {},
        });
      }
      return succeed(input);
    });
    ecsMock.on(DescribeTaskDefinitionCommand).resolves(taskDefinition(`${TD}/shared:1`));

    // Act
    const live = await observeEcsServices(
      ecs,
      { cluster: 'prod', services },
      new TaskDefinitionCache(),
    );

    // Assess
    const states = Object.entries(live).map(([key, o]) => [key, o.state]);
    expect(states.filter(([, s]) => s === 'present').map(([k]) => k)).toEqual(
      services.slice(0, 10).map((s) => s.key),
    );
    for (const { key } of services.slice(10)) {
      expect(live[key]).toEqual({
        state: 'unchecked',
        reason: 'DescribeServices failed: ThrottlingException: Rate exceeded',
      });
    }
  });

  it('keeps a service present with an unchecked task definition when the revision cannot be read', async () => {
    // Prepare
    mockFixture();
    ecsMock.on(DescribeTaskDefinitionCommand, { taskDefinition: API_TD }).rejects(
      Object.assign(new Error('User is not authorized to perform ecs:DescribeTaskDefinition'), {
        name: 'AccessDeniedException',
      }),
    );

    // Act
    const live = await observeEcsServices(ecs, fixtureQuery(), new TaskDefinitionCache());

    // Assess
    expect(live.api).toMatchObject({
      state: 'present',
      value: {
        serviceName: 'prod-api',
        taskDefinition: {
          state: 'unchecked',
          reason:
            'DescribeTaskDefinition failed: AccessDeniedException: User is not authorized to perform ecs:DescribeTaskDefinition',
        },
      },
    });
    expect(live.worker).toMatchObject({
      value: { taskDefinition: { state: 'present', value: { arn: WORKER_TD } } },
    });
  });

  it('reports the same observation under every key naming one physical service', async () => {
    // Prepare
    mockFixture();

    // Act
    const live = await observeEcsServices(
      ecs,
      {
        cluster: 'prod',
        services: [
          { key: 'api', serviceName: 'prod-api' },
          { key: 'api-alias', serviceName: 'prod-api' },
        ],
      },
      new TaskDefinitionCache(),
    );

    // Assess
    expect(ecsMock).toHaveReceivedCommandWith(DescribeServicesCommand, {
      cluster: 'prod',
      services: ['prod-api'],
      include: ['TAGS'],
    });
    expect(live['api-alias']).toEqual(live.api);
  });
});
