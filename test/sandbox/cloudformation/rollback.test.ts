import {
  CreateChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ecsClient } from '../helpers.js';
import {
  cloudFormation,
  createAndExecuteChangeSet,
  type EcsServiceOptions,
  ecsServiceResources,
  eventsSince,
} from './helpers.js';

interface Shape extends EcsServiceOptions {
  /** Adds an alarm on the service, created after it. */
  readonly alarm?: boolean;
}

function serviceTemplate({ alarm = false, ...service }: Shape = {}): string {
  return JSON.stringify({
    Resources: {
      ...ecsServiceResources(service),
      ...(alarm
        ? {
            Alarm: {
              Type: 'AWS::CloudWatch::Alarm',
              DependsOn: 'Service',
              Properties: { AlarmName: 'api-cpu', Threshold: 70 },
            },
          }
        : {}),
    },
  });
}

async function deploy(
  sandbox: Sandbox,
  type: 'CREATE' | 'UPDATE',
  shape: Shape = {},
): Promise<void> {
  await createAndExecuteChangeSet(sandbox, {
    StackName: 'app',
    ChangeSetName: type === 'CREATE' ? 'initial' : 'next',
    ChangeSetType: type,
    TemplateBody: serviceTemplate(shape),
  });
}

function summary(events: readonly StackEvent[]): Array<[string | undefined, string | undefined]> {
  return events.map((event) => [event.LogicalResourceId, event.ResourceStatus]);
}

