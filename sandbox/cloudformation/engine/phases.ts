/**
 * What happens when a phase of a stack operation has no work left: the stack moves to the next
 * status of AWS's state machine and the next phase's work is lined up, or the operation ends.
 */
import type { StackResourceRecord, WorkItem } from '../state.js';
import { computeOutputs } from '../template/outputs.js';
import { dependencyOrder } from '../template/references.js';
import { endOperation, failedResourcesReason, type StepScope } from './common.js';
import { startRollback } from './rollback.js';
import { setStackStatus } from './stack-events.js';

/** Moves the operation past its finished phase. */
export function finishPhase(scope: StepScope): void {
  const { state, stack, op, ctx } = scope;
  switch (op.phase) {
    case 'apply': {
      const imports = new Set(op.imports);
      const result = computeOutputs(state, stack, imports, op.previous?.outputs);
      if (result.failure !== undefined) {
        startRollback(scope, result.failure);
        return;
      }
      stack.outputs = result.outputs;
      stack.imports = [...imports].sort();
      if (op.kind === 'CREATE') {
        setStackStatus(state, stack, 'CREATE_COMPLETE', ctx);
        endOperation(scope, true);
        return;
      }
      op.phase = 'cleanup';
      op.pending = [...removedResources(scope), ...[...op.obsolete].reverse()];
      op.obsolete = [];
      setStackStatus(state, stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', ctx);
      return;
    }
    case 'cleanup':
      setStackStatus(state, stack, 'UPDATE_COMPLETE', ctx);
      endOperation(scope, true);
      return;
    case 'rollback':
      if (op.kind === 'CREATE') {
        const stuck = deleteFailures(scope);
        stack.outputs = [];
        if (stuck.length > 0) {
          setStackStatus(
            state,
            stack,
            'ROLLBACK_FAILED',
            ctx,
            failedResourcesReason('delete', stuck),
          );
        } else {
          setStackStatus(state, stack, 'ROLLBACK_COMPLETE', ctx);
        }
        endOperation(scope, false);
        return;
      }
      restorePrevious(scope);
      op.phase = 'rollbackCleanup';
      op.pending = [
        ...op.touched
          .filter((entry) => entry.action === 'Create')
          .reverse()
          .map(({ logicalId }): WorkItem => ({ logicalId })),
        ...[...op.obsolete].reverse(),
      ];
      op.obsolete = [];
      setStackStatus(state, stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', ctx);
      return;
    case 'rollbackCleanup':
      setStackStatus(state, stack, 'UPDATE_ROLLBACK_COMPLETE', ctx);
      endOperation(scope, false);
      return;
    case 'delete': {
      const stuck = deleteFailures(scope);
      if (stuck.length > 0) {
        setStackStatus(state, stack, 'DELETE_FAILED', ctx, failedResourcesReason('delete', stuck));
        endOperation(scope, false);
        return;
      }
      stack.outputs = [];
      stack.deletionTime = ctx.now.toISOString();
      for (const changeSet of Object.values(state.cloudformation.changeSets)) {
        if (changeSet.stackId === stack.stackId) {
          delete state.cloudformation.changeSets[changeSet.changeSetId];
        }
      }
      setStackStatus(state, stack, 'DELETE_COMPLETE', ctx);
      endOperation(scope, true);
    }
  }
}

/** Resources the new template no longer has (or whose condition no longer holds), dependents first. */
function removedResources(scope: StepScope): WorkItem[] {
  const { stack, op } = scope;
  const previous = op.previous?.template ?? stack.template;
  const active = new Set(op.active);
  const removed = Object.keys(stack.resources).filter((id) => !active.has(id));
  const declared = removed.filter((id) => previous.Resources[id] !== undefined);
  const order = dependencyOrder(previous, declared).reverse();
  const others = removed.filter((id) => previous.Resources[id] === undefined);
  return [...order, ...others].map((logicalId) => ({ logicalId }));
}

function restorePrevious(scope: StepScope): void {
  const { stack, op } = scope;
  const previous = op.previous;
  if (previous === undefined) return;
  stack.templateBody = previous.templateBody;
  stack.template = previous.template;
  stack.parameters = previous.parameters;
  stack.capabilities = previous.capabilities;
  stack.tags = previous.tags;
  stack.outputs = previous.outputs;
  stack.imports = previous.imports;
}

function deleteFailures(scope: StepScope): string[] {
  return Object.values(scope.stack.resources)
    .filter((record: StackResourceRecord) => record.status === 'DELETE_FAILED')
    .map((record) => record.logicalId);
}
