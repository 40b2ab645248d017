/** Stack operations: DescribeStacks, ListStacks, DeleteStack and UpdateTerminationProtection. */
import { AwsError, type ServiceContext } from '../../service.js';
import type { SandboxState } from '../../state.js';
import { startDeletion } from '../engine/start.js';
import type { StackRecord } from '../state.js';
import { shownParameters } from '../template/parameters.js';
import type { ApiDeps } from './deps.js';
import { cfnInput, findStack, page, requireStack, stacksOf } from './stack-lookup.js';

const PAGE_SIZE = 100;

/** A stack as DescribeStacks returns it. */
export function stackOutput(stack: StackRecord): Record<string, unknown> {
  const description = stack.template.Description;
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    ChangeSetId: stack.changeSetId,
    Description: typeof description === 'string' ? description : undefined,
    Parameters: shownParameters(stack.template, stack.parameters),
    CreationTime: stack.creationTime,
    DeletionTime: stack.deletionTime,
    LastUpdatedTime: stack.lastUpdatedTime,
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.operation?.disableRollback === true,
    NotificationARNs: [],
    Capabilities: stack.capabilities,
    Outputs: stack.outputs,
    Tags: stack.tags,
    EnableTerminationProtection: stack.enableTerminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

/** The DescribeStacks operation: one stack by name or id (deleted ones by id), or every live stack. */
export function describeStacks(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const name = input.string('StackName');
  const stacks =
    name === undefined
      ? stacksOf(state, ctx).filter((stack) => stack.status !== 'DELETE_COMPLETE')
      : [requireStack(state, ctx, name)];
  const { items, NextToken } = page(stacks, input.string('NextToken'), PAGE_SIZE);
  return { Stacks: items.map(stackOutput), NextToken };
}

/** The ListStacks operation, deleted stacks included, optionally filtered by status. */
export function listStacks(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const filter = input.strings('StackStatusFilter');
  const stacks = stacksOf(state, ctx).filter(
    (stack) => filter === undefined || filter.length === 0 || filter.includes(stack.status),
  );
  const { items, NextToken } = page(stacks, input.string('NextToken'), PAGE_SIZE);
  return {
    StackSummaries: items.map((stack) => ({
      StackId: stack.stackId,
      StackName: stack.stackName,
      TemplateDescription:
        typeof stack.template.Description === 'string' ? stack.template.Description : undefined,
      CreationTime: stack.creationTime,
      LastUpdatedTime: stack.lastUpdatedTime,
      DeletionTime: stack.deletionTime,
      StackStatus: stack.status,
      StackStatusReason: stack.statusReason,
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    })),
    NextToken,
  };
}

/**
 * The DeleteStack operation. An unknown or deleted stack is no error; termination protection and
 * an operation in progress are.
 */
export function deleteStack(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
  deps: ApiDeps,
): undefined {
  const input = cfnInput(raw);
  const stack = findStack(state, ctx, input.requiredString('StackName'));
  if (stack === undefined || stack.status === 'DELETE_COMPLETE') return undefined;
  if (stack.enableTerminationProtection) {
    throw new AwsError(
      'ValidationError',
      `Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`,
    );
  }
  if (stack.status === 'DELETE_IN_PROGRESS') return undefined;
  if (stack.operation !== undefined) {
    throw new AwsError(
      'ValidationError',
      `Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`,
    );
  }
  const retain = input.strings('RetainResources');
  if (retain !== undefined && retain.length > 0 && stack.status !== 'DELETE_FAILED') {
    throw new AwsError(
      'ValidationError',
      `Invalid operation on stack [${stack.stackName}]: RetainResources can only be specified when the stack is in the DELETE_FAILED state.`,
    );
  }
  const token = input.string('ClientRequestToken');
  startDeletion(
    state,
    stack,
    {
      ...(token === undefined ? {} : { clientRequestToken: token }),
      ...(retain === undefined ? {} : { retainResources: retain }),
    },
    ctx,
    deps,
  );
  return undefined;
}

/** The UpdateTerminationProtection operation. */
export function updateTerminationProtection(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const enable = input.boolean('EnableTerminationProtection');
  if (enable === undefined) throw cfnMissing('enableTerminationProtection');
  const stack = requireStack(state, ctx, input.requiredString('StackName'));
  if (stack.status === 'DELETE_COMPLETE') {
    throw new AwsError('ValidationError', `Stack with id ${stack.stackId} does not exist`);
  }
  stack.enableTerminationProtection = enable;
  return { StackId: stack.stackId };
}

function cfnMissing(member: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}
