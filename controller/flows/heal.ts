import type { DiffResult } from '../core/diff.js';
import { describeHealApplied, describeHealFailed } from '../core/heal-messages.js';
import { healHeld, planHeal } from '../core/heal-plan.js';
import { LockHeldError } from '../model/errors.js';
import type { HealPlan, HealSummary } from '../model/heal.js';
import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';
import type { DriftReport } from '../model/report.js';
import type { Healer, HealerFactory } from '../ports/healer.js';
import type { LockStore } from '../ports/lock-store.js';
import { type DetectDriftDeps, observeDrift } from './detect-drift.js';
import type { Pacing } from './pacing.js';
import { acquireWithWait, withLease } from './with-lease.js';

/** The ports self-healing needs. */
export interface HealDeps {
  readonly locks: LockStore;
  /** Who takes the lease, e.g. `scan:<scanId>`. */
  readonly owner: string;
  /** Healers bound to each environment's account, region and platform stack. */
  readonly healers: HealerFactory;
  /** How a held lease is waited for. */
  readonly pacing: Pacing;
  /**
   * How long to wait for a lease another owner holds (a rollout) before skipping the heal.
   * @default 5_000
   */
  readonly waitLockMs?: number;
  /** @default 60_000 */
  readonly lockTtlMs?: number;
}

/** What a scan knows of an environment when it decides to heal it. */
export interface HealRequest {
  readonly desired: DesiredState;
  readonly result: DiffResult;
  readonly live: LiveState;
  readonly report: DriftReport;
  readonly scanId: string;
  readonly ref?: string;
}

/** What healing did, and the report of the environment afterwards. */
export interface HealOutcome {
  readonly summary: HealSummary;
  readonly report: DriftReport;
}

/**
 * Puts declared values back with direct, idempotent API calls, under the environment's lease, when
 * the manifest says `drift.selfHeal: true`. A lease held by someone else (a rollout) is waited for
 * briefly, then the heal is skipped: it never races a rollout. Under the lease the environment is
 * observed again and the plan made from that observation, since whoever held the lease may have
 * changed it; after the actions it is observed once more, and that report is returned.
 *
 * @example
 * const { summary, report } = await healEnvironment(healDeps, driftDeps, { desired, result, live, report, scanId });
 * if (summary.skipped) log.info(summary.skipped);
 */
export async function healEnvironment(
  deps: HealDeps,
  detect: DetectDriftDeps,
  req: HealRequest,
): Promise<HealOutcome> {
  const env = req.desired.environment.name;
  const skip = (skipped: string): HealOutcome => ({
    summary: { actions: [], held: false, skipped },
    report: req.report,
  });
  if (!req.desired.drift.selfHeal) return skip('drift.selfHeal is off');
  // Nothing healable in what the scan saw: no lease taken, no second observation.
  if (planHeal(req.desired, req.result, req.live).actions.length === 0)
    return skip('no drift can be healed in place');

  const ttlMs = deps.lockTtlMs ?? 60_000;
  const waitMs = deps.waitLockMs ?? 5_000;
  const lease = {
    env,
    owner: deps.owner,
    ttlMs,
    acquire: () => acquireWithWait(deps.locks, env, deps.owner, ttlMs, waitMs, deps.pacing),
  };
  try {
    return await withLease(deps.locks, lease, (_lease, signal) =>
      healUnderLease(deps, detect, { env, ...(req.ref ? { ref: req.ref } : {}) }, signal),
    );
  } catch (error) {
    if (error instanceof LockHeldError) return skip(`a rollout holds the lease (${error.holder})`);
    throw error;
  }
}

/**
 * The heal proper, with the lease held: observe again (whoever held the lease may have changed
 * the environment or its manifest), plan from that, apply, observe once more.
 */
async function healUnderLease(
  deps: HealDeps,
  detect: DetectDriftDeps,
  target: { readonly env: string; readonly ref?: string },
  signal: AbortSignal,
): Promise<HealOutcome> {
  const fresh = await observeDrift(detect, target);
  const skip = (skipped: string): HealOutcome => ({
    summary: { actions: [], held: false, skipped },
    report: fresh.report,
  });
  if (!fresh.desired || !fresh.result || !fresh.live)
    return skip('the environment could not be observed again');
  if (!fresh.desired.drift.selfHeal) return skip('drift.selfHeal is off');
  const plan = planHeal(fresh.desired, fresh.result, fresh.live);
  if (plan.actions.length === 0) return skip('nothing left to heal once the lease was taken');
  const actions = await applyHealPlan(deps.healers.open(fresh.desired), plan, signal);
  const after = await observeDrift(detect, target);
  const held = after.result !== undefined && healHeld(plan, after.result);
  return { summary: { actions, held }, report: after.report };
}

/**
 * Applies a plan's actions one after another, each independently: a refused call is a `failed:`
 * line and the next action still runs. Stops between actions when `signal` is aborted (the lease was
 * lost), throwing its reason. Returns one line per action. Takes no lease: the caller holds it.
 *
 * @example
 * const lines = await applyHealPlan(healer, planHeal(desired, result, live), signal);
 */
export async function applyHealPlan(
  healer: Healer,
  plan: HealPlan,
  signal?: AbortSignal,
): Promise<string[]> {
  const lines: string[] = [];
  for (const action of plan.actions) {
    if (signal?.aborted) throw signal.reason;
    try {
      lines.push(describeHealApplied(action, await healer.apply(action)));
    } catch (error) {
      lines.push(describeHealFailed(action, error));
    }
  }
  return lines;
}
