import {
  CloudFormationClient,
  CreateChangeSetCommand,
  type CreateChangeSetCommandInput,
  type CreateChangeSetCommandOutput,
  DescribeStackEventsCommand,
  ExecuteChangeSetCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import type { Sandbox } from '../../../sandbox/index.js';
import { REGION } from '../helpers.js';

/** A CloudFormation client of the real SDK pointed at the sandbox, without retries. */
export function cloudFormation(sandbox: Sandbox): CloudFormationClient {
  return new CloudFormationClient({
    endpoint: sandbox.url,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** The size of the service {@link ecsServiceResources} builds; the desired count may be a `Ref`. */
export interface EcsServiceOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly desiredCount?: number | { readonly Ref: string };
}

/**
 * The `Resources` of an ECS service stack: cluster `staging` (`Cluster`), the Fargate task
 * definition family `api` (`TaskDef`) and the service `api` running it (`Service`).
 * Defaults: 256 CPU, 512 MiB, one task.
 */
export function ecsServiceResources({
  cpu = '256',
  memory = '512',
  desiredCount = 1,
}: EcsServiceOptions = {}): Record<string, unknown> {
  return {
    Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'staging' } },
    TaskDef: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: 'api',
        Cpu: cpu,
        Memory: memory,
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        ExecutionRoleArn: 'arn:aws:iam::000000000000:role/exec',
        ContainerDefinitions: [{ Name: 'api', Image: 'ghcr.io/acme/api:1.0.0', Essential: true }],
      },
    },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        ServiceName: 'api',
        Cluster: { Ref: 'Cluster' },
        TaskDefinition: { Ref: 'TaskDef' },
        DesiredCount: desiredCount,
        LaunchType: 'FARGATE',
        NetworkConfiguration: {
          AwsvpcConfiguration: { Subnets: ['subnet-0a1b2c3d'], SecurityGroups: ['sg-0a1b2c3d'] },
        },
      },
    },
  };
}

/** Creates a change set, executes it and waits until the sandbox has finished the operation. */
export async function createAndExecuteChangeSet(
  sandbox: Sandbox,
  input: CreateChangeSetCommandInput,
): Promise<CreateChangeSetCommandOutput> {
  const client = cloudFormation(sandbox);
  const created = await client.send(new CreateChangeSetCommand(input));
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
  await sandbox.idle();
  return created;
}

/** The events of stack `app` that are not in `before` (an earlier answer), oldest first. */
export async function eventsSince(
  sandbox: Sandbox,
  before: readonly StackEvent[] = [],
): Promise<StackEvent[]> {
  const { StackEvents = [] } = await cloudFormation(sandbox).send(
    new DescribeStackEventsCommand({ StackName: 'app' }),
  );
  return StackEvents.slice(0, StackEvents.length - before.length).reverse();
}
