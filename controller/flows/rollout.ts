import { WORKING_TREE_REF } from '../model/conventions.js';
import {
  LockHeldError,
  LockLostError,
  ManifestInvalidError,
  ManifestNotFoundError,
  PlumblineError,
  RoleAssumptionFailedError,
} from '../model/errors.js';
import type { DesiredState } from '../model/manifest.js';
import type { RolloutCheckpoint } from '../model/rollout-checkpoint.js';
import type { RolloutOutcome, RolloutResult, RolloutWarning } from '../model/rollout-outcome.js';
import { optionalStep, unreleasedLeaseAdvice } from './optional-step.js';
import { PhaseRecorder } from './phase-recorder.js';
import { type Applied, applyFresh, continueFrom } from './rollout-apply.js';
import { Checkpointing } from './rollout-checkpointing.js';
import type { RolloutDeps, RolloutRequest } from './rollout-types.js';
import { acquireWithWait, withLease } from './with-lease.js';

export { changeSetName } from './rollout-apply.js';
export type { EnvironmentConnection, RolloutDeps, RolloutRequest } from './rollout-types.js';

/** How one invocation's part of a rollout ended: done, or parked for a later invocation. */
export type RolloutStep = Applied;

/**
 * Rolls an environment out to its manifest: load -> identity -> lock -> synth -> change set ->
 * describe -> guard -> execute -> wait -> (protect) -> verify -> release. Every phase is recorded with
 * its timing and failure reason. The caller's account and region are checked before anything is
 * written (the lease included). The template is synthesized for the stack as it is: a first create
 * declares every count, an update leaves auto-scaled counts alone. An empty change set is success
 * without executing; a change that would replace or remove a stateful resource is blocked, its change
 * set deleted, nothing executed. Steps after execution that the deploy does not depend on (turning
 * on termination protection after a first create, releasing the lease) never fail it: their failure
 * is a warning in the outcome, with what to do about it.
 *
 * @example
 * const outcome = await rollout(deps, { env: 'dev', owner: 'cli:laptop:4242' });
 * process.exitCode = rolloutExitCode(outcome.result);
 */
export async function rollout(deps: RolloutDeps, req: RolloutRequest): Promise<RolloutOutcome> {
  const step = await rolloutStep(deps, req);
  if (step.kind === 'parked')
    throw new PlumblineError(`rollout of ${req.env} parked: continue it with rolloutStep`);
  return step.outcome;
}

/**
 * {@link rollout}, as one invocation of a rollout that may outlive it: with `req.park`, the wait for
 * CloudFormation stops at `park.at`, the lease is parked (held for `park.holdMs`, same owner and
 * token) and the checkpoint is returned; with `req.resume`, the rollout the checkpoint describes
 * continues under its resumed lease. The checkpoint is written before each step that changes
 * something, so a crash at any point is continued from there and no change set is executed twice.
 *
 * @example
 * const step = await rolloutStep({ ...deps, checkpoints }, { env, owner, ref: sha,
 *   park: { at: new Date(Date.now() + 600_000), holdMs: 900_000 } });
 * if (step.kind === 'parked') await queue.send(continuation, { delaySeconds: 30 });
 */
export async function rolloutStep(deps: RolloutDeps, req: RolloutRequest): Promise<RolloutStep> {
  const resume = req.resume;
  if (resume && resume.owner !== req.owner)
    throw new PlumblineError(
      `cannot continue ${req.env}'s rollout of ${resume.owner} as ${req.owner}`,
      { terminal: true },
    );
  const rec = new PhaseRecorder(deps.clock, resume?.phases);
  // Filled until the lease is released, after the outcome is built: shared, as the phases are.
  const warnings: RolloutWarning[] = [];
  let ref = req.ref ?? WORKING_TREE_REF;
  const end = (result: RolloutResult, extra: Partial<RolloutOutcome> = {}): RolloutOutcome => ({
    environment: req.env,
    ref,
    result,
    phases: rec.phases,
    changes: [],
    warnings,
    ...extra,
  });

  let desired: DesiredState;
  try {
    const loaded = await rec.run('load', () => deps.manifests.load(req.env, req.ref));
    desired = loaded.desired;
    ref = loaded.ref;
  } catch (error) {
    if (error instanceof ManifestInvalidError || error instanceof ManifestNotFoundError) {
      return { kind: 'done', outcome: end('invalid', { error: error.message }) };
    }
    throw error;
  }

  const conn = deps.connect(desired);
  try {
    const want = desired.environment;
    const mismatch = (me: { account: string; region: string }) =>
      me.account === want.account && me.region === want.region
        ? undefined
        : `refusing to roll out ${req.env}: the manifest declares account ${want.account} in ${want.region}, but the credentials are for account ${me.account} in ${me.region}`;
    // A role that cannot be assumed is refused here, before anything is written (the lease included).
    const me = await rec
      .check('identity', () => conn.identity.whoAmI(), mismatch)
      .catch((error: unknown) => {
        if (error instanceof RoleAssumptionFailedError) return error;
        throw error;
      });
    const refused = (error: string): RolloutStep => ({
      kind: 'done',
      outcome: end('refused', { error }),
    });
    if (me instanceof RoleAssumptionFailedError)
      return refused(`refusing to roll out ${req.env}: ${me.message}`);
    const refusal = mismatch(me);
    if (refusal) return refused(refusal);

    const ttlMs = req.lockTtlMs ?? 120_000;
    const lease = {
      env: req.env,
      owner: req.owner,
      ttlMs,
      acquire: () =>
        rec.run('lock', () =>
          resume
            ? deps.locks.resume(leaseOf(resume), ttlMs)
            : acquireWithWait(deps.locks, req.env, req.owner, ttlMs, req.waitLockMs ?? 0, deps),
        ),
      aroundRelease: (release: () => Promise<void>) =>
        optionalStep(rec, warnings, 'release', release, unreleasedLeaseAdvice(req.env, ttlMs)),
    };
    return await withLease(deps.locks, lease, async (held, signal, keep) => {
      const checkpoints = new Checkpointing(
        deps.checkpoints,
        { env: req.env, ref, owner: req.owner, token: held.token },
        rec,
        deps.clock,
      );
      const run = { deps, req, ref, desired, conn, rec, warnings, signal, end, checkpoints };
      const step = (resume && (await continueFrom(run, resume))) || (await applyFresh(run));
      if (step.kind === 'parked' && req.park) keep(req.park.holdMs);
      return step;
    });
  } catch (error) {
    if (error instanceof LockHeldError)
      return {
        kind: 'done',
        outcome: end('lock-held', { error: error.message, heldBy: error.holder }),
      };
    if (error instanceof LockLostError && resume)
      return {
        kind: 'done',
        outcome: end('failed', {
          error: `the rollout of ${req.env} stopped, and its lease was taken over before it could continue (${error.message}); CloudFormation finishes what it started; roll out again`,
        }),
      };
    throw error;
  } finally {
    conn.close();
  }
}

/** The lease a checkpoint was written under, to resume it (only env, owner and token are read). */
function leaseOf(checkpoint: RolloutCheckpoint) {
  const savedAt = new Date(checkpoint.savedAt);
  return {
    env: checkpoint.env,
    owner: checkpoint.owner,
    token: checkpoint.token,
    acquiredAt: savedAt,
    expiresAt: savedAt,
  };
}