describe('CloudFormation update rollback', () => {
  let sandbox: Sandbox;
  let before: StackEvent[];

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    await deploy(sandbox, 'CREATE');
    before = await eventsSince(sandbox);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('rolls back to UPDATE_ROLLBACK_COMPLETE when an injected fault fails a resource update', async () => {
    // Prepare
    sandbox.setFaults({ errorRate: 1, resources: ['AWS::ECS::Service'], operations: ['Update'] });

    // Act
    await deploy(sandbox, 'UPDATE', { cpu: '512', memory: '1024', desiredCount: 3 });
    const { Stacks } = await cloudFormation(sandbox).send(
      new DescribeStacksCommand({ StackName: 'app' }),
    );
    const events = await eventsSince(sandbox, before);

    // Assess
    expect(Stacks?.[0]?.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(events.find((e) => e.ResourceStatus === 'UPDATE_FAILED')).toMatchObject({
      LogicalResourceId: 'Service',
      ResourceStatusReason: 'Resource handler returned message: "Internal Failure"',
    });
    expect(events.find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')).toMatchObject({
      LogicalResourceId: 'app',
      ResourceStatusReason: 'The following resource(s) failed to update: [Service].',
    });
    expect(summary(events)).toEqual([
      ['app', 'UPDATE_IN_PROGRESS'],
      ['TaskDef', 'UPDATE_IN_PROGRESS'],
      ['TaskDef', 'UPDATE_IN_PROGRESS'],
      ['TaskDef', 'UPDATE_COMPLETE'],
      ['Service', 'UPDATE_IN_PROGRESS'],
      ['Service', 'UPDATE_FAILED'],
      ['app', 'UPDATE_ROLLBACK_IN_PROGRESS'],
      ['Service', 'UPDATE_IN_PROGRESS'],
      ['Service', 'UPDATE_COMPLETE'],
      ['TaskDef', 'UPDATE_IN_PROGRESS'],
      ['TaskDef', 'UPDATE_COMPLETE'],
      ['app', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'],
      ['TaskDef', 'DELETE_IN_PROGRESS'],
      ['TaskDef', 'DELETE_COMPLETE'],
      ['app', 'UPDATE_ROLLBACK_COMPLETE'],
    ]);
  });

  it('keeps the previous task definition and deletes the replacement it made', async () => {
    // Prepare
    sandbox.setFaults({ errorRate: 1, resources: ['Service'] });
    const ecs = ecsClient(sandbox);

    // Act
    await deploy(sandbox, 'UPDATE', { cpu: '512', memory: '1024', desiredCount: 3 });
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const replacement = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'api:2' }),
    );
    const { StackResourceSummaries } = await cloudFormation(sandbox).send(
      new ListStackResourcesCommand({ StackName: 'app' }),
    );

    // Assess
    expect(services?.[0]).toMatchObject({
      desiredCount: 1,
      taskDefinition: 'arn:aws:ecs:eu-west-1:000000000000:task-definition/api:1',
    });
    expect(replacement.taskDefinition?.status).toBe('INACTIVE');
    expect(
      StackResourceSummaries?.map((r) => [
        r.LogicalResourceId,
        r.PhysicalResourceId,
        r.ResourceStatus,
      ]),
    ).toEqual([
      ['Cluster', 'staging', 'CREATE_COMPLETE'],
      ['TaskDef', 'arn:aws:ecs:eu-west-1:000000000000:task-definition/api:1', 'UPDATE_COMPLETE'],
      ['Service', 'arn:aws:ecs:eu-west-1:000000000000:service/staging/api', 'UPDATE_COMPLETE'],
    ]);
  });

  it('restores a resource it updated to its previous properties when a later one fails', async () => {
    // Prepare
    sandbox.setFaults({ errorRate: 1, resources: ['Alarm'], errorMessage: 'Alarm quota exceeded' });

    // Act
    await deploy(sandbox, 'UPDATE', { desiredCount: 3, alarm: true });
    const { services } = await ecsClient(sandbox).send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const events = await eventsSince(sandbox, before);
    const { StackResourceSummaries } = await cloudFormation(sandbox).send(
      new ListStackResourcesCommand({ StackName: 'app' }),
    );

    // Assess
    expect(services?.[0]?.desiredCount).toBe(1);
    expect(events.find((e) => e.ResourceStatus === 'CREATE_FAILED')).toMatchObject({
      LogicalResourceId: 'Alarm',
      ResourceStatusReason: 'Alarm quota exceeded',
    });
    expect(
      events.find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS')?.ResourceStatusReason,
    ).toBe('The following resource(s) failed to create: [Alarm].');
    expect(summary(events)).toEqual([
      ['app', 'UPDATE_IN_PROGRESS'],
      ['Service', 'UPDATE_IN_PROGRESS'],
      ['Service', 'UPDATE_COMPLETE'],
      ['Alarm', 'CREATE_IN_PROGRESS'],
      ['Alarm', 'CREATE_FAILED'],
      ['app', 'UPDATE_ROLLBACK_IN_PROGRESS'],
      ['Service', 'UPDATE_IN_PROGRESS'],
      ['Service', 'UPDATE_COMPLETE'],
      ['app', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'],
      ['Alarm', 'DELETE_COMPLETE'],
      ['app', 'UPDATE_ROLLBACK_COMPLETE'],
    ]);
    expect(StackResourceSummaries?.map((r) => r.LogicalResourceId)).toEqual([
      'Cluster',
      'TaskDef',
      'Service',
    ]);
  });

  it('leaves API requests alone when a fault rule names resources', async () => {
    // Prepare
    sandbox.setFaults({ errorRate: 1, resources: ['AWS::ECS::Service'] });

    // Act
    const { services } = await ecsClient(sandbox).send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const { Stacks } = await cloudFormation(sandbox).send(
      new DescribeStacksCommand({ StackName: 'app' }),
    );

    // Assess
    expect(services).toHaveLength(1);
    expect(Stacks).toHaveLength(1);
  });
});

