import { affectedEnvironments } from '../../core/affected-environments.js';
import { promotionStep, stepDescription } from '../../core/promotion-step.js';
import type {
  EnvironmentProgress,
  Promotion,
  PromotionStage,
  PromotionTarget,
} from '../../model/promotion.js';
import { isFinalStage, WAITING_STAGES } from '../../model/promotion.js';
import type { PushRequest } from '../../model/reconcile-request.js';
import type { ManifestSource } from '../../ports/manifest-source.js';
import { approveHint, reportStage, supersede } from './promotion-status.js';
import type { ReconcileDeps, ReconcileResult } from './reconcile-deps.js';

const NO_COMMIT = /^0{40}$/;

/**
 * A push to main: finds the environments it affects (from the payload's file lists, else through
 * the compare API), starts the commit's promotion, takes each environment's target over from older
 * commits (superseding what they still had waiting, and carrying those environments over, since
 * this commit contains their changes too, with the environment before one of them that an older
 * commit still rolls out), sets every affected environment's status to pending at once, and queues
 * a step for each. A push older than an environment's target (delivered late) is superseded there
 * at once. Idempotent: a repeated push finds its promotion started, and leaves the statuses of
 * environments that moved on as they are.
 *
 * @example
 * await onPush(deps, { kind: 'push', sha, before, changedFiles: null, ... });
 */
export async function onPush(deps: ReconcileDeps, push: PushRequest): Promise<ReconcileResult> {
  const manifests = deps.manifestsAt(push.sha);
  const envs = await manifests.list();
  const files = await changedFiles(deps, push);
  const affected = files
    ? affectedEnvironments(files, envs, { manifestDir: deps.manifestDir })
    : {
        environments: envs,
        reasons: Object.fromEntries(envs.map((e) => [e, 'every file may have changed'])),
      };
  const committedAt = new Date(push.committedAt).toISOString();
  const self = { sha: push.sha, committedAt };
  const reasons: Record<string, string> = { ...affected.reasons };
  for (const env of envs) {
    if (reasons[env] !== undefined) continue;
    const carried = await pendingElsewhere(deps, env, self, WAITING_STAGES);
    if (carried) reasons[env] = `carried over from ${carried.slice(0, 7)}, still pending there`;
  }
  await carryPredecessors(deps, manifests, envs, self, reasons);
  const names = envs.filter((e) => reasons[e] !== undefined);
  if (names.length === 0) return { summary: `push ${push.sha.slice(0, 7)} affects no environment` };

  const now = deps.clock.now().toISOString();
  const environments: Record<string, EnvironmentProgress> = Object.fromEntries(
    names.map((env) => [env, { stage: 'waiting', detail: 'queued', at: now }]),
  );
  const promotion = await deps.promotions.start({
    sha: push.sha,
    committedAt,
    createdAt: now,
    reasons,
    environments,
  });

  for (const env of Object.keys(promotion.environments)) {
    const claim = await deps.promotions.claimTarget(env, self);
    // A push delivered after a newer commit's: that one carries this one's changes.
    if (!claim.claimed) await supersede(deps, push.sha, env, claim.current.sha);
    else if (claim.previous && claim.previous.sha !== push.sha)
      await supersede(deps, claim.previous.sha, env, push.sha);
  }
  // A repeated delivery finds environments moved on: their statuses stand, done ones take no step.
  const current = (await deps.promotions.get(push.sha)) ?? promotion;
  await reportQueued(deps, current);
  for (const [env, progress] of Object.entries(current.environments))
    if (!isFinalStage(progress.stage))
      await deps.queue.send({ kind: 'advance', env, sha: push.sha });
  const list = Object.keys(promotion.environments).join(', ');
  return { summary: `push ${push.sha.slice(0, 7)} affects ${list}` };
}

/** The payload's file list, or the compare API's; `undefined` when every file may have changed. */
async function changedFiles(
  deps: ReconcileDeps,
  push: PushRequest,
): Promise<readonly string[] | undefined> {
  if (push.changedFiles) return push.changedFiles;
  if (NO_COMMIT.test(push.before)) return undefined;
  const compared = await deps.changes.changedFiles(push.before, push.sha);
  return compared.complete ? compared.files : undefined;
}

/**
 * The older commit (the environment's target, not newer than `self`: a newer one's changes are
 * not in this commit) whose promotion still has `env` in one of `stages`.
 */
async function pendingElsewhere(
  deps: ReconcileDeps,
  env: string,
  self: PromotionTarget,
  stages: readonly PromotionStage[],
): Promise<string | undefined> {
  const target = await deps.promotions.target(env);
  if (!target || target.sha === self.sha || target.committedAt > self.committedAt) return undefined;
  const older = await deps.promotions.get(target.sha);
  const stage = older?.environments[env]?.stage;
  return stage && stages.includes(stage) ? target.sha : undefined;
}

/**
 * Carries over the environment an affected one comes after (`rollout.after`) while an older commit
 * is still rolling out there: else this commit's promotion would not wait for it, and the
 * environment after it would take the older commit's changes before they had succeeded there.
 */
async function carryPredecessors(
  deps: ReconcileDeps,
  manifests: ManifestSource,
  envs: readonly string[],
  self: PromotionTarget,
  reasons: Record<string, string>,
): Promise<void> {
  for (let added = true; added; ) {
    added = false;
    for (const env of envs) {
      if (reasons[env] === undefined) continue;
      const before = (await manifests.load(env)).desired.rollout.after;
      if (before === undefined || reasons[before] !== undefined || !envs.includes(before)) continue;
      const older = await pendingElsewhere(deps, before, self, ['rolling-out']);
      if (older === undefined) continue;
      reasons[before] = `carried over from ${older.slice(0, 7)}, still rolling out there`;
      added = true;
    }
  }
}

/** Every waiting environment's status, pending at once: `queued`, `waiting for dev`, ... */
async function reportQueued(deps: ReconcileDeps, promotion: Promotion): Promise<void> {
  const manifests = deps.manifestsAt(promotion.sha);
  for (const [env, progress] of Object.entries(promotion.environments)) {
    if (progress.stage !== 'waiting') continue;
    const { desired } = await manifests.load(env);
    const step = promotionStep({
      env,
      promotion,
      target: { sha: promotion.sha, committedAt: promotion.committedAt },
      after: desired.rollout.after,
      requireApproval: false,
      approved: false,
    });
    const description =
      step.kind === 'wait' ? stepDescription(step, approveHint(env, promotion.sha)) : 'queued';
    await reportStage(deps, promotion.sha, env, 'pending', description);
  }
}
