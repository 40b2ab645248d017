import type { HealAction, HealApplied } from '../model/heal.js';
import type { DesiredState } from '../model/manifest.js';

/**
 * Applies one heal action with one direct, idempotent API call (`UpdateService`,
 * `ModifyTargetGroup`, `ModifyListener`, `ModifyLoadBalancerAttributes`, `ModifyDBInstance`):
 * applying it twice leaves the resource as applying it once. Throws the service's error when the
 * call is refused; the flow records it and goes on with the next action.
 *
 * @example
 * const applied = await healer.apply({ api: 'UpdateService', cluster: 'dev', service: 'dev-api',
 *   desiredCount: 2, key, heals });
 * if (!applied.changed) console.log(applied.note);
 */
export interface Healer {
  apply(action: HealAction): Promise<HealApplied>;
}

/**
 * Opens a healer for an environment: clients for its region, acting as the role its manifest
 * declares, bound to its platform stack (where a service's declared task definition is looked up).
 *
 * @example
 * const healer = healers.open(desired);
 * for (const action of plan.actions) await healer.apply(action);
 */
export interface HealerFactory {
  open(desired: DesiredState): Healer;
}
