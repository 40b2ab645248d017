import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListChangeSetsCommand,
  ListStacksCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ecsClient } from '../helpers.js';
import { cloudFormation, createAndExecuteChangeSet } from './helpers.js';

/** Two ECS clusters; `Kept` has DeletionPolicy Retain. The kept cluster's name is exported. */
function clustersTemplate(): string {
  return JSON.stringify({
    Resources: {
      Gone: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'gone' } },
      Kept: {
        Type: 'AWS::ECS::Cluster',
        DeletionPolicy: 'Retain',
        Properties: { ClusterName: 'kept' },
      },
    },
    Outputs: { Cluster: { Value: { Ref: 'Kept' }, Export: { Name: 'kept-cluster' } } },
  });
}

/** A stack that imports the export of {@link clustersTemplate}. */
function importingTemplate(): string {
  return JSON.stringify({
    Resources: {
      Topic: {
        Type: 'AWS::SNS::Topic',
        Properties: { DisplayName: { 'Fn::ImportValue': 'kept-cluster' } },
      },
    },
  });
}

async function createStack(sandbox: Sandbox, stackName: string, template: string): Promise<string> {
  const { StackId } = await createAndExecuteChangeSet(sandbox, {
    StackName: stackName,
    ChangeSetName: 'initial',
    ChangeSetType: 'CREATE',
    TemplateBody: template,
  });
  return StackId ?? '';
}

async function clusterStatus(sandbox: Sandbox, name: string): Promise<string | undefined> {
  const { clusters } = await ecsClient(sandbox).send(
    new DescribeClustersCommand({ clusters: [name] }),
  );
  return clusters?.[0]?.status;
}

describe('CloudFormation stack deletion', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('deletes the resources and keeps those with DeletionPolicy Retain', async () => {
    // Prepare
    const stackId = await createStack(sandbox, 'app', clustersTemplate());
    const client = cloudFormation(sandbox);

    // Act
    await client.send(new DeleteStackCommand({ StackName: 'app' }));
    const during = await client.send(new DescribeStacksCommand({ StackName: 'app' }));
    await sandbox.idle();
    const { StackEvents } = await client.send(
      new DescribeStackEventsCommand({ StackName: stackId }),
    );

    // Assess
    expect(during.Stacks?.[0]?.StackStatus).toBe('DELETE_IN_PROGRESS');
    expect(await clusterStatus(sandbox, 'gone')).toBe('INACTIVE');
    expect(await clusterStatus(sandbox, 'kept')).toBe('ACTIVE');
    expect(
      StackEvents?.slice(0, 5)
        .reverse()
        .map((e) => [e.LogicalResourceId, e.ResourceStatus]),
    ).toEqual([
      ['app', 'DELETE_IN_PROGRESS'],
      ['Kept', 'DELETE_SKIPPED'],
      ['Gone', 'DELETE_IN_PROGRESS'],
      ['Gone', 'DELETE_COMPLETE'],
      ['app', 'DELETE_COMPLETE'],
    ]);
  });

  it('finds a deleted stack by id only', async () => {
    // Prepare
    const stackId = await createStack(sandbox, 'app', clustersTemplate());
    const client = cloudFormation(sandbox);
    await client.send(new DeleteStackCommand({ StackName: 'app' }));
    await sandbox.idle();

    // Act
    const byId = await client.send(new DescribeStacksCommand({ StackName: stackId }));
    const byName = await client
      .send(new DescribeStacksCommand({ StackName: 'app' }))
      .catch((e: unknown) => e);
    const all = await client.send(new DescribeStacksCommand({}));

    // Assess
    expect(byId.Stacks?.[0]).toMatchObject({ StackStatus: 'DELETE_COMPLETE', Outputs: [] });
    expect(byId.Stacks?.[0]?.DeletionTime).toBeInstanceOf(Date);
    expect(byName).toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id app does not exist',
    });
    expect(all.Stacks).toEqual([]);
  });

  it('lists deleted stacks among the others', async () => {
    // Prepare
    await createStack(sandbox, 'old', clustersTemplate());
    const client = cloudFormation(sandbox);
    await client.send(new DeleteStackCommand({ StackName: 'old' }));
    await sandbox.idle();
    await createStack(
      sandbox,
      'new',
      JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic' } } }),
    );

    // Act
    const all = await client.send(new ListStacksCommand({}));
    const deleted = await client.send(
      new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }),
    );

    // Assess
    expect(all.StackSummaries?.map((s) => [s.StackName, s.StackStatus])).toEqual([
      ['old', 'DELETE_COMPLETE'],
      ['new', 'CREATE_COMPLETE'],
    ]);
    expect(deleted.StackSummaries?.map((s) => s.StackName)).toEqual(['old']);
  });

  it('refuses to delete a stack with termination protection', async () => {
    // Prepare
    await createStack(sandbox, 'app', clustersTemplate());
    const client = cloudFormation(sandbox);
    await client.send(
      new UpdateTerminationProtectionCommand({
        StackName: 'app',
        EnableTerminationProtection: true,
      }),
    );

    // Act
    const error = await client
      .send(new DeleteStackCommand({ StackName: 'app' }))
      .catch((e: unknown) => e);
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'app' }));

    // Assess
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: 'Stack [app] cannot be deleted while TerminationProtection is enabled',
    });
    expect(Stacks?.[0]).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      EnableTerminationProtection: true,
    });
  });

  it('answers DeleteStack of an unknown stack without error', async () => {
    // Act
    const output = await cloudFormation(sandbox).send(
      new DeleteStackCommand({ StackName: 'nope' }),
    );

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
  });

  it('fails the deletion of a stack whose export another stack imports', async () => {
    // Prepare
    await createStack(sandbox, 'base', clustersTemplate());
    await createStack(sandbox, 'consumer', importingTemplate());
    const client = cloudFormation(sandbox);

    // Act
    await client.send(new DeleteStackCommand({ StackName: 'base' }));
    await sandbox.idle();
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'base' }));

    // Assess
    expect(Stacks?.[0]).toMatchObject({
      StackStatus: 'DELETE_FAILED',
      StackStatusReason: 'Export kept-cluster cannot be deleted as it is in use by consumer',
    });
    expect(await clusterStatus(sandbox, 'gone')).toBe('ACTIVE');
  });

  it('ends in DELETE_FAILED when a resource fails to delete, and retains it on request', async () => {
    // Prepare
    await createStack(sandbox, 'app', clustersTemplate());
    const client = cloudFormation(sandbox);
    sandbox.setFaults({ errorRate: 1, resources: ['Gone'], operations: ['Delete'] });
    await client.send(new DeleteStackCommand({ StackName: 'app' }));
    await sandbox.idle();
    const failed = await client.send(new DescribeStacksCommand({ StackName: 'app' }));

    // Act
    await client.send(new DeleteStackCommand({ StackName: 'app', RetainResources: ['Gone'] }));
    await sandbox.idle();
    const { Stacks } = await client.send(
      new DescribeStacksCommand({ StackName: failed.Stacks?.[0]?.StackId }),
    );

    // Assess
    expect(failed.Stacks?.[0]).toMatchObject({
      StackStatus: 'DELETE_FAILED',
      StackStatusReason: 'The following resource(s) failed to delete: [Gone].',
    });
    expect(Stacks?.[0]?.StackStatus).toBe('DELETE_COMPLETE');
    expect(await clusterStatus(sandbox, 'gone')).toBe('ACTIVE');
  });
});

