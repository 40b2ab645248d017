/**
 * The apply phase of a CREATE or UPDATE: each resource of the new template, in dependency order, is
 * created, updated in place or replaced (a new copy created now, the old one deleted in cleanup),
 * each in two steps: the IN_PROGRESS event here, then the handler call (`provision.ts`).
 */
import type { StackResourceRecord, WorkItem } from '../state.js';
import type { TemplateResource } from '../template/document.js';
import { resolveValue } from '../template/intrinsics.js';
import { buildEnv, provisionedView, scopeOf } from '../template/resolve-env.js';
import { cloneJson, deepEqual } from '../template/values.js';
import { beginStep, failureMessage, type StepScope } from './common.js';
import { customNameFailure, REPLACING } from './provision.js';
import { updateAction } from './replacement.js';
import { resourceEvent } from './stack-events.js';

/** Begins the work on one resource of the new template; false when it needs none. */
export function beginApply(scope: StepScope, item: WorkItem): boolean {
  const { state, stack, op, ctx } = scope;
  const logicalId = item.logicalId;
  const resource = stack.template.Resources[logicalId] as TemplateResource;
  const imports = new Set(op.imports);
  const env = buildEnv(
    state,
    scopeOf(stack),
    stack.template,
    stack.parameters,
    provisionedView(stack),
    imports,
  );
  let properties: Record<string, unknown> = {};
  let failure: string | undefined;
  try {
    properties = (resolveValue(resource.Properties ?? {}, env) ?? {}) as Record<string, unknown>;
  } catch (error) {
    failure = failureMessage(error);
  }
  op.imports = [...imports];
  const record = stack.resources[logicalId];
  const exists = record?.physicalId !== undefined && record.status !== 'DELETE_COMPLETE';
  if (!exists) {
    op.before[logicalId] = null;
    stack.resources[logicalId] = {
      ...withPolicies({}, resource),
      logicalId,
      type: resource.Type,
      status: 'CREATE_IN_PROGRESS',
      timestamp: ctx.now.toISOString(),
      properties,
      attributes: {},
    };
    resourceEvent(
      state,
      stack,
      { logicalId, resourceType: resource.Type, status: 'CREATE_IN_PROGRESS', properties },
      ctx,
    );
    beginStep(
      scope,
      { logicalId, action: 'Create', properties, ...(failure === undefined ? {} : { failure }) },
      resource.Type,
    );
    return true;
  }
  const handler = scope.deps.handlers(resource.Type);
  const otherChanges = op.tagsChanged === true || !deepEqual(record.metadata, resource.Metadata);
  const action =
    failure === undefined
      ? updateAction(handler, record.properties, properties, otherChanges)
      : 'Update';
  withPolicies(record, resource);
  if (action === undefined) return false;
  if (action === 'Replace') {
    failure ??= customNameFailure(handler.nameProperty, record.properties, properties);
  }
  if (!Object.hasOwn(op.before, logicalId)) op.before[logicalId] = cloneJson(record);
  record.status = 'UPDATE_IN_PROGRESS';
  record.timestamp = ctx.now.toISOString();
  resourceEvent(
    state,
    stack,
    {
      logicalId,
      physicalId: record.physicalId,
      resourceType: resource.Type,
      status: 'UPDATE_IN_PROGRESS',
      reason: action === 'Replace' ? REPLACING : undefined,
      properties,
    },
    ctx,
  );
  beginStep(
    scope,
    {
      logicalId,
      action,
      properties,
      previous: record.properties,
      ...(failure === undefined ? {} : { failure }),
    },
    resource.Type,
  );
  return true;
}

/** Sets (or clears) the record's DeletionPolicy and UpdateReplacePolicy from the template. */
function withPolicies<T extends Partial<StackResourceRecord>>(
  record: T,
  resource: TemplateResource,
): T {
  if (resource.DeletionPolicy === undefined) delete record.deletionPolicy;
  else record.deletionPolicy = resource.DeletionPolicy;
  if (resource.UpdateReplacePolicy === undefined) delete record.updateReplacePolicy;
  else record.updateReplacePolicy = resource.UpdateReplacePolicy;
  return record;
}