describe('CloudFormation create rollback', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('rolls back to ROLLBACK_COMPLETE, deleting what it created, when a resource fails to create', async () => {
    // Prepare
    sandbox.setFaults({ errorRate: 1, resources: ['AWS::ECS::Service'] });

    // Act
    await deploy(sandbox, 'CREATE');
    const { Stacks } = await cloudFormation(sandbox).send(
      new DescribeStacksCommand({ StackName: 'app' }),
    );
    const events = await eventsSince(sandbox);
    const { clusters } = await ecsClient(sandbox).send(
      new DescribeClustersCommand({ clusters: ['staging'] }),
    );

    // Assess
    expect(Stacks?.[0]).toMatchObject({ StackStatus: 'ROLLBACK_COMPLETE', Outputs: [] });
    expect(
      events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason,
    ).toBe('The following resource(s) failed to create: [Service]. Rollback requested by user.');
    expect(summary(events).slice(-8)).toEqual([
      ['Service', 'CREATE_FAILED'],
      ['app', 'ROLLBACK_IN_PROGRESS'],
      ['Service', 'DELETE_COMPLETE'],
      ['TaskDef', 'DELETE_IN_PROGRESS'],
      ['TaskDef', 'DELETE_COMPLETE'],
      ['Cluster', 'DELETE_IN_PROGRESS'],
      ['Cluster', 'DELETE_COMPLETE'],
      ['app', 'ROLLBACK_COMPLETE'],
    ]);
    expect(clusters?.[0]?.status ?? 'MISSING').not.toBe('ACTIVE');
  });

  it('carries the handler message as the status reason of a resource the service refuses', async () => {
    // Act
    await deploy(sandbox, 'CREATE', { cpu: '512', memory: '512' });
    const events = await eventsSince(sandbox);
    const { Stacks } = await cloudFormation(sandbox).send(
      new DescribeStacksCommand({ StackName: 'app' }),
    );

    // Assess
    expect(Stacks?.[0]?.StackStatus).toBe('ROLLBACK_COMPLETE');
    expect(events.find((e) => e.ResourceStatus === 'CREATE_FAILED')).toMatchObject({
      LogicalResourceId: 'TaskDef',
      ResourceStatusReason: expect.stringContaining(
        'No Fargate configuration exists for given values',
      ),
    });
  });

  it('refuses an update of a stack in ROLLBACK_COMPLETE', async () => {
    // Prepare
    sandbox.setFaults({ errorRate: 1, resources: ['Cluster'] });
    await deploy(sandbox, 'CREATE');
    const { Stacks } = await cloudFormation(sandbox).send(
      new DescribeStacksCommand({ StackName: 'app' }),
    );

    // Act
    const error = await cloudFormation(sandbox)
      .send(
        new CreateChangeSetCommand({
          StackName: 'app',
          ChangeSetName: 'retry',
          TemplateBody: serviceTemplate(),
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: `Stack:${Stacks?.[0]?.StackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
    });
  });
});

describe('resource fault rules', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('are accepted by the admin endpoint', async () => {
    // Act
    const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({
        errorRate: 1,
        resources: ['AWS::RDS::DBInstance'],
        operations: ['Delete'],
      }),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { errorRate: 1, resources: ['AWS::RDS::DBInstance'], operations: ['Delete'] },
    ]);
  });

  it('make a resource operation last their latency', async () => {
    // Prepare
    sandbox.setFaults({ latencyMs: 1_000, resources: ['Cluster'] });
    const client = cloudFormation(sandbox);
    const { Id } = await client.send(
      new CreateChangeSetCommand({
        StackName: 'app',
        ChangeSetName: 'initial',
        ChangeSetType: 'CREATE',
        TemplateBody: serviceTemplate(),
      }),
    );

    // Act
    await client.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await client.send(new ListStackResourcesCommand({ StackName: 'app' }));
    await sandbox.idle();
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'app' }));

    // Assess
    expect(
      during.StackResourceSummaries?.map((r) => [r.LogicalResourceId, r.ResourceStatus]),
    ).toEqual([['Cluster', 'CREATE_IN_PROGRESS']]);
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
  });

  it('are refused by the admin endpoint when resources is not a list of strings', async () => {
    // Act
    const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ errorRate: 1, resources: 'AWS::RDS::DBInstance' }),
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'spec.resources: must be a list of strings' });
  });
});
