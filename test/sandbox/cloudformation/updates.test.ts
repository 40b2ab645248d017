import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  type Parameter,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ecsClient } from '../helpers.js';
import {
  cloudFormation,
  createAndExecuteChangeSet,
  ecsServiceResources,
  eventsSince,
} from './helpers.js';

interface Shape {
  readonly cpu?: string;
  readonly memory?: string;
  readonly desiredCount?: number;
}

/** A cluster, a task definition and a service; the desired count comes from the `Count` parameter. */
function serviceTemplate(shape: Shape = {}): string {
  return JSON.stringify({
    Parameters: { Count: { Type: 'Number', Default: '1' } },
    Resources: ecsServiceResources({ ...shape, desiredCount: { Ref: 'Count' } }),
  });
}

function count(value: number): Parameter[] {
  return [{ ParameterKey: 'Count', ParameterValue: String(value) }];
}

async function deploy(
  sandbox: Sandbox,
  type: 'CREATE' | 'UPDATE',
  shape: Shape = {},
  name = type === 'CREATE' ? 'initial' : 'next',
): Promise<string> {
  const { Id } = await createAndExecuteChangeSet(sandbox, {
    StackName: 'app',
    ChangeSetName: name,
    ChangeSetType: type,
    TemplateBody: serviceTemplate(shape),
    Parameters: count(shape.desiredCount ?? 1),
  });
  return Id ?? '';
}

async function proposeUpdate(sandbox: Sandbox, shape: Shape) {
  const client = cloudFormation(sandbox);
  const { Id } = await client.send(
    new CreateChangeSetCommand({
      StackName: 'app',
      ChangeSetName: 'next',
      TemplateBody: serviceTemplate(shape),
      Parameters: count(shape.desiredCount ?? 1),
    }),
  );
  return client.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
}