describe('CloudFormation change set deletion', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('deletes the change set and keeps the REVIEW_IN_PROGRESS stack, as AWS does', async () => {
    // Prepare
    const client = cloudFormation(sandbox);
    const { Id } = await client.send(
      new CreateChangeSetCommand({
        StackName: 'app',
        ChangeSetName: 'initial',
        ChangeSetType: 'CREATE',
        TemplateBody: clustersTemplate(),
      }),
    );

    // Act
    await client.send(new DeleteChangeSetCommand({ ChangeSetName: 'initial', StackName: 'app' }));
    const described = await client
      .send(new DescribeChangeSetCommand({ ChangeSetName: Id }))
      .catch((e: unknown) => e);
    const { Summaries } = await client.send(new ListChangeSetsCommand({ StackName: 'app' }));
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: 'app' }));

    // Assess
    expect(described).toMatchObject({
      name: 'ChangeSetNotFoundException',
      message: `ChangeSet [${Id}] does not exist`,
      $metadata: { httpStatusCode: 404 },
    });
    expect(Summaries).toEqual([]);
    expect(Stacks?.[0]?.StackStatus).toBe('REVIEW_IN_PROGRESS');
  });

  it('deletes a REVIEW_IN_PROGRESS stack at once with DeleteStack', async () => {
    // Prepare
    const client = cloudFormation(sandbox);
    const { StackId } = await client.send(
      new CreateChangeSetCommand({
        StackName: 'app',
        ChangeSetName: 'initial',
        ChangeSetType: 'CREATE',
        TemplateBody: clustersTemplate(),
      }),
    );

    // Act
    await client.send(new DeleteStackCommand({ StackName: 'app' }));
    await sandbox.idle();
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: StackId }));
    const { Summaries } = await client.send(new ListChangeSetsCommand({ StackName: StackId }));

    // Assess
    expect(Stacks?.[0]?.StackStatus).toBe('DELETE_COMPLETE');
    expect(Summaries).toEqual([]);
  });
});
