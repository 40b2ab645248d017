import { type DiffResult, diff } from '../core/diff.js';
import { type GuardVerdict, guard } from '../core/guard.js';
import { CHANGE_SET_POLL_POLICY } from '../core/retry.js';
import { ENVIRONMENT_TAG_KEY, WORKING_TREE_REF } from '../model/conventions.js';
import {
  LockHeldError,
  ManifestInvalidError,
  ManifestNotFoundError,
  RoleAssumptionFailedError,
  StackWaitTimeoutError,
} from '../model/errors.js';
import type { DesiredState } from '../model/manifest.js';
import type { ManifestPath } from '../model/manifest-path.js';
import type { RolloutOutcome, RolloutResult, RolloutWarning } from '../model/rollout-outcome.js';
import type { IdentityReader } from '../ports/caller-identity.js';
import type { Clock } from '../ports/clock.js';
import type { Healer } from '../ports/healer.js';
import type { LiveStateReader } from '../ports/live-state-reader.js';
import type { LockStore } from '../ports/lock-store.js';
import type { ManifestSource } from '../ports/manifest-source.js';
import type { ChangeSetDescription, ChangeSetRef, StackDeployer } from '../ports/stack-deployer.js';
import type { TemplateSynthesizer } from '../ports/template-synthesizer.js';
import { optionalStep, protectionOffAdvice, unreleasedLeaseAdvice } from './optional-step.js';
import { type Pacing, pause } from './pacing.js';
import { PhaseRecorder } from './phase-recorder.js';
import { synthesizeForStack } from './synthesize-for-stack.js';
import { remainingDriftWarning, verifyRollout } from './verify-rollout.js';
import { waitForStack } from './wait-for-stack.js';
import { acquireWithWait, withLease } from './with-lease.js';

/** The ports one environment's rollout talks to, bound to its account and region. */
export interface EnvironmentConnection {
  readonly identity: IdentityReader;
  readonly deployer: StackDeployer;
  readonly reader: LiveStateReader;
  /**
   * Heals drift the rollout leaves behind, when the manifest says `drift.selfHeal`.
   * @default - remaining drift is reported, never healed
   */
  readonly healer?: Healer;
  close(): void;
}

export interface RolloutDeps extends Pacing {
  readonly manifests: ManifestSource;
  readonly locks: LockStore;
  readonly synthesizer: TemplateSynthesizer;
  readonly connect: (desired: DesiredState) => EnvironmentConnection;
  readonly clock: Clock;
  /** Progress lines (stack events) for a terminal. */
  readonly onProgress?: (line: string) => void;
}

export interface RolloutRequest {
  readonly env: string;
  readonly ref?: string;
  /** Who holds the lease, e.g. `cli:host:pid`. */
  readonly owner: string;
  /** @default 120_000 */
  readonly lockTtlMs?: number;
  /** How long to wait for a held lock before giving up. @default 0 */
  readonly waitLockMs?: number;
  /** How long to wait for CloudFormation. @default 3_600_000 */
  readonly timeoutMs?: number;
}

type End = (result: RolloutResult, extra?: Partial<RolloutOutcome>) => RolloutOutcome;

/** One rollout under way, past the lock: what every later phase reads. */
interface RolloutRun {
  readonly deps: RolloutDeps;
  readonly req: RolloutRequest;
  readonly ref: string;
  readonly desired: DesiredState;
  readonly conn: EnvironmentConnection;
  readonly rec: PhaseRecorder;
  /** What went wrong after execution without failing the rollout; shared with the outcome. */
  readonly warnings: RolloutWarning[];
  /** Aborted when the lease is lost. */
  readonly signal: AbortSignal;
  readonly end: End;
}

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
  const rec = new PhaseRecorder(deps.clock);
  // Filled until the lease is released, after the outcome is built: shared, as the phases are.
  const warnings: RolloutWarning[] = [];
  let ref = req.ref ?? WORKING_TREE_REF;
  const end: End = (result, extra = {}) => ({
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
      return end('invalid', { error: error.message });
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
    if (me instanceof RoleAssumptionFailedError)
      return end('refused', { error: `refusing to roll out ${req.env}: ${me.message}` });
    const refusal = mismatch(me);
    if (refusal) return end('refused', { error: refusal });

    const ttlMs = req.lockTtlMs ?? 120_000;
    const lease = {
      env: req.env,
      owner: req.owner,
      ttlMs,
      acquire: () =>
        rec.run('lock', () =>
          acquireWithWait(deps.locks, req.env, req.owner, ttlMs, req.waitLockMs ?? 0, deps),
        ),
      aroundRelease: (release: () => Promise<void>) =>
        optionalStep(rec, warnings, 'release', release, unreleasedLeaseAdvice(req.env, ttlMs)),
    };
    return await withLease(deps.locks, lease, (_held, signal) =>
      apply({ deps, req, ref, desired, conn, rec, warnings, signal, end }),
    );
  } catch (error) {
    if (error instanceof LockHeldError) return end('lock-held', { error: error.message });
    throw error;
  } finally {
    conn.close();
  }
}

