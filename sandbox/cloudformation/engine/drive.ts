/**
 * The stack engine: a stack operation (execute a change set, delete a stack) runs after the API call
 * returned, one step per deferred task, so clients polling meanwhile see the IN_PROGRESS states. A
 * step either finishes the resource operation the previous step began or begins the next one; the
 * whole progress lives in the stack's `operation`, so a restarted sandbox resumes where it stopped.
 */
import type { DeferredTask, ServiceContext } from '../../service.js';
import type { SandboxState } from '../../state.js';
import { beginApply } from './apply.js';
import {
  type EngineDeps,
  endOperation,
  failureMessage,
  type StepScope,
  stackContext,
} from './common.js';
import { beginDelete, finishDelete } from './delete.js';
import { finishPhase } from './phases.js';
import { finishApply } from './provision.js';
import { beginRestore, finishRestore, startRollback } from './rollback.js';
import { setStackStatus } from './stack-events.js';

/**
 * Runs the operation of stack `stackId` to its end: step by step through `ctx.defer` when the
 * sandbox provides it, else at once (a handler called outside a running sandbox).
 */
export function driveStack(
  state: SandboxState,
  stackId: string,
  ctx: ServiceContext,
  deps: EngineDeps,
  delayMs?: number,
): void {
  if (ctx.defer === undefined) {
    while (runStep(state, stackId, ctx, deps) !== undefined) {
      // Each step advances the operation; it ends when the stack has none left.
    }
    return;
  }
  const task: DeferredTask = (current, stepCtx) => {
    const next = runStep(current, stackId, stepCtx, deps);
    if (next !== undefined) driveStack(current, stackId, stepCtx, deps, next.delayMs);
  };
  ctx.defer(task, delayMs);
}

/** Schedules the operations a previous run of the sandbox left unfinished. */
export function resumeStacks(
  state: SandboxState,
  deps: EngineDeps,
  defer: (scope: { accountId: string; region: string }, task: DeferredTask) => void,
): void {
  for (const stack of Object.values(state.cloudformation?.stacks ?? {})) {
    if (stack.operation === undefined) continue;
    const stackId = stack.stackId;
    defer({ accountId: stack.accountId, region: stack.region }, (current, ctx) =>
      driveStack(current, stackId, ctx, deps, 0),
    );
  }
}

/**
 * Advances the stack's operation by one step.
 *
 * @returns the delay before the next step (`delayMs` undefined: the default), or `undefined` when the
 * operation is over (or the stack is gone, after a reset).
 */
export function runStep(
  state: SandboxState,
  stackId: string,
  ctx: ServiceContext,
  deps: EngineDeps,
): { delayMs?: number } | undefined {
  const stack = state.cloudformation.stacks[stackId];
  const op = stack?.operation;
  if (stack === undefined || op === undefined) return undefined;
  const scope: StepScope = { state, stack, op, ctx: stackContext(stack, ctx), deps };
  try {
    if (op.current !== undefined) finishCurrent(scope);
    else beginNext(scope);
  } catch (error) {
    failOperation(scope, failureMessage(error));
  }
  if (stack.operation === undefined) return undefined;
  const delayMs = stack.operation.current?.delayMs;
  return delayMs === undefined ? {} : { delayMs };
}

function finishCurrent(scope: StepScope): void {
  switch (scope.op.current?.action) {
    case 'Create':
    case 'Update':
    case 'Replace':
      finishApply(scope);
      return;
    case 'Restore':
      finishRestore(scope);
      return;
    default:
      finishDelete(scope);
  }
}

/** Begins the next piece of work of the phase, skipping items that need none; or ends the phase. */
function beginNext(scope: StepScope): void {
  const { op } = scope;
  for (let item = op.pending.shift(); item !== undefined; item = op.pending.shift()) {
    const started =
      op.phase === 'apply'
        ? beginApply(scope, item)
        : op.phase === 'rollback' && op.kind !== 'CREATE'
          ? beginRestore(scope, item)
          : beginDelete(scope, item);
    if (started) return;
  }
  finishPhase(scope);
}

/** An unexpected error in a step: the apply phase rolls back; any other phase stops, failed. */
function failOperation(scope: StepScope, reason: string): void {
  const { state, stack, op, ctx } = scope;
  if (op.phase === 'apply') {
    startRollback(scope, reason);
    return;
  }
  const status =
    op.kind === 'DELETE'
      ? 'DELETE_FAILED'
      : op.phase === 'cleanup'
        ? 'UPDATE_COMPLETE'
        : op.kind === 'CREATE'
          ? 'ROLLBACK_FAILED'
          : 'UPDATE_ROLLBACK_FAILED';
  setStackStatus(state, stack, status, ctx, reason);
  endOperation(scope, op.phase === 'cleanup' || op.kind === 'DELETE');
}
