/**
 * Finding stacks and change sets the way the CloudFormation API names them (name or ARN), with
 * AWS's errors, plus request-input reading and pagination shared by the operations.
 */
import { AwsError, type ServiceContext } from '../../service.js';
import { QueryInput } from '../../shared/query-input.js';
import type { SandboxState } from '../../state.js';
import type { ChangeSetRecord, StackRecord } from '../state.js';

/** Reads a CloudFormation request's input, answering bad parameters with ValidationError. */
export function cfnInput(input: Record<string, unknown>): QueryInput {
  return new QueryInput(input, {
    missing: (name) =>
      new AwsError(
        'ValidationError',
        `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
      ),
    invalid: (name, value) =>
      new AwsError('ValidationError', `Invalid value ${value} for parameter ${name}.`),
  });
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** True when `value` is a stack ARN rather than a name. */
export function isStackArn(value: string): boolean {
  return value.startsWith('arn:') && value.includes(':stack/');
}

/** The stacks of the caller's account and region. */
export function stacksOf(state: SandboxState, ctx: ServiceContext): StackRecord[] {
  return Object.values(state.cloudformation.stacks).filter(
    (stack) => stack.accountId === ctx.accountId && stack.region === ctx.region,
  );
}

/** The stack a name (live stacks only) or stack id (deleted ones too) names, if any. */
export function findStack(
  state: SandboxState,
  ctx: ServiceContext,
  nameOrId: string,
): StackRecord | undefined {
  if (isStackArn(nameOrId)) {
    const stack = state.cloudformation.stacks[nameOrId];
    return stack?.accountId === ctx.accountId && stack.region === ctx.region ? stack : undefined;
  }
  return stacksOf(state, ctx).find(
    (stack) => stack.stackName === nameOrId && stack.status !== 'DELETE_COMPLETE',
  );
}

/**
 * The stack a name or id names.
 *
 * @throws AwsError ValidationError "Stack with id X does not exist".
 */
export function requireStack(
  state: SandboxState,
  ctx: ServiceContext,
  nameOrId: string,
): StackRecord {
  const stack = findStack(state, ctx, nameOrId);
  if (stack === undefined) {
    throw new AwsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
  }
  return stack;
}

/**
 * The change set `ChangeSetName` (a name with `StackName`, or an ARN) names.
 *
 * @throws AwsError ChangeSetNotFound (404) "ChangeSet [X] does not exist", or ValidationError when a
 * name comes without a stack.
 */
export function requireChangeSet(
  state: SandboxState,
  ctx: ServiceContext,
  changeSetName: string,
  stackName: string | undefined,
): ChangeSetRecord {
  let found: ChangeSetRecord | undefined;
  if (changeSetName.startsWith('arn:')) {
    found = state.cloudformation.changeSets[changeSetName];
    const stack = found === undefined ? undefined : state.cloudformation.stacks[found.stackId];
    if (
      stack === undefined ||
      stack.accountId !== ctx.accountId ||
      stack.region !== ctx.region ||
      (stackName !== undefined && stackName !== stack.stackName && stackName !== stack.stackId)
    ) {
      found = undefined;
    }
  } else {
    if (stackName === undefined) {
      throw new AwsError(
        'ValidationError',
        'StackName must be specified if ChangeSetName is not specified as an ARN.',
      );
    }
    const stack = findStack(state, ctx, stackName);
    found = Object.values(state.cloudformation.changeSets).find(
      (changeSet) =>
        changeSet.stackId === stack?.stackId && changeSet.changeSetName === changeSetName,
    );
  }
  if (found === undefined) {
    throw new AwsError('ChangeSetNotFound', `ChangeSet [${changeSetName}] does not exist`, 404);
  }
  return found;
}

/**
 * One page of `items` from the offset `NextToken` carries; AWS pages are opaque, the sandbox's are
 * offsets.
 */
export function page<T>(
  items: readonly T[],
  nextToken: string | undefined,
  size: number,
): { items: T[]; NextToken?: string } {
  const start = nextToken === undefined ? 0 : Number.parseInt(nextToken, 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new AwsError('ValidationError', 'Invalid NextToken.');
  }
  const end = start + size;
  return end < items.length
    ? { items: items.slice(start, end), NextToken: String(end) }
    : { items: items.slice(start) };
}

/** A valid stack or change set name: a letter, then letters, digits and hyphens, 128 at most. */
export function checkName(value: string, member: 'stackName' | 'changeSetName'): void {
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(value) || value.length > 128) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
}
