/**
 * Computing a change set: the new template resolved against the stack's current resources, compared
 * resource by resource in dependency order, so a resource that references one being added or replaced
 * sees a placeholder (a `Dynamic` evaluation) where the value is not known before execution.
 */
import { AwsError } from '../../service.js';
import type { SandboxState } from '../../state.js';
import type { HandlerLookup, ResolveEnv } from '../contract.js';
import type {
  ResourceChangeRecord,
  StackDefinition,
  StackRecord,
  StackResourceRecord,
} from '../state.js';
import type { TemplateResource } from '../template/document.js';
import { resolveValue } from '../template/intrinsics.js';
import { parameterValues } from '../template/parameters.js';
import { dependencyOrder, logicalIdOf, referencesIn } from '../template/references.js';
import { activeResources, buildEnv, type ResourceView, scopeOf } from '../template/resolve-env.js';
import { deepEqual, placeholder } from '../template/values.js';
import { compareResource, removePolicyAction } from './replacement.js';

/** What a change set compares: the stack as it is, and the definition it would get. */
export interface ChangeSetInput {
  readonly state: SandboxState;
  readonly stack: StackRecord;
  readonly definition: StackDefinition;
  readonly handlers: HandlerLookup;
}

type Outcome = 'add' | 'replace' | 'conditional' | 'modify' | 'same';

/**
 * The resource changes of applying `definition` to `stack`, in dependency order, removals last.
 *
 * @throws AwsError when the template cannot be resolved (the change set then fails with its message).
 */
export function computeChanges(input: ChangeSetInput): ResourceChangeRecord[] {
  const { stack, definition } = input;
  const template = definition.template;
  const existing = existingResources(stack);
  const outcomes = new Map<string, Outcome>();
  const view: ResourceView = {
    ref(logicalId) {
      const outcome = outcomes.get(logicalId);
      const record = existing[logicalId];
      if (
        record === undefined ||
        outcome === 'add' ||
        outcome === 'replace' ||
        outcome === 'conditional'
      ) {
        return placeholder(logicalId);
      }
      return record.ref ?? record.physicalId;
    },
    getAtt(logicalId, attribute) {
      const record = existing[logicalId];
      const outcome = outcomes.get(logicalId);
      if (record === undefined || (outcome !== undefined && outcome !== 'same')) {
        return placeholder(`${logicalId}.${attribute}`);
      }
      return Object.hasOwn(record.attributes, attribute)
        ? record.attributes[attribute]
        : placeholder(`${logicalId}.${attribute}`);
    },
  };
  const env = buildEnv(input.state, scopeOf(stack), template, definition.parameters, view);
  const active = activeResources(template, env.conditions);
  const changedParameters = parametersChanged(stack, definition);
  const tagsChanged =
    stack.status !== 'REVIEW_IN_PROGRESS' && !deepEqual(stack.tags, definition.tags);
  const changes: ResourceChangeRecord[] = [];
  for (const logicalId of dependencyOrder(template, active)) {
    const resource = template.Resources[logicalId] as TemplateResource;
    const record = existing[logicalId];
    const properties = resolveProperties(resource, env, (id) => outcomes.get(id) !== 'same');
    if (record === undefined) {
      outcomes.set(logicalId, 'add');
      changes.push(added(logicalId, resource.Type));
      continue;
    }
    if (record.type !== resource.Type) {
      throw new AwsError(
        'ValidationError',
        `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${logicalId}]`,
      );
    }
    const change = compareResource({
      logicalId,
      ...(record.physicalId === undefined ? {} : { physicalId: record.physicalId }),
      type: resource.Type,
      handler: input.handlers(resource.Type),
      ...(stack.template.Resources[logicalId] === undefined
        ? {}
        : { before: stack.template.Resources[logicalId] }),
      after: resource,
      oldProperties: record.properties,
      newProperties: properties,
      changedParameters,
      refChanges: (id) => ['add', 'replace', 'conditional'].includes(outcomes.get(id) ?? ''),
      attributeChanges: (id) => (outcomes.get(id) ?? 'same') !== 'same',
      ...(resource.UpdateReplacePolicy === undefined
        ? {}
        : { updateReplacePolicy: resource.UpdateReplacePolicy }),
    });
    // A change of the stack tags alone changes no attribute the dependents could see.
    outcomes.set(logicalId, outcomeOf(change));
    if (change !== undefined) changes.push(change);
    else if (tagsChanged) changes.push(tagsOnly(logicalId, record));
  }
  for (const [logicalId, record] of Object.entries(existing)) {
    if (active.includes(logicalId)) continue;
    changes.push({
      Action: 'Remove',
      LogicalResourceId: logicalId,
      ...(record.physicalId === undefined ? {} : { PhysicalResourceId: record.physicalId }),
      ResourceType: record.type,
      PolicyAction: removePolicyAction(record.deletionPolicy),
      Scope: [],
      Details: [],
    });
  }
  return changes;
}

