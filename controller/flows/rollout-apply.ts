import { diff } from '../core/diff.js';
import { type GuardVerdict, guard } from '../core/guard.js';
import { CHANGE_SET_POLL_POLICY } from '../core/retry.js';
import type { ResourceChange } from '../model/change-set.js';
import { ENVIRONMENT_TAG_KEY } from '../model/conventions.js';
import type { Drift } from '../model/drift.js';
import { StackWaitTimeoutError } from '../model/errors.js';
import type { DesiredState } from '../model/manifest.js';
import type { ManifestPath } from '../model/manifest-path.js';
import type { RolloutCheckpoint } from '../model/rollout-checkpoint.js';
import type { RolloutOutcome, RolloutResult, RolloutWarning } from '../model/rollout-outcome.js';
import type { ChangeSetDescription, ChangeSetRef } from '../ports/stack-deployer.js';
import { optionalStep, protectionOffAdvice } from './optional-step.js';
import { pause } from './pacing.js';
import type { PhaseRecorder } from './phase-recorder.js';
import type { Checkpointing } from './rollout-checkpointing.js';
import type { EnvironmentConnection, RolloutDeps, RolloutRequest } from './rollout-types.js';
import { synthesizeForStack } from './synthesize-for-stack.js';
import { remainingDriftWarning, verifyRollout } from './verify-rollout.js';
import { waitForStack } from './wait-for-stack.js';

type End = (result: RolloutResult, extra?: Partial<RolloutOutcome>) => RolloutOutcome;

/** How the part of a rollout under the lease ended: done, or parked for a later invocation. */
export type Applied =
  | { readonly kind: 'done'; readonly outcome: RolloutOutcome }
  | { readonly kind: 'parked'; readonly checkpoint: RolloutCheckpoint };

/** One rollout under way, past the lock: what every later phase reads. */
export interface RolloutRun {
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
  readonly checkpoints: Checkpointing;
}

/** An executed change set, and what verification needs to know about it. */
interface Executed {
  readonly changeSet: ChangeSetRef;
  readonly changes: readonly ResourceChange[];
  readonly paths: Readonly<Record<string, ManifestPath>>;
  readonly before?: readonly Drift[];
}

const done = (outcome: RolloutOutcome): Applied => ({ kind: 'done', outcome });

/**
 * Synth -> change set -> describe -> guard -> execute, then {@link awaitAndVerify}. With a checkpoint
 * store, progress is written down before each step that changes something, so that a later
 * invocation knows whether the change set exists and whether it was executed.
 */
export async function applyFresh(run: RolloutRun): Promise<Applied> {
  const { deps, desired, conn, rec, end } = run;
  const { synth, stackExists } = await rec.run('synth', () =>
    synthesizeForStack(deps.synthesizer, conn.deployer, desired),
  );
  const name = changeSetName(run.ref, deps.clock.now(), deps.random());
  const mismatch = (ref: ChangeSetRef) =>
    (ref.type === 'UPDATE') === stackExists
      ? undefined
      : `stack ${synth.stackName} was ${stackExists ? 'deleted' : 'created'} by someone else while its template was synthesized; roll out again`;
  const progress = { stackName: synth.stackName, changeSetName: name };
  await run.checkpoints.save({ ...progress, phase: 'creating' });
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
  await run.checkpoints.save({ ...progress, phase: 'created', changeSet });
  const base = { stackName: synth.stackName, changeSetId: changeSet.id };
  const discard = async (outcome: RolloutOutcome) => {
    await conn.deployer.deleteChangeSet(changeSet);
    await run.checkpoints.clear();
    return done(outcome);
  };
  const wrongTemplate = mismatch(changeSet);
  // A create template run as an update would reset every auto-scaled service's count.
  if (wrongTemplate) return discard(end('failed', { ...base, error: wrongTemplate }));
  const described = await rec.run('describe', () => describeWhenComputed(run, changeSet));
  if (described.status !== 'ready') {
    return discard(
      described.status === 'empty'
        ? end('no-changes', base)
        : end('failed', { ...base, error: described.reason }),
    );
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
    return discard(
      end('blocked', {
        ...base,
        changes,
        blocked: verdict.blocked,
        error: blockedReason(verdict) ?? 'blocked',
      }),
    );
  }

  // What differs before executing, to tell drift that was already there from a change that did
  // not land (see sortAfterRollout). A first create has no before.
  let executed: Executed = { changeSet, changes, paths: { ...deployed, ...synth.paths } };
  await rec.run('execute', async () => {
    if (changeSet.type === 'UPDATE')
      executed = { ...executed, before: diff(desired, await conn.reader.read(desired)).drifts };
    await run.checkpoints.save({ ...progress, ...executed, phase: 'executing' });
    await conn.deployer.executeChangeSet(changeSet);
  });
  await run.checkpoints.save({ ...progress, ...executed, phase: 'waiting' });
  return awaitAndVerify(run, executed);
}

