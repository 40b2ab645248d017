/**
 * Failure and rollback as AWS does them. A failed CREATE rolls back by deleting what it created
 * (ROLLBACK_IN_PROGRESS → ROLLBACK_COMPLETE); a failed UPDATE restores each resource it changed to
 * its previous properties, newest first (UPDATE_ROLLBACK_IN_PROGRESS), then deletes what it created
 * (UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE).
 */
import type { ResourceAction, StackResourceRecord, WorkItem } from '../state.js';
import { cloneJson } from '../template/values.js';
import {
  beginStep,
  endOperation,
  failedResourcesReason,
  failureMessage,
  handlerProperties,
  type StepScope,
  verbOf,
} from './common.js';
import { resourceEvent, setStackStatus } from './stack-events.js';

/** Records a failed create, update or replacement and starts the rollback. */
export function failResource(
  scope: StepScope,
  record: StackResourceRecord,
  action: ResourceAction,
  reason: string,
): void {
  const { state, stack, op, ctx } = scope;
  const verb = verbOf(action);
  record.status = `${verb}_FAILED`;
  record.statusReason = reason;
  record.timestamp = ctx.now.toISOString();
  resourceEvent(
    state,
    stack,
    {
      logicalId: record.logicalId,
      physicalId: record.physicalId,
      resourceType: record.type,
      status: `${verb}_FAILED`,
      reason,
    },
    ctx,
  );
  op.failed.push(record.logicalId);
  startRollback(
    scope,
    failedResourcesReason(verb === 'CREATE' ? 'create' : 'update', [record.logicalId]),
  );
}

/**
 * Turns the operation around after a failure with the stack status reason `reason`; with
 * DisableRollback the stack stops in CREATE_FAILED or UPDATE_FAILED instead.
 */
export function startRollback(scope: StepScope, reason: string): void {
  const { state, stack, op, ctx } = scope;
  delete op.current;
  if (op.disableRollback === true) {
    setStackStatus(
      state,
      stack,
      op.kind === 'CREATE' ? 'CREATE_FAILED' : 'UPDATE_FAILED',
      ctx,
      reason,
    );
    endOperation(scope, false);
    return;
  }
  op.phase = 'rollback';
  op.pending = [...op.touched].reverse().map(({ logicalId }) => ({ logicalId }));
  if (op.kind === 'CREATE') {
    setStackStatus(
      state,
      stack,
      'ROLLBACK_IN_PROGRESS',
      ctx,
      `${reason.endsWith('.') ? reason : `${reason}.`} Rollback requested by user.`,
    );
  } else {
    op.obsolete = [];
    setStackStatus(state, stack, 'UPDATE_ROLLBACK_IN_PROGRESS', ctx, reason);
  }
}

/** Begins restoring one resource an UPDATE changed; false for resources it created or did not touch. */
export function beginRestore(scope: StepScope, item: WorkItem): boolean {
  const { state, stack, op, ctx } = scope;
  const before = op.before[item.logicalId];
  const touched = op.touched.find((entry) => entry.logicalId === item.logicalId);
  const current = stack.resources[item.logicalId];
  if (before === null || before === undefined || touched === undefined || current === undefined) {
    return false;
  }
  const event = {
    logicalId: item.logicalId,
    physicalId: before.physicalId,
    resourceType: before.type,
    status: 'UPDATE_IN_PROGRESS',
    properties: before.properties,
  };
  if (touched.action === 'Replace') {
    // The old copy was never changed: the stack points at it again; the new copy goes in cleanup.
    if (current.physicalId !== before.physicalId) {
      op.obsolete.push({ logicalId: item.logicalId, copy: cloneJson(current) });
    }
    stack.resources[item.logicalId] = { ...cloneJson(before), status: 'UPDATE_IN_PROGRESS' };
    resourceEvent(state, stack, event, ctx);
    op.current = { logicalId: item.logicalId, action: 'Restore', recordOnly: true };
    return true;
  }
  current.status = 'UPDATE_IN_PROGRESS';
  current.timestamp = ctx.now.toISOString();
  resourceEvent(state, stack, event, ctx);
  if (op.failed.includes(item.logicalId)) {
    // A failed handler left the resource as it was; only the record goes back.
    op.current = { logicalId: item.logicalId, action: 'Restore', recordOnly: true };
    return true;
  }
  beginStep(
    scope,
    {
      logicalId: item.logicalId,
      action: 'Restore',
      properties: before.properties,
      previous: current.properties,
    },
    before.type,
  );
  return true;
}

/** Finishes restoring a resource; a failure stops the rollback in UPDATE_ROLLBACK_FAILED. */
export function finishRestore(scope: StepScope): void {
  const { state, stack, op, ctx } = scope;
  const step = op.current;
  const before = step === undefined ? undefined : op.before[step.logicalId];
  const record = step === undefined ? undefined : stack.resources[step.logicalId];
  delete op.current;
  if (step === undefined || before === null || before === undefined || record === undefined) return;
  const restored: StackResourceRecord = { ...cloneJson(before), status: 'UPDATE_COMPLETE' };
  if (step.recordOnly !== true) {
    try {
      if (step.failure !== undefined) throw new Error(step.failure);
      const result = scope.deps
        .handlers(before.type)
        .update(
          state,
          step.logicalId,
          before.physicalId ?? '',
          handlerProperties(scope, step.previous),
          handlerProperties(scope, step.properties),
          ctx,
        );
      restored.attributes = { ...result.attributes };
      if (result.ref === undefined) delete restored.ref;
      else restored.ref = result.ref;
    } catch (error) {
      const reason = failureMessage(error);
      record.status = 'UPDATE_FAILED';
      record.statusReason = reason;
      const event = {
        logicalId: step.logicalId,
        physicalId: record.physicalId,
        resourceType: record.type,
      };
      resourceEvent(state, stack, { ...event, status: 'UPDATE_FAILED', reason }, ctx);
      setStackStatus(
        state,
        stack,
        'UPDATE_ROLLBACK_FAILED',
        ctx,
        failedResourcesReason('update', [step.logicalId]),
      );
      endOperation(scope, false);
      return;
    }
  }
  restored.timestamp = ctx.now.toISOString();
  delete restored.statusReason;
  stack.resources[step.logicalId] = restored;
  resourceEvent(
    state,
    stack,
    {
      logicalId: step.logicalId,
      physicalId: restored.physicalId,
      resourceType: restored.type,
      status: 'UPDATE_COMPLETE',
    },
    ctx,
  );
}
