import { type RolloutStep, rolloutStep } from '../../../controller/flows/rollout.js';
import type { RolloutCheckpoint } from '../../../controller/model/rollout-checkpoint.js';
import { InMemoryCheckpointStore } from '../../fakes/in-memory-checkpoint-store.js';
import { setup } from './rollout-setup.js';

const OWNER = 'reconcile:prod:abc123:run1';
const change = [
  {
    action: 'Modify' as const,
    logicalId: 'Api',
    resourceType: 'AWS::ECS::Service',
    replacement: 'False' as const,
    details: [],
  },
];

/** A rollout over fakes, with a checkpoint store, of a stack that exists (an update). */
function continuing() {
  const base = setup();
  const checkpoints = new InMemoryCheckpointStore();
  base.deployer.seed('plumbline-prod');
  base.deployer.nextChanges = change;
  const deps = { ...base.deps, checkpoints };
  return { ...base, deps, checkpoints };
}

function outcomeOf(step: RolloutStep) {
  if (step.kind !== 'done') throw new Error(`expected the rollout to end, it ${step.kind}`);
  return step.outcome;
}

/**
 * What a run killed mid-way leaves behind: its lease (live until it expires, never released) and
 * the checkpoint it wrote last.
 */
async function killedAt(
  t: ReturnType<typeof continuing>,
  phase: RolloutCheckpoint['phase'],
  options: { executed?: boolean; changeSet?: boolean } = {},
): Promise<RolloutCheckpoint> {
  const lease = await t.locks.acquire('prod', OWNER, 120_000);
  const ref =
    options.changeSet === false
      ? undefined
      : await t.deployer.createChangeSet(
          { stackName: 'plumbline-prod', body: '{}', bytes: 2 },
          { name: 'plumbline-abc123-x' },
        );
  if (ref && options.executed) await t.deployer.executeChangeSet(ref);
  const checkpoint: RolloutCheckpoint = {
    env: 'prod',
    ref: 'abc123',
    owner: OWNER,
    token: lease.token,
    phase,
    stackName: 'plumbline-prod',
    changeSetName: 'plumbline-abc123-x',
    ...(ref ? { changeSet: ref, changes: change, paths: { Api: ['services', 'api'] } } : {}),
    phases: [],
    savedAt: t.deps.clock.now().toISOString(),
  };
  await t.checkpoints.save(checkpoint);
  t.deployer.calls.length = 0;
  return checkpoint;
}

const executions = (calls: readonly string[]) =>
  calls.filter((c) => c.startsWith('executeChangeSet'));

