import { describeFreeze, freezeAt } from '../../core/freeze-window.js';
import { promotionStep, stepDescription } from '../../core/promotion-step.js';
import type { DesiredState } from '../../model/manifest.js';
import type { PromotionStage } from '../../model/promotion.js';
import { WAITING_STAGES } from '../../model/promotion.js';
import type { AdvanceRequest } from '../../model/reconcile-request.js';
import type { RolloutOutcome } from '../../model/rollout-outcome.js';
import { reportRollout } from '../report-rollout.js';
import { rolloutStep } from '../rollout.js';
import { approveHint, reportStage } from './promotion-status.js';
import type { ReconcileDeps, ReconcileResult } from './reconcile-deps.js';

/** The prefix of a reconciler's lease owner for one environment and commit. */
export function rolloutOwnerPrefix(env: string, sha: string): string {
  return `reconcile:${env}:${sha.slice(0, 12)}:`;
}

/**
 * One step of one environment's promotion at one commit (see {@link promotionStep}): supersede, wait
 * for the environment before it, wait for an approval, wait out a freeze (a delayed step is queued
 * for its end), or roll out. A rollout runs under the environment's lease and, when the invocation's
 * time is up, parks it and queues its own continuation; a later step resumes it with the same lease
 * token. When it ends, the status and alerts tell how, and the environments after it are queued.
 *
 * @example
 * await advance(deps, { kind: 'advance', env: 'staging', sha });
 */
export async function advance(deps: ReconcileDeps, req: AdvanceRequest): Promise<ReconcileResult> {
  const { env, sha } = req;
  const at = () => deps.clock.now().toISOString();
  const promotion = await deps.promotions.get(sha);
  if (!promotion) return { summary: `no promotion of ${sha.slice(0, 7)}` };
  const progress = promotion.environments[env];
  const manifests = deps.manifestsAt(sha);
  const { desired } = await manifests.load(env);
  const now = deps.clock.now();
  const freeze = freezeAt(desired.rollout.freeze, now);
  const step = promotionStep({
    env,
    promotion,
    target: await deps.promotions.target(env),
    after: desired.rollout.after,
    requireApproval: desired.rollout.requireApproval,
    approved: (await deps.approvals.find(env, sha)) !== undefined,
    ...(freeze.frozen
      ? { frozenUntil: { until: freeze.until, description: describeFreeze(freeze) } }
      : {}),
  });
  const description = stepDescription(step, approveHint(env, sha));
  const move = (stage: PromotionStage, detail: string, from = WAITING_STAGES) =>
    deps.promotions.move(sha, env, from, { stage, detail, at: at() });

  switch (step.kind) {
    case 'nothing':
      return { summary: step.why };
    case 'superseded':
      if (await move('superseded', description))
        await reportStage(deps, sha, env, 'error', description);
      return { summary: `${env} at ${sha.slice(0, 7)}: ${description}` };
    case 'skip':
      if (await move('skipped', description)) {
        await reportStage(deps, sha, env, 'error', description);
        await queueFollowers(deps, sha, env);
      }
      return { summary: `${env}: ${description}` };
    case 'wait':
    case 'await-approval':
      if (await move(step.kind === 'wait' ? 'waiting' : 'awaiting-approval', description))
        await reportStage(deps, sha, env, 'pending', description);
      return { summary: `${env}: ${description}` };
    case 'frozen': {
      if (await move('frozen', description))
        await reportStage(deps, sha, env, 'pending', description);
      const seconds = Math.ceil((step.until.getTime() - now.getTime()) / 1000);
      await deps.queue.send(req, { delaySeconds: Math.min(900, Math.max(1, seconds)) });
      return { summary: `${env}: ${description}` };
    }
    case 'roll-out':
      if (progress?.stage !== 'rolling-out' && !(await move('rolling-out', 'rolling out')))
        return { summary: `${env} at ${sha.slice(0, 7)} moved on meanwhile` };
      return rollOut(deps, req, desired);
  }
}

