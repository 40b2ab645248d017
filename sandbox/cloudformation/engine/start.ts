/**
 * Starting stack operations: applying a definition (from a change set, CreateStack or UpdateStack;
 * the stack goes CREATE_IN_PROGRESS or UPDATE_IN_PROGRESS) and deleting a stack (DELETE_IN_PROGRESS).
 * The work itself then runs step by step, after the API call returned.
 */
import type { ServiceContext } from '../../service.js';
import type { SandboxState } from '../../state.js';
import type { StackDefinition, StackOperation, StackRecord } from '../state.js';
import { exportsBlockingDeletion } from '../template/outputs.js';
import { dependencyOrder } from '../template/references.js';
import { activeResources, buildEnv, provisionedView, scopeOf } from '../template/resolve-env.js';
import { cloneJson, deepEqual } from '../template/values.js';
import type { EngineDeps } from './common.js';
import { driveStack } from './drive.js';
import { setStackStatus, USER_INITIATED } from './stack-events.js';

/** Options of ExecuteChangeSet, CreateStack and UpdateStack that shape the operation. */
export interface ExecutionOptions {
  readonly clientRequestToken?: string;
  readonly disableRollback?: boolean;
  /** The change set executed, which completes or fails with the operation. */
  readonly changeSetId?: string;
}

/** Starts applying `definition` to `stack`: the stack takes it and goes CREATE_ or UPDATE_IN_PROGRESS. */
export function startExecution(
  state: SandboxState,
  stack: StackRecord,
  kind: 'CREATE' | 'UPDATE',
  definition: StackDefinition,
  options: ExecutionOptions,
  ctx: ServiceContext,
  deps: EngineDeps,
): void {
  const env = buildEnv(
    state,
    scopeOf(stack),
    definition.template,
    definition.parameters,
    provisionedView(stack),
  );
  const active = activeResources(definition.template, env.conditions);
  const operation: StackOperation = {
    kind,
    phase: 'apply',
    pending: dependencyOrder(definition.template, active).map((logicalId) => ({ logicalId })),
    active,
    before: {},
    touched: [],
    obsolete: [],
    failed: [],
    imports: [],
  };
  if (options.changeSetId !== undefined) operation.changeSetId = options.changeSetId;
  if (kind === 'UPDATE') {
    operation.previous = {
      templateBody: stack.templateBody,
      template: cloneJson(stack.template),
      parameters: cloneJson(stack.parameters),
      capabilities: [...stack.capabilities],
      tags: cloneJson(stack.tags),
      outputs: cloneJson(stack.outputs),
      imports: [...stack.imports],
    };
    if (!deepEqual(stack.tags, definition.tags)) operation.tagsChanged = true;
  }
  if (options.clientRequestToken !== undefined) {
    operation.clientRequestToken = options.clientRequestToken;
    stack.clientRequestTokens.push(options.clientRequestToken);
  }
  if (options.disableRollback === true) operation.disableRollback = true;
  stack.templateBody = definition.templateBody;
  stack.template = cloneJson(definition.template);
  stack.parameters = cloneJson(definition.parameters);
  stack.capabilities = [...definition.capabilities];
  stack.tags = cloneJson(definition.tags);
  if (options.changeSetId === undefined) delete stack.changeSetId;
  else stack.changeSetId = options.changeSetId;
  stack.lastUpdatedTime = ctx.now.toISOString();
  stack.operation = operation;
  setStackStatus(
    state,
    stack,
    kind === 'CREATE' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS',
    ctx,
    USER_INITIATED,
  );
  driveStack(state, stack.stackId, ctx, deps);
}

/** Options of DeleteStack that shape the operation. */
export interface DeletionOptions {
  readonly clientRequestToken?: string;
  readonly retainResources?: readonly string[];
}

/**
 * Starts deleting `stack`: its resources in reverse dependency order. A stack whose exports other
 * stacks import fails at once (DELETE_FAILED), as on AWS.
 */
export function startDeletion(
  state: SandboxState,
  stack: StackRecord,
  options: DeletionOptions,
  ctx: ServiceContext,
  deps: EngineDeps,
): void {
  const remaining = Object.values(stack.resources)
    .filter((record) => record.status !== 'DELETE_COMPLETE' && record.status !== 'DELETE_SKIPPED')
    .map((record) => record.logicalId);
  const declared = remaining.filter((id) => stack.template.Resources[id] !== undefined);
  const others = remaining.filter((id) => stack.template.Resources[id] === undefined);
  const order = [...others, ...dependencyOrder(stack.template, declared).reverse()];
  const operation: StackOperation = {
    kind: 'DELETE',
    phase: 'delete',
    pending: order.map((logicalId) => ({ logicalId })),
    active: [],
    before: {},
    touched: [],
    obsolete: [],
    failed: [],
    imports: [],
  };
  if (options.clientRequestToken !== undefined) {
    operation.clientRequestToken = options.clientRequestToken;
    stack.clientRequestTokens.push(options.clientRequestToken);
  }
  if (options.retainResources !== undefined) operation.retain = [...options.retainResources];
  stack.operation = operation;
  setStackStatus(state, stack, 'DELETE_IN_PROGRESS', ctx, USER_INITIATED);
  const blocked = exportsBlockingDeletion(state, stack);
  if (blocked !== undefined) {
    setStackStatus(state, stack, 'DELETE_FAILED', ctx, blocked);
    delete stack.operation;
    return;
  }
  driveStack(state, stack.stackId, ctx, deps);
}
