import type { Drift } from '../model/drift.js';
import type { HealAction, HealedPath, UnhealedDrift } from '../model/heal.js';
import { formatPath } from '../model/manifest-path.js';

// What the per-resource heal planners share: each turns one resource's drifts into at most one
// action, and the drifts it leaves with the reason.

/** One resource's plan: its action, when anything can be healed, and the drifts left alone. */
export interface ResourcePlan<A extends HealAction = HealAction> {
  readonly action?: A;
  readonly unhealed: UnhealedDrift[];
}

/** Why a field is never healed in place, for the fields that have a reason of their own. */
const NEVER_IN_PLACE: Readonly<Record<string, string>> = {
  'database.storageEncrypted': 'encryption is chosen when the instance is created',
  'database.engine': 'the engine is chosen when the instance is created',
  'database.engineVersion': 'RDS cannot downgrade, and an upgrade is a rollout’s decision',
  'loadBalancer.scheme': 'the scheme is chosen when the load balancer is created',
  'loadBalancer.accessLogs': 'access logs need the bucket they go to, which only the stack knows',
};

/** Collects one resource's drifts into at most one action, and the drifts it leaves. */
export interface Draft {
  readonly heals: HealedPath[];
  readonly unhealed: UnhealedDrift[];
}

/** An empty {@link Draft}. */
export const draft = (): Draft => ({ heals: [], unhealed: [] });

/** A drift of a field no direct call puts back, with the most specific reason known. */
export const notInPlace = (d: Drift): UnhealedDrift => ({
  drift: d,
  reason:
    NEVER_IN_PLACE[formatPath(d.path)] ??
    (d.path.includes('tags') ? 'tags are not healed' : 'not healed in place'),
});

/** The healed path of a drift: from its live value to `to` (the declared value by default). */
export const healed = (d: Drift, to: unknown = d.declared): HealedPath => ({
  path: d.path,
  from: d.live,
  to,
});
/** Every drift of a resource that is not present to heal (never expected of an `update` drift). */
export const notObserved = (drifts: readonly Drift[]): { unhealed: UnhealedDrift[] } => ({
  unhealed: drifts.map((d) => ({ drift: d, reason: 'not observed as present' })),
});