/** Starts or continues the rollout, then tells its end or queues its continuation. */
async function rollOut(
  deps: ReconcileDeps,
  req: AdvanceRequest,
  desired: DesiredState,
): Promise<ReconcileResult> {
  const { env, sha } = req;
  const manifests = deps.manifestsAt(sha);
  const checkpoint = await deps.checkpoints.load(env);
  const resume = checkpoint && checkpoint.ref === sha ? checkpoint : undefined;
  const owner = resume?.owner ?? `${rolloutOwnerPrefix(env, sha)}${deps.newId()}`;
  await reportStage(deps, sha, env, 'pending', resume ? 'rolling out (continued)' : 'rolling out');
  const rolloutDeps = {
    ...(await deps.rolloutDeps(desired, manifests)),
    checkpoints: deps.checkpoints,
  };
  const step = await rolloutStep(rolloutDeps, {
    env,
    ref: sha,
    owner,
    lockTtlMs: deps.continuation.leaseTtlMs,
    park: { at: deps.continuation.parkAt(), holdMs: deps.continuation.holdMs },
    ...(resume ? { resume } : {}),
  });
  if (step.kind === 'parked') {
    await deps.queue.send(req, { delaySeconds: deps.continuation.delaySeconds });
    return {
      summary: `${env} at ${sha.slice(0, 7)}: still rolling out, continues later (token ${step.checkpoint.token})`,
    };
  }
  const outcome = step.outcome;
  if (outcome.result === 'lock-held') return lockHeld(deps, req, outcome);
  const stage: PromotionStage =
    outcome.result === 'succeeded' || outcome.result === 'no-changes'
      ? 'succeeded'
      : outcome.result === 'blocked'
        ? 'blocked'
        : 'failed';
  await deps.promotions.move(sha, env, ['rolling-out'], {
    stage,
    detail: outcome.error ?? outcome.result,
    at: deps.clock.now().toISOString(),
  });
  const errors = await reportRollout(
    {
      clock: deps.clock,
      statuses: { reporter: deps.statuses, sha },
      ...(deps.alerts ? { alerts: deps.alerts } : {}),
    },
    outcome,
  );
  for (const error of errors) deps.logger.warn('rollout not fully reported', { env, error });
  await queueFollowers(deps, sha, env);
  return { summary: `${env} at ${sha.slice(0, 7)}: ${outcome.result}` };
}

/**
 * Another owner holds the lease. The run's own lease (a duplicate delivery while the run works, or
 * a continuation that arrived early) means there is nothing to do; anyone else's (a heal, a person's
 * rollout, an older commit still rolling out) means trying again later. Nothing was started, so
 * the environment goes back to `waiting`: a newer commit can supersede it meanwhile, and the retry
 * checks approval and freeze windows again.
 */
async function lockHeld(
  deps: ReconcileDeps,
  req: AdvanceRequest,
  outcome: RolloutOutcome,
): Promise<ReconcileResult> {
  const holder = outcome.heldBy ?? 'another owner';
  if (holder.startsWith(rolloutOwnerPrefix(req.env, req.sha)))
    return { summary: `${req.env}: the rollout is under way elsewhere` };
  const detail = `waiting for the lease of ${req.env}, held by ${holder}`;
  const at = deps.clock.now().toISOString();
  await deps.promotions.move(req.sha, req.env, ['rolling-out'], { stage: 'waiting', detail, at });
  await reportStage(deps, req.sha, req.env, 'pending', detail);
  await deps.queue.send(req, { delaySeconds: deps.continuation.lockRetrySeconds });
  return { summary: `${req.env}: lease held by ${holder}, trying again later` };
}

/** Queues a step for each environment of the promotion that comes after `env`. */
async function queueFollowers(deps: ReconcileDeps, sha: string, env: string): Promise<void> {
  const promotion = await deps.promotions.get(sha);
  if (!promotion) return;
  const manifests = deps.manifestsAt(sha);
  for (const other of Object.keys(promotion.environments)) {
    if (other === env) continue;
    const { desired } = await manifests.load(other);
    if (desired.rollout.after === env) await deps.queue.send({ kind: 'advance', env: other, sha });
  }
}
