import type { Drift, Unchecked } from '../model/drift.js';
import { formatPath, type ManifestPath } from '../model/manifest-path.js';
import { exact } from './comparators.js';

/** A rollout's verification, sorted: what fails it, and what it leaves as it found it. */
export interface RolloutVerdict {
  /** Declared changes that did not land, and drift the rollout brought: each fails the rollout. */
  readonly notLanded: readonly Drift[];
  /** Declarations that could not be read afterwards: never counted as landed. */
  readonly unchecked: readonly Unchecked[];
  /** Drift that was there before the change set executed, that it did not reach, and that is unchanged. */
  readonly remaining: readonly Drift[];
}

/**
 * Sorts the drift found after a rollout. A drift is *remaining* (reported, healed when the manifest
 * allows it, never a failure) when all of these hold:
 * - it is not a missing declared resource (`create`): making declarations exist is the rollout's job;
 * - `before`, the comparison made just before the change set executed, has a drift at the same path,
 *   of the same action, with the same live value: it existed before, and nothing moved it since;
 * - no path the change set reaches (`changeSetReach`) is the drift's path, above it or below it:
 *   CloudFormation was not asked to set it.
 *
 * Anything else fails the rollout: a change set that set a field which is still not as declared
 * did not land; a drift that was not there before the rollout came with it. Without `before` (the
 * stack's first creation) every drift fails it. Pure.
 *
 * @example
 * const verdict = sortAfterRollout(before, diff(desired, live), changeSetReach(changes, pathOf));
 * if (verdict.notLanded.length > 0) fail(verdict.notLanded);
 */
export function sortAfterRollout(
  before: { readonly drifts: readonly Drift[] } | undefined,
  after: { readonly drifts: readonly Drift[]; readonly unchecked: readonly Unchecked[] },
  reach: readonly ManifestPath[],
): RolloutVerdict {
  const found = new Map((before?.drifts ?? []).map((d) => [formatPath(d.path), d]));
  const notLanded: Drift[] = [];
  const remaining: Drift[] = [];
  for (const d of after.drifts) {
    const earlier = found.get(formatPath(d.path));
    const untouched =
      d.action !== 'create' &&
      earlier !== undefined &&
      earlier.action === d.action &&
      exact(earlier.live, d.live) &&
      !reach.some((r) => overlaps(r, d.path));
    (untouched ? remaining : notLanded).push(d);
  }
  return { notLanded, unchecked: after.unchecked, remaining };
}

/** One path is the other or lies below it. */
function overlaps(a: ManifestPath, b: ManifestPath): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).every((s, i) => s === b[i]);
}