/**
 * Continues the rollout a checkpoint describes, under its resumed lease. A change set that may
 * exist but was never executed (`creating`, `created`) is deleted and the rollout starts over
 * (`undefined`); one that was about to be executed is executed only if CloudFormation says it was
 * not; an executed one is waited for and verified. Nothing is ever executed twice.
 */
export async function continueFrom(
  run: RolloutRun,
  checkpoint: RolloutCheckpoint,
): Promise<Applied | undefined> {
  const { conn, rec, end } = run;
  const changeSet = checkpoint.changeSet;
  if (checkpoint.phase === 'creating' || checkpoint.phase === 'created' || !changeSet) {
    const ref = changeSet ?? {
      id: checkpoint.changeSetName,
      stackName: checkpoint.stackName,
      type: 'UPDATE' as const,
    };
    // Never executed (execution is written down first): it may exist, or not.
    await conn.deployer.deleteChangeSet(ref).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
    return undefined;
  }
  const executed: Executed = {
    changeSet,
    changes: checkpoint.changes ?? [],
    paths: checkpoint.paths ?? {},
    ...(checkpoint.before ? { before: checkpoint.before } : {}),
  };
  if (checkpoint.phase === 'executing') {
    const base = { stackName: checkpoint.stackName, changeSetId: changeSet.id };
    const state = await rec.run('execute', async () => {
      const known = await conn.deployer.execution(changeSet);
      if (known === 'not-executed') await conn.deployer.executeChangeSet(changeSet);
      return known;
    });
    if (state === 'unknown') {
      await run.checkpoints.clear();
      return done(
        end('failed', {
          ...base,
          changes: executed.changes,
          error: `change set ${changeSet.id} is gone and was not executed by this rollout; roll out again`,
        }),
      );
    }
  }
  // Written again from `waiting` too: a continuation that runs out of time once more parks with it.
  await run.checkpoints.save({
    stackName: checkpoint.stackName,
    changeSetName: checkpoint.changeSetName,
    ...executed,
    phase: 'waiting',
  });
  return awaitAndVerify(run, executed);
}

/**
 * CloudFormation's answers for a change set (or its stack) that does not exist: `ChangeSetNotFound`,
 * or a `ValidationError` saying the stack does not exist.
 */
function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /ChangeSetNotFound/.test(`${error.name} ${error.message}`) ||
    /does not exist/.test(error.message)
  );
}

/** Wait -> (protect) -> verify, or park when the invocation's time is up. */
async function awaitAndVerify(run: RolloutRun, executed: Executed): Promise<Applied> {
  const { deps, desired, conn, rec, end } = run;
  const { changeSet, changes } = executed;
  const stackName = changeSet.stackName;
  const final = await rec.run('wait', () =>
    waitForStack(conn.deployer, stackName, {
      pacing: deps,
      clock: deps.clock,
      signal: run.signal,
      timeoutMs: run.req.timeoutMs ?? 3_600_000,
      ...(run.req.park ? { stopAt: run.req.park.at } : {}),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    }),
  );
  if (final.stopped) {
    const checkpoint = run.checkpoints.last;
    if (checkpoint) return { kind: 'parked', checkpoint: { ...checkpoint, phases: rec.phases } };
  }
  await run.checkpoints.clear();
  const withStack = { stackName, changeSetId: changeSet.id, changes, stackStatus: final.status };
  if (!final.succeeded) {
    return done(
      end('failed', {
        ...withStack,
        error: `stack ${stackName} ended ${final.status}${final.reason ? `: ${final.reason}` : ''}`,
      }),
    );
  }
  if (changeSet.type === 'CREATE') {
    const protect = () => conn.deployer.protect(stackName);
    await optionalStep(rec, run.warnings, 'protect', protect, protectionOffAdvice(stackName));
  }

  const verified = await rec.check(
    'verify',
    () =>
      verifyRollout({
        desired,
        reader: conn.reader,
        ...(conn.healer ? { healer: conn.healer } : {}),
        ...(executed.before ? { before: { drifts: executed.before } } : {}),
        changes,
        pathOf: (id) => executed.paths[id],
        signal: run.signal,
      }),
    (v) => v.failure,
  );
  const verifiedStack = {
    ...withStack,
    remainingDrift: verified.remainingDrift,
    ...(verified.healed ? { healed: verified.healed } : {}),
  };
  if (verified.failure) return done(end('failed', { ...verifiedStack, error: verified.failure }));
  const warning = remainingDriftWarning(verified.remainingDrift, verified.healed);
  if (warning) run.warnings.push({ phase: 'verify', message: warning });
  return done(end('succeeded', verifiedStack));
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