/** The stack's resources that exist (not deleted, not a failed creation). */
export function existingResources(stack: StackRecord): Record<string, StackResourceRecord> {
  return Object.fromEntries(
    Object.entries(stack.resources).filter(
      ([, record]) => record.physicalId !== undefined && record.status !== 'DELETE_COMPLETE',
    ),
  );
}

/**
 * Resolves a resource's properties for comparison. A property that cannot be resolved because it
 * depends on a changing resource becomes a placeholder; any other resolution error is thrown.
 */
function resolveProperties(
  resource: TemplateResource,
  env: ResolveEnv,
  changing: (logicalId: string) => boolean,
): Record<string, unknown> {
  const raw = resource.Properties ?? {};
  try {
    return (resolveValue(raw, env) ?? {}) as Record<string, unknown>;
  } catch {
    const resolved: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(raw)) {
      try {
        resolved[name] = resolveValue(value, env);
      } catch (propertyError) {
        const { refs, getAtts } = referencesIn(value);
        const causes = [...refs, ...[...getAtts].map(logicalIdOf)].filter(changing);
        if (causes.length === 0) throw propertyError;
        resolved[name] = placeholder(causes.join(','));
      }
    }
    return resolved;
  }
}

function parametersChanged(stack: StackRecord, definition: StackDefinition): Set<string> {
  if (stack.status === 'REVIEW_IN_PROGRESS') return new Set();
  const before = parameterValues(stack.template, stack.parameters);
  const after = parameterValues(definition.template, definition.parameters);
  return new Set(Object.keys(after).filter((name) => !deepEqual(before[name], after[name])));
}

function outcomeOf(change: ResourceChangeRecord | undefined): Outcome {
  if (change === undefined) return 'same';
  if (change.Replacement === 'True') return 'replace';
  return change.Replacement === 'Conditional' ? 'conditional' : 'modify';
}

function added(logicalId: string, type: string): ResourceChangeRecord {
  return {
    Action: 'Add',
    LogicalResourceId: logicalId,
    ResourceType: type,
    Scope: [],
    Details: [],
  };
}

function tagsOnly(logicalId: string, record: StackResourceRecord): ResourceChangeRecord {
  return {
    Action: 'Modify',
    LogicalResourceId: logicalId,
    ...(record.physicalId === undefined ? {} : { PhysicalResourceId: record.physicalId }),
    ResourceType: record.type,
    Replacement: 'False',
    Scope: ['Tags'],
    Details: [
      {
        Target: { Attribute: 'Tags', RequiresRecreation: 'Never' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification',
      },
    ],
  };
}

/**
 * True when applying `definition` changes something besides resources: outputs, parameter values or
 * stack tags. A change set with no resource change and none of these fails, as on AWS.
 */
export function definitionChanges(stack: StackRecord, definition: StackDefinition): boolean {
  return (
    !deepEqual(stack.template.Outputs, definition.template.Outputs) ||
    !deepEqual(stack.parameters, definition.parameters) ||
    !deepEqual(stack.tags, definition.tags)
  );
}
