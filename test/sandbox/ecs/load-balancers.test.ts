import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  type ECSClient,
  InvalidParameterException,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { TargetGroupRecord } from '../../../sandbox/elbv2/state.js';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { initialSandboxState, type SandboxState } from '../../../sandbox/state.js';
import {
  ACCOUNT,
  ecsClient,
  fargateTaskDefinition,
  NETWORK,
  REGION,
  temporaryDirectory,
} from '../helpers.js';

const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
const ATTACHED = `${ELB}:targetgroup/api/0123456789abcdef`;
const DETACHED = `${ELB}:targetgroup/spare/fedcba9876543210`;

function targetGroup(arn: string, name: string): TargetGroupRecord {
  return {
    TargetGroupArn: arn,
    TargetGroupName: name,
    TargetType: 'ip',
    Protocol: 'HTTP',
    Port: 8080,
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    Attributes: {},
    Targets: [],
    Tags: [],
  };
}

/** A state with an ALB listener forwarding to one target group, and a second target group nothing uses. */
function stateWithTargetGroups(): SandboxState {
  const state = initialSandboxState();
  state.elbv2.targetGroups[ATTACHED] = targetGroup(ATTACHED, 'api');
  state.elbv2.targetGroups[DETACHED] = targetGroup(DETACHED, 'spare');
  state.elbv2.listeners[`${ELB}:listener/app/web/1/2`] = {
    ListenerArn: `${ELB}:listener/app/web/1/2`,
    LoadBalancerArn: `${ELB}:loadbalancer/app/web/1`,
    Port: 80,
    Protocol: 'HTTP',
    DefaultActions: [{ Type: 'forward', TargetGroupArn: ATTACHED }],
    Tags: [],
  };
  return state;
}

describe('ECS emulation: services behind ELBv2 target groups', () => {
  let sandbox: Sandbox;
  let ecs: ECSClient;
  let dataDir: { path: string; remove: () => Promise<void> };

  async function persistedTargets(arn: string): Promise<string[]> {
    const state = JSON.parse(
      await readFile(join(dataDir.path, 'state.json'), 'utf8'),
    ) as SandboxState;
    return (state.elbv2.targetGroups[arn]?.Targets ?? []).map(
      (target) => `${target.Id}:${target.Port}`,
    );
  }

  function createService(targetGroupArn: string) {
    return ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'api',
        taskDefinition: 'api',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        loadBalancers: [{ targetGroupArn, containerName: 'api', containerPort: 8080 }],
      }),
    );
  }

  beforeEach(async () => {
    dataDir = await temporaryDirectory();
    await writeFile(join(dataDir.path, 'state.json'), JSON.stringify(stateWithTargetGroups()));
    sandbox = await startSandbox({ port: 0, dataDir: dataDir.path });
    ecs = ecsClient(sandbox);
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
  });

  afterEach(async () => {
    ecs.destroy();
    await sandbox.close();
    await dataDir.remove();
  });

  it('registers one ip target per running task in the target group', async () => {
    // Prepare
    await createService(ATTACHED);

    // Act
    const targets = await persistedTargets(ATTACHED);

    // Assess
    expect(targets).toHaveLength(2);
    expect(targets.every((target) => /^10\.0\.\d+\.\d+:8080$/.test(target))).toBe(true);
  });

  it('keeps running targets when scaling out and removes them all when the service is deleted', async () => {
    // Prepare
    await createService(ATTACHED);
    const before = await persistedTargets(ATTACHED);

    // Act
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'api', desiredCount: 3 }));
    const scaled = await persistedTargets(ATTACHED);
    await ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'api', force: true }));
    const deleted = await persistedTargets(ATTACHED);

    // Assess
    expect(scaled).toHaveLength(3);
    expect(scaled).toEqual(expect.arrayContaining(before));
    expect(deleted).toEqual([]);
  });

  it('rejects a target group no load balancer forwards to', async () => {
    // Prepare
    const arn = DETACHED;

    // Act
    const attempt = createService(arn);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(attempt).rejects.toThrow(
      `The target group with targetGroupArn ${DETACHED} does not have an associated load balancer.`,
    );
  });

  it('rejects a target group that does not exist', async () => {
    // Prepare
    const arn = `${ELB}:targetgroup/ghost/0000000000000000`;

    // Act
    const attempt = createService(arn);

    // Assess
    await expect(attempt).rejects.toThrow(
      'Unable to assume role and validate the specified targetGroupArn.',
    );
  });

  it('rejects a container port the task definition does not expose', async () => {
    // Prepare
    const loadBalancers = [{ targetGroupArn: ATTACHED, containerName: 'api', containerPort: 9090 }];

    // Act
    const attempt = ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'api',
        taskDefinition: 'api',
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        loadBalancers,
      }),
    );

    // Assess
    await expect(attempt).rejects.toThrow(
      'The container api did not have a container port 9090 defined.',
    );
  });
});