async function apply(run: RolloutRun): Promise<RolloutOutcome> {
  const { deps, desired, conn, rec, end } = run;
  const { synth, stackExists } = await rec.run('synth', () =>
    synthesizeForStack(deps.synthesizer, conn.deployer, desired),
  );
  const name = changeSetName(run.ref, deps.clock.now(), deps.random());
  const mismatch = (ref: ChangeSetRef) =>
    (ref.type === 'UPDATE') === stackExists
      ? undefined
      : `stack ${synth.stackName} was ${stackExists ? 'deleted' : 'created'} by someone else while its template was synthesized; roll out again`;
  const changeSet = await rec.check(
    'change-set',
    () =>
      conn.deployer.createChangeSet(synth, {
        name,
        description: `plumbline rollout of ${desired.environment.name} at ${run.ref}`,
        tags: { [ENVIRONMENT_TAG_KEY]: desired.environment.name },
      }),
    mismatch,
  );
  const base = { stackName: synth.stackName, changeSetId: changeSet.id };
  const wrongTemplate = mismatch(changeSet);
  if (wrongTemplate) {
    // A create template run as an update would reset every auto-scaled service's count.
    await conn.deployer.deleteChangeSet(changeSet);
    return end('failed', { ...base, error: wrongTemplate });
  }
  const described = await rec.run('describe', () => describeWhenComputed(run, changeSet));
  if (described.status !== 'ready') {
    await conn.deployer.deleteChangeSet(changeSet);
    return described.status === 'empty'
      ? end('no-changes', base)
      : end('failed', { ...base, error: described.reason });
  }

  const changes = described.changes;
  const blockedReason = (v: GuardVerdict) =>
    v.allowed ? undefined : v.blocked.map((b) => b.message).join('; ');
  let deployed: Record<string, ManifestPath> = {};
  const pathOf = (id: string) => synth.paths[id] ?? deployed[id];
  const verdict = await rec.check(
    'guard',
    async () => {
      if (changeSet.type === 'UPDATE')
        deployed = await conn.deployer.deployedPaths(synth.stackName);
      return guard(changes, {
        pathOf,
        stateful: desired.rollout.stateful,
        allowReplace: desired.rollout.allowReplace,
      });
    },
    blockedReason,
  );
  if (!verdict.allowed) {
    await conn.deployer.deleteChangeSet(changeSet);
    return end('blocked', {
      ...base,
      changes,
      blocked: verdict.blocked,
      error: blockedReason(verdict) ?? 'blocked',
    });
  }

  // What differs before executing, to tell drift that was already there from a change that did
  // not land (see sortAfterRollout). A first create has no before.
  let before: DiffResult | undefined;
  await rec.run('execute', async () => {
    if (changeSet.type === 'UPDATE') before = diff(desired, await conn.reader.read(desired));
    await conn.deployer.executeChangeSet(changeSet);
  });
  const final = await rec.run('wait', () =>
    waitForStack(conn.deployer, synth.stackName, {
      pacing: deps,
      clock: deps.clock,
      signal: run.signal,
      timeoutMs: run.req.timeoutMs ?? 3_600_000,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    }),
  );
  const withStack = { ...base, changes, stackStatus: final.status };
  if (!final.succeeded) {
    return end('failed', {
      ...withStack,
      error: `stack ${synth.stackName} ended ${final.status}${final.reason ? `: ${final.reason}` : ''}`,
    });
  }
  if (changeSet.type === 'CREATE') {
    const protect = () => conn.deployer.protect(synth.stackName);
    await optionalStep(rec, run.warnings, 'protect', protect, protectionOffAdvice(synth.stackName));
  }

  const verified = await rec.check(
    'verify',
    () =>
      verifyRollout({
        desired,
        reader: conn.reader,
        ...(conn.healer ? { healer: conn.healer } : {}),
        ...(before ? { before } : {}),
        changes,
        pathOf,
        signal: run.signal,
      }),
    (v) => v.failure,
  );
  const verifiedStack = {
    ...withStack,
    remainingDrift: verified.remainingDrift,
    ...(verified.healed ? { healed: verified.healed } : {}),
  };
  if (verified.failure) return end('failed', { ...verifiedStack, error: verified.failure });
  const warning = remainingDriftWarning(verified.remainingDrift, verified.healed);
  if (warning) run.warnings.push({ phase: 'verify', message: warning });
  return end('succeeded', verifiedStack);
}

/** Describes the change set, polling while CloudFormation is still computing it. */
async function describeWhenComputed(
  run: RolloutRun,
  changeSet: ChangeSetRef,
): Promise<Exclude<ChangeSetDescription, { readonly status: 'pending' }>> {
  const deadline = run.deps.clock.now().getTime() + (run.req.timeoutMs ?? 3_600_000);
  for (let attempt = 0; ; attempt++) {
    const described = await run.conn.deployer.describeChangeSet(changeSet);
    if (described.status !== 'pending') return described;
    if (run.signal.aborted) throw run.signal.reason;
    if (run.deps.clock.now().getTime() >= deadline)
      throw new StackWaitTimeoutError(changeSet.stackName, 'CREATE_PENDING');
    await pause(run.deps, CHANGE_SET_POLL_POLICY, attempt);
  }
}

/**
 * A change set name CloudFormation accepts (`[a-zA-Z][-a-zA-Z0-9]*`, at most 128 characters), unique
 * per attempt: CloudFormation refuses a reused name with a different template.
 */
export function changeSetName(ref: string, now: Date, random: number): string {
  const slug =
    ref
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'ref';
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  const suffix = Math.floor(random * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `plumbline-${slug}-${stamp}-${suffix}`;
}
