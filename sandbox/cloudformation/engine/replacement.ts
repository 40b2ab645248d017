/**
 * What a change to one resource means: which properties change and why (the change set's
 * `Details`), whether the resource is replaced (`Replacement`), and at execution time which action
 * the engine takes.
 */

import type { ResourceTypeHandler } from '../contract.js';
import type { ResourceChangeDetailRecord, ResourceChangeRecord } from '../state.js';
import type { TemplateResource } from '../template/document.js';
import { referencesIn } from '../template/references.js';
import { deepEqual, hasPlaceholder, shownValue } from '../template/values.js';

type RequiresRecreation = ResourceChangeDetailRecord['Target']['RequiresRecreation'];

/** Everything {@link compareResource} looks at for one resource present before and after. */
export interface ResourceComparison {
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly handler: Pick<
    ResourceTypeHandler,
    'replaceOn' | 'conditionalReplaceOn' | 'nameProperty'
  >;
  /** The resource as the current template declares it. */
  readonly before?: TemplateResource;
  /** The resource as the new template declares it. */
  readonly after: TemplateResource;
  /** Current resolved properties. */
  readonly oldProperties: Readonly<Record<string, unknown>>;
  /** New resolved properties; placeholders stand for values unknown until execution. */
  readonly newProperties: Readonly<Record<string, unknown>>;
  /** Parameters whose value changes. */
  readonly changedParameters: ReadonlySet<string>;
  /** True when `Ref` of `logicalId` may change (it is added or replaced). */
  readonly refChanges: (logicalId: string) => boolean;
  /** True when `Fn::GetAtt` of `logicalId` may change (it is added, replaced or modified). */
  readonly attributeChanges: (logicalId: string) => boolean;
  readonly updateReplacePolicy?: string;
}

/** How a property change weighs on replacement. */
export function requiresRecreation(
  handler: ResourceComparison['handler'],
  property: string,
): RequiresRecreation {
  if (handler.replaceOn.includes(property) || handler.nameProperty === property) return 'Always';
  return handler.conditionalReplaceOn?.includes(property) === true ? 'Conditionally' : 'Never';
}

/** The change set's `Modify` of one resource, or `undefined` when nothing about it changes. */
export function compareResource(input: ResourceComparison): ResourceChangeRecord | undefined {
  const details: ResourceChangeDetailRecord[] = [];
  const names = new Set([...Object.keys(input.oldProperties), ...Object.keys(input.newProperties)]);
  for (const name of names) details.push(...propertyDetails(input, name));
  if (!deepEqual(input.before?.Metadata, input.after.Metadata)) {
    details.push({
      Target: { Attribute: 'Metadata', RequiresRecreation: 'Never' },
      Evaluation: 'Static',
      ChangeSource: 'DirectModification',
    });
  }
  if (details.length === 0) return undefined;
  const replacement = replacementOf(details);
  return {
    Action: 'Modify',
    LogicalResourceId: input.logicalId,
    ...(input.physicalId === undefined ? {} : { PhysicalResourceId: input.physicalId }),
    ResourceType: input.type,
    Replacement: replacement,
    ...(replacement === 'False'
      ? {}
      : { PolicyAction: replacePolicyAction(input.updateReplacePolicy) }),
    Scope: [...new Set(details.map((detail) => detail.Target.Attribute))],
    Details: details,
  };
}

