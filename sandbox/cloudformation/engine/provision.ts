/**
 * The second step of a create, update or replacement in the apply phase: the handler call, and the
 * COMPLETE events or the failure that starts the rollback. A handler's `NotUpdatable` error on an
 * update (a conditional replacement it found necessary) turns the update into a replacement.
 */
import { AwsError } from '../../service.js';
import type { ProvisionResult } from '../contract.js';
import type { StackResourceRecord } from '../state.js';
import { cloneJson, deepEqual } from '../template/values.js';
import { failureMessage, handlerProperties, type StepScope } from './common.js';
import { failResource } from './rollback.js';
import { resourceEvent } from './stack-events.js';

/** The status reason of a replacement's first UPDATE_IN_PROGRESS event. */
export const REPLACING =
  'Requested update requires the creation of a new physical resource; hence creating one.';
const INITIATED = 'Resource creation Initiated';

/** AWS's refusal to replace a resource whose custom physical name stays the same, if that is the case. */
export function customNameFailure(
  name: string | undefined,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): string | undefined {
  if (name === undefined || after[name] === undefined || !deepEqual(before[name], after[name])) {
    return undefined;
  }
  return `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(after[name])} and update the stack again.`;
}

/** Finishes the current create, update or replacement: calls the handler and records the outcome. */
export function finishApply(scope: StepScope): void {
  const { state, stack, op, ctx } = scope;
  const step = op.current;
  if (step === undefined) return;
  delete op.current;
  const record = stack.resources[step.logicalId] as StackResourceRecord;
  const handler = scope.deps.handlers(record.type);
  let action = step.action;
  let result: ProvisionResult;
  try {
    if (step.failure !== undefined) throw new Error(step.failure);
    const properties = handlerProperties(scope, step.properties);
    if (action !== 'Update') {
      result = handler.create(state, step.logicalId, properties, ctx);
    } else {
      try {
        const previous = handlerProperties(scope, step.previous);
        const physicalId = record.physicalId ?? '';
        result = handler.update(state, step.logicalId, physicalId, previous, properties, ctx);
      } catch (error) {
        if (!(error instanceof AwsError) || error.code !== 'NotUpdatable') throw error;
        const custom = customNameFailure(
          handler.nameProperty,
          record.properties,
          step.properties ?? {},
        );
        if (custom !== undefined) throw new Error(custom);
        action = 'Replace';
        const event = {
          logicalId: step.logicalId,
          physicalId: record.physicalId,
          resourceType: record.type,
        };
        resourceEvent(
          state,
          stack,
          { ...event, status: 'UPDATE_IN_PROGRESS', reason: REPLACING },
          ctx,
        );
        result = handler.create(state, step.logicalId, properties, ctx);
      }
    }
  } catch (error) {
    op.touched.push({ logicalId: step.logicalId, action });
    failResource(scope, record, action, failureMessage(error));
    return;
  }
  op.touched.push({ logicalId: step.logicalId, action });
  if (action === 'Replace')
    op.obsolete.push({ logicalId: step.logicalId, copy: cloneJson(record) });
  const verb = action === 'Create' ? 'CREATE' : 'UPDATE';
  const updated: StackResourceRecord = {
    ...record,
    physicalId: result.physicalId,
    status: `${verb}_COMPLETE`,
    timestamp: ctx.now.toISOString(),
    properties: step.properties ?? {},
    attributes: { ...result.attributes },
  };
  delete updated.statusReason;
  if (result.ref === undefined) delete updated.ref;
  else updated.ref = result.ref;
  const metadata = stack.template.Resources[step.logicalId]?.Metadata;
  if (metadata === undefined) delete updated.metadata;
  else updated.metadata = metadata;
  stack.resources[step.logicalId] = updated;
  const event = {
    logicalId: step.logicalId,
    physicalId: result.physicalId,
    resourceType: record.type,
  };
  if (action !== 'Update') {
    resourceEvent(
      state,
      stack,
      { ...event, status: `${verb}_IN_PROGRESS`, reason: INITIATED },
      ctx,
    );
  }
  resourceEvent(state, stack, { ...event, status: `${verb}_COMPLETE` }, ctx);
}