describe('CloudFormation update change sets', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    await deploy(sandbox, 'CREATE');
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('modifies in place, without replacement, for a parameter the type updates', async () => {
    // Act
    const changeSet = await proposeUpdate(sandbox, { desiredCount: 3 });

    // Assess
    expect(changeSet.Changes?.map((change) => change.ResourceChange)).toEqual([
      expect.objectContaining({
        Action: 'Modify',
        LogicalResourceId: 'Service',
        PhysicalResourceId: 'arn:aws:ecs:eu-west-1:000000000000:service/staging/api',
        Replacement: 'False',
        Scope: ['Properties'],
        Details: [
          {
            Target: { Attribute: 'Properties', Name: 'DesiredCount', RequiresRecreation: 'Never' },
            Evaluation: 'Static',
            ChangeSource: 'ParameterReference',
            CausingEntity: 'Count',
          },
        ],
      }),
    ]);
  });

  it('replaces the task definition whose Cpu changes and modifies the service dynamically', async () => {
    // Act
    const changeSet = await proposeUpdate(sandbox, { cpu: '512', memory: '1024' });

    // Assess
    const changes = changeSet.Changes?.map((change) => change.ResourceChange);
    expect(changes?.find((change) => change?.LogicalResourceId === 'TaskDef')).toMatchObject({
      Action: 'Modify',
      Replacement: 'True',
      PolicyAction: 'ReplaceAndDelete',
      Details: [
        {
          Target: { Attribute: 'Properties', Name: 'Cpu', RequiresRecreation: 'Always' },
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
        {
          Target: { Attribute: 'Properties', Name: 'Memory', RequiresRecreation: 'Always' },
          Evaluation: 'Static',
          ChangeSource: 'DirectModification',
        },
      ],
    });
    expect(changes?.find((change) => change?.LogicalResourceId === 'Service')).toMatchObject({
      Action: 'Modify',
      Replacement: 'False',
      Details: [
        {
          Target: { Attribute: 'Properties', Name: 'TaskDefinition', RequiresRecreation: 'Never' },
          Evaluation: 'Dynamic',
          ChangeSource: 'ResourceReference',
          CausingEntity: 'TaskDef',
        },
      ],
    });
  });

  it('shows property values only when asked to', async () => {
    // Prepare
    const client = cloudFormation(sandbox);
    const proposed = await proposeUpdate(sandbox, { desiredCount: 3 });

    // Act
    const plain = proposed.Changes?.[0]?.ResourceChange?.Details?.[0]?.Target;
    const withValues = await client.send(
      new DescribeChangeSetCommand({
        ChangeSetName: proposed.ChangeSetId,
        IncludePropertyValues: true,
      }),
    );

    // Assess
    expect(plain?.BeforeValue).toBeUndefined();
    expect(withValues.Changes?.[0]?.ResourceChange?.Details?.[0]?.Target).toMatchObject({
      Path: '/Properties/DesiredCount',
      BeforeValue: '1',
      AfterValue: '3',
      AttributeChangeType: 'Modify',
    });
  });

  it('fails a change set that changes nothing, with AWS reason', async () => {
    // Act
    const changeSet = await proposeUpdate(sandbox, {});

    // Assess
    expect(changeSet).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
      Changes: [],
    });
  });

  it('refuses to execute a failed change set', async () => {
    // Prepare
    const changeSet = await proposeUpdate(sandbox, {});

    // Act
    const error = await cloudFormation(sandbox)
      .send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.ChangeSetId }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'InvalidChangeSetStatusException',
      message: `ChangeSet [${changeSet.ChangeSetId}] cannot be executed in its current status of [FAILED]`,
    });
  });

  it('updates the service in place: UPDATE_IN_PROGRESS is observable, then UPDATE_COMPLETE', async () => {
    // Prepare
    const client = cloudFormation(sandbox);
    const { ChangeSetId } = await proposeUpdate(sandbox, { desiredCount: 3 });

    // Act
    await client.send(new ExecuteChangeSetCommand({ ChangeSetName: ChangeSetId }));
    const during = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
    await sandbox.idle();
    const after = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
    const { services } = await ecsClient(sandbox).send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );

    // Assess
    expect(during.Stacks?.[0]?.StackStatus).toBe('UPDATE_IN_PROGRESS');
    expect(after.Stacks?.[0]).toMatchObject({
      StackStatus: 'UPDATE_COMPLETE',
      Parameters: [{ ParameterKey: 'Count', ParameterValue: '3' }],
    });
    expect(after.Stacks?.[0]?.LastUpdatedTime).toBeInstanceOf(Date);
    expect(services?.[0]?.desiredCount).toBe(3);
  });

  it('replaces the task definition, points the service at the new one and deregisters the old one in cleanup', async () => {
    // Prepare
    const client = cloudFormation(sandbox);
    const ecs = ecsClient(sandbox);

    // Act
    await deploy(sandbox, 'UPDATE', { cpu: '512', memory: '1024' });
    const { services } = await ecs.send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const old = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api:1' }));
    const { StackResourceSummaries } = await client.send(
      new ListStackResourcesCommand({ StackName: 'app' }),
    );

    // Assess
    expect(services?.[0]?.taskDefinition).toBe(
      'arn:aws:ecs:eu-west-1:000000000000:task-definition/api:2',
    );
    expect(old.taskDefinition?.status).toBe('INACTIVE');
    expect(
      StackResourceSummaries?.find((r) => r.LogicalResourceId === 'TaskDef')?.PhysicalResourceId,
    ).toBe('arn:aws:ecs:eu-west-1:000000000000:task-definition/api:2');
  });

  it('records a replacement, the dependent update and the cleanup as AWS does', async () => {
    // Prepare
    const before = await eventsSince(sandbox);

    // Act
    await deploy(sandbox, 'UPDATE', { cpu: '512', memory: '1024' });
    const update = await eventsSince(sandbox, before);

    // Assess
    expect(
      update.map((e) => [e.LogicalResourceId, e.ResourceStatus, e.ResourceStatusReason]),
    ).toEqual([
      ['app', 'UPDATE_IN_PROGRESS', 'User Initiated'],
      [
        'TaskDef',
        'UPDATE_IN_PROGRESS',
        'Requested update requires the creation of a new physical resource; hence creating one.',
      ],
      ['TaskDef', 'UPDATE_IN_PROGRESS', 'Resource creation Initiated'],
      ['TaskDef', 'UPDATE_COMPLETE', undefined],
      ['Service', 'UPDATE_IN_PROGRESS', undefined],
      ['Service', 'UPDATE_COMPLETE', undefined],
      ['app', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', undefined],
      ['TaskDef', 'DELETE_IN_PROGRESS', undefined],
      ['TaskDef', 'DELETE_COMPLETE', undefined],
      ['app', 'UPDATE_COMPLETE', undefined],
    ]);
    expect(update[8]?.PhysicalResourceId).toBe(
      'arn:aws:ecs:eu-west-1:000000000000:task-definition/api:1',
    );
  });

  it('deletes the other change sets of the stack when one is executed', async () => {
    // Prepare
    const client = cloudFormation(sandbox);
    const other = await client.send(
      new CreateChangeSetCommand({
        StackName: 'app',
        ChangeSetName: 'other',
        TemplateBody: serviceTemplate(),
        Parameters: count(5),
      }),
    );

    // Act
    const executed = await deploy(sandbox, 'UPDATE', { desiredCount: 3 });
    const { Summaries } = await client.send(new ListChangeSetsCommand({ StackName: 'app' }));

    // Assess
    expect(Summaries?.map((summary) => summary.ChangeSetId)).toEqual([executed]);
    expect(Summaries?.map((summary) => summary.ChangeSetId)).not.toContain(other.Id);
  });
});