function propertyDetails(input: ResourceComparison, name: string): ResourceChangeDetailRecord[] {
  const before = input.oldProperties[name];
  const after = input.newProperties[name];
  const unknown = hasPlaceholder(after);
  const changed = !unknown && !deepEqual(before, after);
  const raw = input.after.Properties?.[name];
  const { refs, getAtts } = referencesIn(raw);
  const dynamic: Array<Pick<ResourceChangeDetailRecord, 'ChangeSource' | 'CausingEntity'>> = [
    ...[...refs]
      .filter((id) => input.refChanges(id))
      .map((id) => ({ ChangeSource: 'ResourceReference' as const, CausingEntity: id })),
    ...[...getAtts]
      .filter((target) => input.attributeChanges(target.split('.')[0] ?? ''))
      .map((target) => ({ ChangeSource: 'ResourceAttribute' as const, CausingEntity: target })),
  ];
  if (!changed && dynamic.length === 0) return [];
  const target: ResourceChangeDetailRecord['Target'] = {
    Attribute: name === 'Tags' ? 'Tags' : 'Properties',
    ...(name === 'Tags' ? {} : { Name: name }),
    RequiresRecreation: name === 'Tags' ? 'Never' : requiresRecreation(input.handler, name),
    Path: `/Properties/${name}`,
    ...withValue('BeforeValue', shownValue(before)),
    ...withValue('AfterValue', unknown ? undefined : shownValue(after)),
    AttributeChangeType: before === undefined ? 'Add' : after === undefined ? 'Remove' : 'Modify',
  };
  const details: ResourceChangeDetailRecord[] = [];
  const directly = !deepEqual(input.before?.Properties?.[name], raw);
  if (directly)
    details.push({ Target: target, Evaluation: 'Static', ChangeSource: 'DirectModification' });
  if (changed) {
    for (const parameter of [...refs].filter((ref) => input.changedParameters.has(ref))) {
      details.push({
        Target: target,
        Evaluation: 'Static',
        ChangeSource: 'ParameterReference',
        CausingEntity: parameter,
      });
    }
  }
  for (const cause of dynamic) details.push({ Target: target, Evaluation: 'Dynamic', ...cause });
  if (details.length === 0) {
    details.push({ Target: target, Evaluation: 'Static', ChangeSource: 'Automatic' });
  }
  return details;
}

function withValue(key: 'BeforeValue' | 'AfterValue', value: string | undefined) {
  return value === undefined ? {} : { [key]: value };
}

/** `True` for a static change needing recreation, `Conditional` for a possible one, else `False`. */
export function replacementOf(
  details: readonly ResourceChangeDetailRecord[],
): 'True' | 'False' | 'Conditional' {
  const always = details.filter((detail) => detail.Target.RequiresRecreation === 'Always');
  if (always.some((detail) => detail.Evaluation === 'Static')) return 'True';
  if (always.length > 0) return 'Conditional';
  return details.some((detail) => detail.Target.RequiresRecreation === 'Conditionally')
    ? 'Conditional'
    : 'False';
}

function replacePolicyAction(policy: string | undefined): string {
  if (policy === 'Retain') return 'ReplaceAndRetain';
  if (policy === 'Snapshot') return 'ReplaceAndSnapshot';
  return 'ReplaceAndDelete';
}

/** `PolicyAction` of a `Remove`, from the resource's DeletionPolicy. */
export function removePolicyAction(policy: string | undefined): 'Delete' | 'Retain' | 'Snapshot' {
  if (policy === 'Retain' || policy === 'RetainExceptOnCreate') return 'Retain';
  return policy === 'Snapshot' ? 'Snapshot' : 'Delete';
}

/**
 * What executing an update does to one resource, with the real values at hand: nothing, an update in
 * place, or a replacement (a changed property the type replaces on, or its physical name).
 * Conditional replacements are made in place.
 */
export function updateAction(
  handler: ResourceComparison['handler'],
  oldProperties: Readonly<Record<string, unknown>>,
  newProperties: Readonly<Record<string, unknown>>,
  otherChanges: boolean,
): 'Replace' | 'Update' | undefined {
  const names = new Set([...Object.keys(oldProperties), ...Object.keys(newProperties)]);
  const changed = [...names].filter((name) => !deepEqual(oldProperties[name], newProperties[name]));
  if (changed.some((name) => requiresRecreation(handler, name) === 'Always')) return 'Replace';
  return changed.length > 0 || otherChanges ? 'Update' : undefined;
}
