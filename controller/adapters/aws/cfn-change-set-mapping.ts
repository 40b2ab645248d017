import type { Change } from '@aws-sdk/client-cloudformation';
import type {
  ChangeAction,
  Replacement,
  RequiresRecreation,
  ResourceChange,
} from '../../model/change-set.js';

/** Translates DescribeChangeSet `Changes` into the change-set model; non-resource changes are skipped. */
export function toResourceChanges(changes: readonly Change[]): ResourceChange[] {
  const out: ResourceChange[] = [];
  for (const c of changes) {
    const r = c.ResourceChange;
    if (c.Type !== 'Resource' || !r?.Action || !r.LogicalResourceId || !r.ResourceType) continue;
    out.push({
      action: r.Action as ChangeAction,
      logicalId: r.LogicalResourceId,
      ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}),
      resourceType: r.ResourceType,
      ...(r.Replacement ? { replacement: r.Replacement as Replacement } : {}),
      details: (r.Details ?? []).map((d) => ({
        attribute: d.Target?.Attribute ?? 'Properties',
        ...(d.Target?.Name ? { name: d.Target.Name } : {}),
        ...(d.Target?.RequiresRecreation
          ? { requiresRecreation: d.Target.RequiresRecreation as RequiresRecreation }
          : {}),
      })),
    });
  }
  return out;
}

/** CloudFormation's ways of saying a change set has nothing to do. */
export function isNoChangeReason(reason: string | undefined): boolean {
  return (
    reason !== undefined && /didn't contain changes|No updates are to be performed/i.test(reason)
  );
}