describe('CloudFormation CreateStack and UpdateStack', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('creates a stack without a change set', async () => {
    // Prepare
    const client = cloudFormation(sandbox);

    // Act
    const { StackId } = await client.send(
      new CreateStackCommand({
        StackName: 'app',
        TemplateBody: serviceTemplate(),
        Parameters: count(2),
      }),
    );
    const during = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
    await sandbox.idle();
    const { services } = await ecsClient(sandbox).send(
      new DescribeServicesCommand({ cluster: 'staging', services: ['api'] }),
    );
    const { StackEvents } = await client.send(new DescribeStackEventsCommand({ StackName: 'app' }));

    // Assess
    expect(StackId).toMatch(/:stack\/app\//);
    expect(during.Stacks?.[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');
    expect(services?.[0]?.desiredCount).toBe(2);
    expect(StackEvents?.at(-1)).toMatchObject({
      ResourceStatus: 'CREATE_IN_PROGRESS',
      ResourceStatusReason: 'User Initiated',
    });
    expect(StackEvents?.[0]?.ResourceStatus).toBe('CREATE_COMPLETE');
  });

  it('refuses an UpdateStack that changes nothing', async () => {
    // Prepare
    await deploy(sandbox, 'CREATE');

    // Act
    const error = await cloudFormation(sandbox)
      .send(
        new UpdateStackCommand({
          StackName: 'app',
          TemplateBody: serviceTemplate(),
          Parameters: count(1),
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'No updates are to be performed.',
    });
  });

  it('updates a stack directly and leaves its pending change sets obsolete', async () => {
    // Prepare
    await deploy(sandbox, 'CREATE');
    const client = cloudFormation(sandbox);
    const pending = await proposeUpdate(sandbox, { desiredCount: 5 });

    // Act
    await client.send(
      new UpdateStackCommand({ StackName: 'app', UsePreviousTemplate: true, Parameters: count(3) }),
    );
    await sandbox.idle();
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
    const obsolete = await client.send(
      new DescribeChangeSetCommand({ ChangeSetName: pending.ChangeSetId }),
    );

    // Assess
    expect(Stacks?.[0]).toMatchObject({
      StackStatus: 'UPDATE_COMPLETE',
      Parameters: [{ ParameterKey: 'Count', ParameterValue: '3' }],
    });
    expect(obsolete.ExecutionStatus).toBe('OBSOLETE');
  });
});
