/**
 * Deleting resources: a DeleteStack, the cleanup after an update (removed resources and replaced
 * copies), the rollback of a CREATE, and the cleanup after an update rollback. DeletionPolicy
 * Retain or Snapshot (and RetainExceptOnCreate, except for what the failed operation created),
 * UpdateReplacePolicy for replaced copies, and DeleteStack's RetainResources keep the resource:
 * the event is DELETE_SKIPPED and the handler is not called.
 */
import type { StackResourceRecord, WorkItem } from '../state.js';
import { beginStep, failureMessage, type StepScope } from './common.js';
import { resourceEvent } from './stack-events.js';

/** Begins deleting one resource or copy; false when there is nothing left to delete. */
export function beginDelete(scope: StepScope, item: WorkItem): boolean {
  const { state, stack, ctx } = scope;
  const record = item.copy ?? stack.resources[item.logicalId];
  if (
    record === undefined ||
    record.status === 'DELETE_COMPLETE' ||
    record.status === 'DELETE_SKIPPED'
  ) {
    return false;
  }
  if (record.physicalId === undefined) {
    settle(scope, item, record, 'DELETE_COMPLETE');
    return true;
  }
  if (retained(scope, item, record)) {
    settle(scope, item, record, 'DELETE_SKIPPED');
    return true;
  }
  if (item.copy === undefined) {
    record.status = 'DELETE_IN_PROGRESS';
    record.timestamp = ctx.now.toISOString();
  }
  resourceEvent(
    state,
    stack,
    {
      logicalId: item.logicalId,
      physicalId: record.physicalId,
      resourceType: record.type,
      status: 'DELETE_IN_PROGRESS',
    },
    ctx,
  );
  beginStep(scope, { ...item, action: 'Delete' }, record.type);
  return true;
}

/** Finishes the current deletion; a failure is recorded and the phase goes on with the others. */
export function finishDelete(scope: StepScope): void {
  const { state, stack, op, ctx } = scope;
  const step = op.current;
  delete op.current;
  if (step === undefined) return;
  const record = step.copy ?? stack.resources[step.logicalId];
  if (record === undefined) return;
  try {
    if (step.failure !== undefined) throw new Error(step.failure);
    scope.deps.handlers(record.type).delete(state, record.physicalId ?? '', record.properties, ctx);
  } catch (error) {
    const reason = failureMessage(error);
    if (step.copy === undefined) {
      record.status = 'DELETE_FAILED';
      record.statusReason = reason;
    }
    op.failed.push(step.logicalId);
    resourceEvent(
      state,
      stack,
      {
        logicalId: step.logicalId,
        physicalId: record.physicalId,
        resourceType: record.type,
        status: 'DELETE_FAILED',
        reason,
      },
      ctx,
    );
    return;
  }
  settle(scope, step, record, 'DELETE_COMPLETE');
}

/** Records a resource as gone (or kept): cleanups drop it from the stack, a stack deletion keeps the record. */
function settle(
  scope: StepScope,
  item: WorkItem,
  record: StackResourceRecord,
  status: 'DELETE_COMPLETE' | 'DELETE_SKIPPED',
): void {
  const { state, stack, op, ctx } = scope;
  resourceEvent(
    state,
    stack,
    { logicalId: item.logicalId, physicalId: record.physicalId, resourceType: record.type, status },
    ctx,
  );
  if (item.copy !== undefined) return;
  if (op.phase === 'cleanup' || op.phase === 'rollbackCleanup') {
    delete stack.resources[item.logicalId];
    return;
  }
  record.status = status;
  record.timestamp = ctx.now.toISOString();
  delete record.statusReason;
}

function retained(scope: StepScope, item: WorkItem, record: StackResourceRecord): boolean {
  const { op } = scope;
  if (item.copy !== undefined) {
    const policy = record.updateReplacePolicy;
    return op.phase === 'cleanup' && (policy === 'Retain' || policy === 'Snapshot');
  }
  if (op.retain?.includes(item.logicalId) === true) return true;
  const policy = record.deletionPolicy;
  if (policy === 'Retain' || policy === 'Snapshot') return true;
  return policy === 'RetainExceptOnCreate' && (op.kind === 'DELETE' || op.phase === 'cleanup');
}
