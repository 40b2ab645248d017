import type { Drift, Unchecked } from '../model/drift.js';
import type { HealAction, HealPlan, UnhealedDrift } from '../model/heal.js';
import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';
import type { ManifestPath } from '../model/manifest-path.js';
import { formatKey } from '../model/resource-key.js';
import type { ResourcePlan } from './heal-plan-common.js';
import { planService } from './heal-plan-ecs.js';
import { planListener, planLoadBalancer, planTargetGroup } from './heal-plan-elbv2.js';
import { planDatabase } from './heal-plan-rds.js';
import { compileIgnoreRules, type IgnoreRules } from './path-pattern.js';

/**
 * The direct API calls that put the declared values of `result`'s drifts back, at most one per
 * resource. Pure. Only `update` drifts of fields that can be changed in place are healed: never a
 * missing resource (`create`: a rollout creates it), never an undeclared one (`delete`), never tags,
 * encryption, engine or scheme, never a smaller allocated storage; and never an ignored path, not
 * even as a side effect (a task definition is not rolled back while an ignored field of it differs;
 * a deployment configuration keeps the live values of the fields that did not drift).
 *
 * @example
 * const plan = planHeal(desired, diff(desired, live), live);
 * for (const action of plan.actions) await healer.apply(action);
 */
export function planHeal(
  desired: DesiredState,
  result: { readonly drifts: readonly Drift[] },
  live: LiveState,
): HealPlan {
  const ignore = compileIgnoreRules(desired.drift.ignore);
  const actions: HealAction[] = [];
  const unhealed: UnhealedDrift[] = [];
  const byResource = new Map<string, Drift[]>();
  for (const d of result.drifts) {
    if (d.action !== 'update') {
      const reason =
        d.action === 'create'
          ? 'declared but missing: creating it is a rollout’s job'
          : 'not declared: removing it is a rollout’s or a person’s decision';
      unhealed.push({ drift: d, reason });
      continue;
    }
    const id = formatKey(d.key);
    byResource.set(id, [...(byResource.get(id) ?? []), d]);
  }
  for (const drifts of byResource.values()) {
    const planned = planResource(desired, live, ignore, drifts);
    if (planned.action) actions.push(planned.action);
    unhealed.push(...planned.unhealed);
  }
  return { actions, unhealed };
}

function planResource(
  desired: DesiredState,
  live: LiveState,
  ignore: IgnoreRules,
  drifts: readonly Drift[],
): ResourcePlan {
  const first = drifts[0] as Drift;
  switch (first.key.kind) {
    case 'ecs-service':
      return planService(desired, live, ignore, drifts);
    case 'rds-instance':
      return planDatabase(desired, live, drifts);
    case 'load-balancer':
      return planLoadBalancer(live, drifts);
    case 'target-group':
      return planTargetGroup(desired, live, drifts);
    case 'listener':
      return planListener(desired, live, ignore, drifts);
  }
}

/**
 * Whether a heal held: no path its actions healed is drifted or unchecked in `after`, the comparison
 * observed once they were applied (an unchecked resource or field confirms nothing below it).
 */
export function healHeld(
  plan: Pick<HealPlan, 'actions'>,
  after: { readonly drifts: readonly Drift[]; readonly unchecked: readonly Unchecked[] },
): boolean {
  const left = [...after.drifts, ...after.unchecked].map((d) => d.path);
  return plan.actions.every((a) => a.heals.every((h) => !left.some((p) => isWithin(h.path, p))));
}

/** `path` equals `ancestor` or lies below it. */
function isWithin(path: ManifestPath, ancestor: ManifestPath): boolean {
  return ancestor.length <= path.length && ancestor.every((s, i) => s === path[i]);
}