describe('rolloutStep across invocations', () => {
  it('parks at the deadline with the change set executed, and a later invocation finishes it with the same lease token', async () => {
    // Prepare: CloudFormation takes many polls; the invocation must stop waiting at once
    const t = continuing();
    t.deployer.pollsInProgress = 50;
    const park = { at: t.deps.clock.now(), holdMs: 900_000 };
    // Act
    const first = await rolloutStep(t.deps, { env: 'prod', owner: OWNER, park });
    // Assess: parked while waiting, the lease held for the continuation
    expect(first.kind).toBe('parked');
    if (first.kind !== 'parked') return;
    expect(first.checkpoint).toMatchObject({ phase: 'waiting', owner: OWNER, changes: change });
    const held = await t.locks.inspect('prod');
    expect(held).toMatchObject({ owner: OWNER, token: first.checkpoint.token, parked: true });
    expect(executions(t.deployer.calls)).toHaveLength(1);

    // Act: the continuation, with time to wait it out
    t.deployer.pollsInProgress = 0;
    const second = await rolloutStep(t.deps, {
      env: 'prod',
      owner: OWNER,
      resume: first.checkpoint,
      park: { at: new Date(t.deps.clock.now().getTime() + 3_600_000), holdMs: 900_000 },
    });
    // Assess: finished, same token, executed once in all, nothing left behind
    const outcome = outcomeOf(second);
    expect(outcome.result).toBe('succeeded');
    expect(executions(t.deployer.calls)).toHaveLength(1);
    expect(t.locks.calls).toContain(`resume prod ${OWNER} ${first.checkpoint.token}`);
    expect(await t.locks.inspect('prod')).toBeUndefined();
    expect(await t.checkpoints.load('prod')).toBeUndefined();
    // The phases of both invocations, the wait of each recorded
    expect(outcome.phases.filter((p) => p.name === 'wait')).toHaveLength(2);
  });

  it('after a crash between deciding to execute and executing, executes the change set exactly once', async () => {
    // Prepare: killed with the checkpoint at `executing`, the change set not executed
    const t = continuing();
    const checkpoint = await killedAt(t, 'executing');
    t.advance(121_000); // the dead run's lease expired
    // Act
    const outcome = outcomeOf(
      await rolloutStep(t.deps, { env: 'prod', owner: OWNER, resume: checkpoint }),
    );
    // Assess
    expect(outcome.result).toBe('succeeded');
    expect(t.deployer.calls).toContain('execution cs-1');
    expect(executions(t.deployer.calls)).toEqual(['executeChangeSet cs-1']);
  });

  it('after a crash right after executing, waits for the stack and never executes again', async () => {
    // Prepare: CloudFormation took the change set before the run died
    const t = continuing();
    const checkpoint = await killedAt(t, 'executing', { executed: true });
    t.advance(121_000);
    // Act
    const outcome = outcomeOf(
      await rolloutStep(t.deps, { env: 'prod', owner: OWNER, resume: checkpoint }),
    );
    // Assess
    expect(outcome).toMatchObject({ result: 'succeeded', stackStatus: 'UPDATE_COMPLETE' });
    expect(executions(t.deployer.calls)).toEqual([]);
  });

  it('deletes a change set created but never executed, and rolls out afresh', async () => {
    // Prepare
    const t = continuing();
    const checkpoint = await killedAt(t, 'created');
    t.advance(121_000);
    // Act
    const outcome = outcomeOf(
      await rolloutStep(t.deps, { env: 'prod', owner: OWNER, resume: checkpoint }),
    );
    // Assess: the old change set is gone, unexecuted; a new one ran once
    expect(outcome.result).toBe('succeeded');
    expect(t.deployer.calls[0]).toBe('deleteChangeSet cs-1');
    expect(executions(t.deployer.calls)).toEqual(['executeChangeSet cs-2']);
  });

  it('starts afresh when the run died while creating the change set, whether or not it exists', async () => {
    // Prepare: the change set was never created (CloudFormation does not know the name)
    const t = continuing();
    const checkpoint = await killedAt(t, 'creating', { changeSet: false });
    t.advance(121_000);
    // Act
    const outcome = outcomeOf(
      await rolloutStep(t.deps, { env: 'prod', owner: OWNER, resume: checkpoint }),
    );
    // Assess
    expect(outcome.result).toBe('succeeded');
    expect(executions(t.deployer.calls)).toEqual(['executeChangeSet cs-1']);
  });

  it('fails, executing nothing, when the change set vanished without being executed', async () => {
    // Prepare: someone deleted the change set after the run died
    const t = continuing();
    const checkpoint = await killedAt(t, 'executing');
    if (checkpoint.changeSet) await t.deployer.deleteChangeSet(checkpoint.changeSet);
    t.advance(121_000);
    // Act
    const outcome = outcomeOf(
      await rolloutStep(t.deps, { env: 'prod', owner: OWNER, resume: checkpoint }),
    );
    // Assess
    expect(outcome.result).toBe('failed');
    expect(outcome.error).toBe(
      'change set cs-1 is gone and was not executed by this rollout; roll out again',
    );
    expect(executions(t.deployer.calls)).toEqual([]);
    expect(await t.checkpoints.load('prod')).toBeUndefined();
  });

  it('does nothing while another invocation of the same run still works under the live lease', async () => {
    // Prepare: the lease has not expired and is not parked
    const t = continuing();
    const checkpoint = await killedAt(t, 'waiting', { executed: true });
    // Act
    const outcome = outcomeOf(
      await rolloutStep(t.deps, { env: 'prod', owner: OWNER, resume: checkpoint }),
    );
    // Assess
    expect(outcome).toMatchObject({ result: 'lock-held', heldBy: OWNER });
    expect(t.deployer.calls).toEqual([]);
  });

  it('stops, executing nothing, when someone else took the lease over after the crash', async () => {
    // Prepare: the dead run's lease expired and a person's rollout took it
    const t = continuing();
    const checkpoint = await killedAt(t, 'executing');
    t.advance(121_000);
    await t.locks.acquire('prod', 'cli:laptop:1', 120_000);
    // Act
    const outcome = outcomeOf(
      await rolloutStep(t.deps, { env: 'prod', owner: OWNER, resume: checkpoint }),
    );
    // Assess
    expect(outcome.result).toBe('failed');
    expect(outcome.error).toMatch(/^the rollout of prod stopped, and its lease was taken over/);
    expect(t.deployer.calls).toEqual([]);
  });

  it('refuses to continue another owner’s rollout', async () => {
    // Prepare
    const t = continuing();
    const checkpoint = await killedAt(t, 'waiting', { executed: true });
    // Act / Assess
    await expect(
      rolloutStep(t.deps, { env: 'prod', owner: 'reconcile:prod:other', resume: checkpoint }),
    ).rejects.toThrow(`cannot continue prod's rollout of ${OWNER} as reconcile:prod:other`);
  });

  it('writes progress before each step that changes something, fenced by the lease token', async () => {
    // Prepare
    const t = continuing();
    // Act
    outcomeOf(await rolloutStep(t.deps, { env: 'prod', owner: OWNER }));
    // Assess: creating -> created -> executing -> waiting, then cleared
    expect(t.checkpoints.saved.map((c) => c.phase)).toEqual([
      'creating',
      'created',
      'executing',
      'waiting',
    ]);
    expect(new Set(t.checkpoints.saved.map((c) => c.token)).size).toBe(1);
    expect(await t.checkpoints.load('prod')).toBeUndefined();
    // A stale token cannot overwrite a newer run's progress
    await t.checkpoints.save({ ...(t.checkpoints.saved[0] as RolloutCheckpoint), token: 9 });
    await expect(
      t.checkpoints.save({ ...(t.checkpoints.saved[0] as RolloutCheckpoint), token: 3 }),
    ).rejects.toThrow('is no longer valid');
  });
});
