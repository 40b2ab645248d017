import type { Drift } from '../model/drift.js';
import type { DatabaseChanges, ModifyDbInstanceAction } from '../model/heal.js';
import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';
import { draft, healed, notInPlace, notObserved, type ResourcePlan } from './heal-plan-common.js';

/** The settings ModifyDBInstance changes on an existing instance (never encryption or engine). */
const DATABASE_IN_PLACE: ReadonlySet<string> = new Set([
  'instanceClass',
  'allocatedStorage',
  'storageType',
  'multiAz',
  'backupRetentionDays',
  'deletionProtection',
  'publiclyAccessible',
]);

/**
 * One `ModifyDBInstance` for every drifted setting RDS changes in place; allocated storage only
 * upwards (RDS never shrinks it). `ApplyImmediately` as the manifest says.
 */
export function planDatabase(
  desired: DesiredState,
  live: LiveState,
  drifts: readonly Drift[],
): ResourcePlan<ModifyDbInstanceAction> {
  if (live.database?.state !== 'present') return notObserved(drifts);
  const out = draft();
  const changes: Record<string, unknown> = {};
  for (const d of drifts) {
    const field = d.path[1] as string;
    if (!DATABASE_IN_PLACE.has(field) || d.path.length !== 2) out.unhealed.push(notInPlace(d));
    else if (field === 'allocatedStorage' && !(Number(d.declared) > Number(d.live)))
      out.unhealed.push({ drift: d, reason: 'RDS cannot shrink allocated storage' });
    else {
      changes[field] = d.declared;
      out.heals.push(healed(d));
    }
  }
  if (out.heals.length === 0) return { unhealed: out.unhealed };
  return {
    action: {
      api: 'ModifyDBInstance',
      key: (drifts[0] as Drift).key,
      heals: out.heals,
      identifier: live.database.value.identifier,
      applyImmediately: desired.drift.healApplyImmediately,
      changes: changes as DatabaseChanges,
    },
    unhealed: out.unhealed,
  };
}
