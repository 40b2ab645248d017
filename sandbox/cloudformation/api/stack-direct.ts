/**
 * CreateStack and UpdateStack: the same validation and execution as change sets, without the
 * review step. UpdateStack refuses an update that changes nothing ("No updates are to be performed.")
 * and leaves the stack's change sets OBSOLETE, as AWS does.
 */
import { AwsError, type ServiceContext } from '../../service.js';
import type { SandboxState } from '../../state.js';
import { computeChanges, definitionChanges } from '../engine/change-set.js';
import { startExecution } from '../engine/start.js';
import {
  checkClientRequestToken,
  newStack,
  requestDefinition,
  requestTemplateText,
  requireUpdatable,
} from './definition.js';
import type { ApiDeps } from './deps.js';
import { cfnInput, checkName, findStack } from './stack-lookup.js';

/** The CreateStack operation. `OnFailure: DO_NOTHING` (or `DisableRollback`) keeps a failed stack as it is. */
export function createStack(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
  deps: ApiDeps,
): { StackId: string } {
  const input = cfnInput(raw);
  const stackName = input.requiredString('StackName');
  checkName(stackName, 'stackName');
  if (findStack(state, ctx, stackName) !== undefined) {
    throw new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
  }
  const text = requestTemplateText(state, raw, deps, undefined);
  const definition = requestDefinition(state, raw, ctx, text, undefined);
  const stack = newStack(state, stackName, definition, 'CREATE_IN_PROGRESS', ctx);
  stack.enableTerminationProtection = input.boolean('EnableTerminationProtection') === true;
  const token = input.string('ClientRequestToken');
  const disableRollback =
    input.boolean('DisableRollback') === true || input.string('OnFailure') === 'DO_NOTHING';
  startExecution(
    state,
    stack,
    'CREATE',
    definition,
    { disableRollback, ...(token === undefined ? {} : { clientRequestToken: token }) },
    ctx,
    deps,
  );
  return { StackId: stack.stackId };
}

/** The UpdateStack operation. */
export function updateStack(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
  deps: ApiDeps,
): { StackId: string } {
  const input = cfnInput(raw);
  const stackName = input.requiredString('StackName');
  const stack = requireUpdatable(findStack(state, ctx, stackName), stackName);
  const token = input.string('ClientRequestToken');
  checkClientRequestToken(stack, token);
  const text = requestTemplateText(state, raw, deps, stack);
  const definition = requestDefinition(state, raw, ctx, text, stack);
  const changes = computeChanges({ state, stack, definition, handlers: deps.handlers });
  if (changes.length === 0 && !definitionChanges(stack, definition)) {
    throw new AwsError('ValidationError', 'No updates are to be performed.');
  }
  for (const changeSet of Object.values(state.cloudformation.changeSets)) {
    if (changeSet.stackId === stack.stackId && changeSet.executionStatus === 'AVAILABLE') {
      changeSet.executionStatus = 'OBSOLETE';
    }
  }
  const disableRollback = input.boolean('DisableRollback') === true;
  startExecution(
    state,
    stack,
    'UPDATE',
    definition,
    { disableRollback, ...(token === undefined ? {} : { clientRequestToken: token }) },
    ctx,
    deps,
  );
  return { StackId: stack.stackId };
}
