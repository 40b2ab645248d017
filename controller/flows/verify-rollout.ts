import { changeSetReach, leftOutOnUpdate } from '../core/change-set-reach.js';
import { diff } from '../core/diff.js';
import { healHeld, planHeal } from '../core/heal-plan.js';
import { sortAfterRollout } from '../core/remaining-drift.js';
import type { ResourceChange } from '../model/change-set.js';
import type { Drift } from '../model/drift.js';
import type { HealSummary } from '../model/heal.js';
import type { DesiredState } from '../model/manifest.js';
import { formatPath, type ManifestPath } from '../model/manifest-path.js';
import type { Healer } from '../ports/healer.js';
import type { LiveStateReader } from '../ports/live-state-reader.js';
import { applyHealPlan } from './heal.js';

/** What verifying a rollout compares. */
export interface VerifyRolloutInput {
  readonly desired: DesiredState;
  readonly reader: LiveStateReader;
  /** Heals the remaining drift when the manifest says `drift.selfHeal`. @default - never heals */
  readonly healer?: Healer;
  /** The comparison made just before the change set executed; absent for a first create. */
  readonly before?: { readonly drifts: readonly Drift[] };
  readonly changes: readonly ResourceChange[];
  /** The manifest path of each of the stack's logical ids. */
  readonly pathOf: (logicalId: string) => ManifestPath | undefined;
  /** Aborted when the lease is lost: no heal action starts after that. */
  readonly signal?: AbortSignal;
}

/** How verification ended. */
export interface VerifyRolloutResult {
  /** Why the rollout failed: a declared change that did not land, or one that cannot be checked. */
  readonly failure?: string;
  /** Drift from before the rollout, untouched by it, still there (after any heal). */
  readonly remainingDrift: readonly Drift[];
  readonly healed?: HealSummary;
}

/**
 * Verifies a rollout (see `sortAfterRollout` for what fails it and what remains). Drift that
 * remains is healed with the same plan and calls as a scan's heal when the manifest allows it and a
 * healer is given; the lease is the rollout's own, so none is taken. The environment is observed
 * once more after a heal, and only what is still drifted is reported as remaining.
 *
 * @example
 * const verified = await verifyRollout({ desired, reader, healer, before, changes, pathOf });
 * if (verified.failure) return end('failed', { error: verified.failure });
 */
export async function verifyRollout(input: VerifyRolloutInput): Promise<VerifyRolloutResult> {
  const { desired, reader } = input;
  const live = await reader.read(desired);
  const verdict = sortAfterRollout(
    input.before,
    diff(desired, live),
    changeSetReach(input.changes, input.pathOf, leftOutOnUpdate(desired)),
  );
  const failing = [
    ...verdict.notLanded.map((d) => formatPath(d.path)),
    ...verdict.unchecked.map((u) => `${formatPath(u.path)} (unchecked)`),
  ];
  if (failing.length > 0) {
    return {
      failure: `live state differs from the manifest after the rollout: ${failing.join(', ')}`,
      remainingDrift: verdict.remaining,
    };
  }
  const remaining = verdict.remaining;
  if (remaining.length === 0 || !desired.drift.selfHeal) return { remainingDrift: remaining };
  const skipped = (why: string) => ({
    remainingDrift: remaining,
    healed: { actions: [], held: false, skipped: why },
  });
  if (!input.healer) return skipped('no healer was given to this rollout');
  const plan = planHeal(desired, { drifts: remaining }, live);
  if (plan.actions.length === 0) return skipped('no drift can be healed in place');

  const actions = await applyHealPlan(input.healer, plan, input.signal);
  const after = diff(desired, await reader.read(desired));
  const paths = new Set(remaining.map((d) => formatPath(d.path)));
  return {
    remainingDrift: after.drifts.filter((d) => paths.has(formatPath(d.path))),
    healed: { actions, held: healHeld(plan, after) },
  };
}

/**
 * The warning of a rollout that left drift behind: what remains, and how to put it back.
 * `healed` is what healing it did; absent when the manifest does not allow healing.
 */
export function remainingDriftWarning(
  remaining: readonly Drift[],
  healed: HealSummary | undefined,
): string | undefined {
  if (remaining.length === 0) return undefined;
  const paths = remaining.map((d) => formatPath(d.path)).join(', ');
  const advice =
    healed === undefined
      ? 'turn on drift.selfHeal, or put it back by hand'
      : healed.skipped !== undefined
        ? `not healed (${healed.skipped}): put it back by hand`
        : 'healing did not put all of it back (see the heal lines): put the rest back by hand';
  return `drift from before the rollout remains, which CloudFormation does not revert: ${paths}; ${advice}`;
}
