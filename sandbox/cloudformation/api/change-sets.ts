/** DescribeChangeSet, ListChangeSets, DeleteChangeSet and ExecuteChangeSet. */
import { AwsError, type ServiceContext } from '../../service.js';
import type { QueryInput } from '../../shared/query-input.js';
import type { SandboxState } from '../../state.js';
import { startExecution } from '../engine/start.js';
import type { ChangeSetRecord, ResourceChangeRecord } from '../state.js';
import { shownParameters } from '../template/parameters.js';
import { checkClientRequestToken } from './definition.js';
import type { ApiDeps } from './deps.js';
import { cfnInput, requireChangeSet, requireStack } from './stack-lookup.js';

/** The DescribeChangeSet operation; property values only with `IncludePropertyValues`. */
export function describeChangeSet(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const changeSet = namedChangeSet(state, ctx, input);
  const withValues = input.boolean('IncludePropertyValues') === true;
  return {
    ...summary(changeSet),
    Parameters: shownParameters(changeSet.template, changeSet.parameters),
    NotificationARNs: [],
    Capabilities: changeSet.capabilities,
    Tags: changeSet.tags,
    Changes: changeSet.changes.map((change) => ({
      Type: 'Resource',
      ResourceChange: withValues ? change : withoutValues(change),
    })),
  };
}

/** The change set the request's `ChangeSetName` (with `StackName` when a name) names. */
function namedChangeSet(
  state: SandboxState,
  ctx: ServiceContext,
  input: QueryInput,
): ChangeSetRecord {
  return requireChangeSet(
    state,
    ctx,
    input.requiredString('ChangeSetName'),
    input.string('StackName'),
  );
}

function withoutValues(change: ResourceChangeRecord): ResourceChangeRecord {
  return {
    ...change,
    Details: change.Details.map((detail) => ({
      ...detail,
      Target: {
        Attribute: detail.Target.Attribute,
        ...(detail.Target.Name === undefined ? {} : { Name: detail.Target.Name }),
        RequiresRecreation: detail.Target.RequiresRecreation,
      },
    })),
  };
}

function summary(changeSet: ChangeSetRecord): Record<string, unknown> {
  return {
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    ChangeSetId: changeSet.changeSetId,
    ChangeSetName: changeSet.changeSetName,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason,
    CreationTime: changeSet.creationTime,
    Description: changeSet.description,
    IncludeNestedStacks: false,
  };
}

/** The ListChangeSets operation: the change sets of one stack. */
export function listChangeSets(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const stack = requireStack(state, ctx, cfnInput(raw).requiredString('StackName'));
  return {
    Summaries: Object.values(state.cloudformation.changeSets)
      .filter((changeSet) => changeSet.stackId === stack.stackId)
      .map(summary),
  };
}

/** The DeleteChangeSet operation. A REVIEW_IN_PROGRESS stack stays, as on AWS. */
export function deleteChangeSet(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, never> {
  const changeSet = namedChangeSet(state, ctx, cfnInput(raw));
  if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new AwsError(
      'InvalidChangeSetStatus',
      'An operation on this ChangeSet is currently in progress.  Please attempt this operation again later.',
    );
  }
  delete state.cloudformation.changeSets[changeSet.changeSetId];
  return {};
}

/** The ExecuteChangeSet operation: starts the stack operation, which runs after the call returned. */
export function executeChangeSet(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
  deps: ApiDeps,
): Record<string, never> {
  const input = cfnInput(raw);
  const changeSet = namedChangeSet(state, ctx, input);
  const stack = requireStack(state, ctx, changeSet.stackId);
  const token = input.string('ClientRequestToken');
  if (
    token !== undefined &&
    stack.operation?.clientRequestToken === token &&
    stack.operation.changeSetId === changeSet.changeSetId
  ) {
    return {};
  }
  checkClientRequestToken(stack, token);
  if (changeSet.status !== 'CREATE_COMPLETE') {
    throw new AwsError(
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current status of [${changeSet.status}]`,
    );
  }
  if (changeSet.executionStatus !== 'AVAILABLE' || stack.operation !== undefined) {
    const status =
      changeSet.executionStatus === 'AVAILABLE' ? 'UNAVAILABLE' : changeSet.executionStatus;
    throw new AwsError(
      'InvalidChangeSetStatus',
      `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current execution status of [${status}]`,
    );
  }
  // Executing a change set deletes the stack's other change sets, as on AWS.
  for (const other of Object.values(state.cloudformation.changeSets)) {
    if (other.stackId === stack.stackId && other.changeSetId !== changeSet.changeSetId) {
      delete state.cloudformation.changeSets[other.changeSetId];
    }
  }
  changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
  const disableRollback = input.boolean('DisableRollback');
  startExecution(
    state,
    stack,
    changeSet.type,
    changeSet,
    {
      changeSetId: changeSet.changeSetId,
      ...(token === undefined ? {} : { clientRequestToken: token }),
      ...(disableRollback === undefined ? {} : { disableRollback }),
    },
    ctx,
    deps,
  );
  return {};
}
