import {
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListExportsCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ecsClient, temporaryDirectory } from '../helpers.js';
import { cloudFormation, createAndExecuteChangeSet, ecsServiceResources } from './helpers.js';

/** An ECS cluster, a Fargate task definition and a service running it, with the service ARN exported. */
function serviceTemplate(): string {
  return JSON.stringify({
    Description: 'The api service',
    Resources: ecsServiceResources({ desiredCount: 2 }),
    Outputs: {
      ServiceArn: { Value: { Ref: 'Service' }, Export: { Name: 'staging-api-service' } },
    },
  });
}

async function createStack(sandbox: Sandbox, stackName = 'app'): Promise<string> {
  const { Id } = await createAndExecuteChangeSet(sandbox, {
    StackName: stackName,
    ChangeSetName: 'initial',
    ChangeSetType: 'CREATE',
    TemplateBody: serviceTemplate(),
  });
  return Id ?? '';
}

describe('CloudFormation stack creation', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('creates the stack in REVIEW_IN_PROGRESS with a change set that adds every resource', async () => {
    // Prepare
    const client = cloudFormation(sandbox);

    // Act
    const created = await client.send(
      new CreateChangeSetCommand({
        StackName: 'app',
        ChangeSetName: 'initial',
        ChangeSetType: 'CREATE',
        TemplateBody: serviceTemplate(),
      }),
    );
    const changeSet = await client.send(
      new DescribeChangeSetCommand({ ChangeSetName: created.Id }),
    );
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'app' }));

    // Assess
    expect(created.StackId).toMatch(/^arn:aws:cloudformation:eu-west-1:000000000000:stack\/app\//);
    expect(changeSet).toMatchObject({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      StackId: created.StackId,
    });
    expect(changeSet.Changes?.map((change) => change.ResourceChange)).toEqual([
      expect.objectContaining({
        Action: 'Add',
        LogicalResourceId: 'Cluster',
        ResourceType: 'AWS::ECS::Cluster',
      }),
      expect.objectContaining({
        Action: 'Add',
        LogicalResourceId: 'TaskDef',
        ResourceType: 'AWS::ECS::TaskDefinition',
      }),
      expect.objectContaining({
        Action: 'Add',
        LogicalResourceId: 'Service',
        ResourceType: 'AWS::ECS::Service',
      }),
    ]);
    expect(Stacks?.[0]?.StackStatus).toBe('REVIEW_IN_PROGRESS');
  });

  it('answers ExecuteChangeSet at once and creates the resources afterwards', async () => {
    // Prepare
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
    const during = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
    await sandbox.idle();
    const after = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
    const executed = await client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));

    // Assess
    expect(during.Stacks?.[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');
    expect(after.Stacks?.[0]).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      Description: 'The api service',
      ChangeSetId: Id,
      EnableTerminationProtection: false,
      Outputs: [
        {
          OutputKey: 'ServiceArn',
          OutputValue: 'arn:aws:ecs:eu-west-1:000000000000:service/staging/api',
          ExportName: 'staging-api-service',
        },
      ],
    });
    expect(after.Stacks?.[0]?.CreationTime).toBeInstanceOf(Date);
    expect(executed).toMatchObject({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'EXECUTE_COMPLETE',
    });
  });

  it('provisions the resources into ECS, where DescribeServices finds them', async () => {
    // Prepare
    await createStack(sandbox);
    const ecs = ecsClient(sandbox);

    // Act
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const { taskDefinition } = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: services?.[0]?.taskDefinition }),
    );

    // Assess
    expect(services?.[0]).toMatchObject({ serviceName: 'api', status: 'ACTIVE', desiredCount: 2 });
    expect(taskDefinition).toMatchObject({ family: 'api', cpu: '256', memory: '512' });
  });

  it('lists the resources with their physical ids', async () => {
    // Prepare
    await createStack(sandbox);

    // Act
    const { StackResourceSummaries } = await cloudFormation(sandbox).send(
      new ListStackResourcesCommand({ StackName: 'app' }),
    );

    // Assess
    expect(
      StackResourceSummaries?.map((r) => [
        r.LogicalResourceId,
        r.PhysicalResourceId,
        r.ResourceStatus,
      ]),
    ).toEqual([
      ['Cluster', 'staging', 'CREATE_COMPLETE'],
      ['TaskDef', 'arn:aws:ecs:eu-west-1:000000000000:task-definition/api:1', 'CREATE_COMPLETE'],
      ['Service', 'arn:aws:ecs:eu-west-1:000000000000:service/staging/api', 'CREATE_COMPLETE'],
    ]);
  });

  it('describes the resources of a stack, also when found by a physical id', async () => {
    // Prepare
    await createStack(sandbox);
    const client = cloudFormation(sandbox);

    // Act
    const { StackResources } = await client.send(
      new DescribeStackResourcesCommand({ PhysicalResourceId: 'staging' }),
    );
    const { StackResourceDetail } = await client.send(
      new DescribeStackResourceCommand({ StackName: 'app', LogicalResourceId: 'Service' }),
    );

    // Assess
    expect(StackResources?.map((r) => [r.StackName, r.LogicalResourceId])).toEqual([
      ['app', 'Cluster'],
    ]);
    expect(StackResourceDetail).toMatchObject({
      StackName: 'app',
      LogicalResourceId: 'Service',
      PhysicalResourceId: 'arn:aws:ecs:eu-west-1:000000000000:service/staging/api',
      ResourceType: 'AWS::ECS::Service',
      ResourceStatus: 'CREATE_COMPLETE',
    });
    expect(StackResourceDetail?.LastUpdatedTimestamp).toBeInstanceOf(Date);
  });

  it('reports the stack events newest first, in dependency order', async () => {
    // Prepare
    await createStack(sandbox);

    // Act
    const { StackEvents } = await cloudFormation(sandbox).send(
      new DescribeStackEventsCommand({ StackName: 'app' }),
    );

    // Assess
    const oldestFirst = [...(StackEvents ?? [])].reverse();
    expect(
      oldestFirst.map((event) => [
        event.LogicalResourceId,
        event.ResourceStatus,
        event.ResourceStatusReason,
      ]),
    ).toEqual([
      ['app', 'REVIEW_IN_PROGRESS', 'User Initiated'],
      ['app', 'CREATE_IN_PROGRESS', 'User Initiated'],
      ['Cluster', 'CREATE_IN_PROGRESS', undefined],
      ['Cluster', 'CREATE_IN_PROGRESS', 'Resource creation Initiated'],
      ['Cluster', 'CREATE_COMPLETE', undefined],
      ['TaskDef', 'CREATE_IN_PROGRESS', undefined],
      ['TaskDef', 'CREATE_IN_PROGRESS', 'Resource creation Initiated'],
      ['TaskDef', 'CREATE_COMPLETE', undefined],
      ['Service', 'CREATE_IN_PROGRESS', undefined],
      ['Service', 'CREATE_IN_PROGRESS', 'Resource creation Initiated'],
      ['Service', 'CREATE_COMPLETE', undefined],
      ['app', 'CREATE_COMPLETE', undefined],
    ]);
    expect(new Set(StackEvents?.map((event) => event.EventId)).size).toBe(StackEvents?.length);
    expect(StackEvents?.[0]?.ResourceType).toBe('AWS::CloudFormation::Stack');
  });

  it('makes the exported outputs listable', async () => {
    // Prepare
    await createStack(sandbox);

    // Act
    const { Exports } = await cloudFormation(sandbox).send(new ListExportsCommand({}));

    // Assess
    expect(Exports).toEqual([
      {
        ExportingStackId: expect.stringContaining(':stack/app/'),
        Name: 'staging-api-service',
        Value: 'arn:aws:ecs:eu-west-1:000000000000:service/staging/api',
      },
    ]);
  });

  it('returns the template as submitted', async () => {
    // Prepare
    await createStack(sandbox);

    // Act
    const { TemplateBody } = await cloudFormation(sandbox).send(
      new GetTemplateCommand({ StackName: 'app' }),
    );

    // Assess
    expect(TemplateBody).toBe(serviceTemplate());
  });

  it('answers DescribeStacks of an unknown stack with ValidationError', async () => {
    // Prepare
    const client = cloudFormation(sandbox);

    // Act
    const error = await client
      .send(new DescribeStacksCommand({ StackName: 'nope' }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CloudFormationServiceException);
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id nope does not exist',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a CREATE change set for a stack that already exists', async () => {
    // Prepare
    await createStack(sandbox);

    // Act
    const error = await cloudFormation(sandbox)
      .send(
        new CreateChangeSetCommand({
          StackName: 'app',
          ChangeSetName: 'again',
          ChangeSetType: 'CREATE',
          TemplateBody: serviceTemplate(),
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'Stack [app] already exists and cannot be created again with the changeSet [again].',
    });
  });
});

describe('CloudFormation persistence', () => {
  it('keeps stacks, resources and events across a restart with a data directory', async () => {
    // Prepare
    const dir = await temporaryDirectory();
    try {
      const first = await startSandbox({ port: 0, dataDir: dir.path });
      await createStack(first);
      await first.close();

      // Act
      const second = await startSandbox({ port: 0, dataDir: dir.path });
      const client = cloudFormation(second);
      const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
      const { StackResourceSummaries } = await client.send(
        new ListStackResourcesCommand({ StackName: 'app' }),
      );
      await second.close();

      // Assess
      expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
      expect(StackResourceSummaries).toHaveLength(3);
    } finally {
      await dir.remove();
    }
  });

  it('resumes a stack operation a restart interrupted', async () => {
    // Prepare
    const dir = await temporaryDirectory();
    try {
      const first = await startSandbox({ port: 0, dataDir: dir.path, stepDelayMs: 60_000 });
      const client = cloudFormation(first);
      const { Id } = await client.send(
        new CreateChangeSetCommand({
          StackName: 'app',
          ChangeSetName: 'initial',
          ChangeSetType: 'CREATE',
          TemplateBody: serviceTemplate(),
        }),
      );
      await client.send(new ExecuteChangeSetCommand({ ChangeSetName: Id }));
      await first.close();

      // Act
      const second = await startSandbox({ port: 0, dataDir: dir.path, stepDelayMs: 1 });
      await second.idle();
      const { Stacks } = await cloudFormation(second).send(
        new DescribeStacksCommand({ StackName: 'app' }),
      );
      await second.close();

      // Assess
      expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    } finally {
      await dir.remove();
    }
  });
});
