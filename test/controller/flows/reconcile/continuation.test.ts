import type { ReconcileRequest } from '../../../../controller/model/reconcile-request.js';
import { cliApproval, type Env, type Harness, harness, push, SHA } from './harness.js';

const ROLLED_OUT = 'success: rolled out (1 changes)';
const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');
const owner = (env: Env, sha: string) => `reconcile:${env}:${sha.slice(0, 12)}:run1`;
const advance = (env: Env, sha: string): ReconcileRequest => ({ kind: 'advance', env, sha });

/** Every invocation runs out of time at once; CloudFormation takes 50 status reads for `env`. */
function slow(h: Harness, env: Env): void {
  h.continuation.parkAt = () => h.clock.now();
  h.deployers[env].pollsInProgress = 50;
}

/** From now on an invocation has all the time it needs. */
function unhurried(h: Harness): void {
  h.continuation.parkAt = () => FAR_FUTURE;
}

describe('reconcile: rollouts that outlive an invocation', () => {
  it('parks the lease, queues its continuation, and finishes with the same token', async () => {
    // Prepare
    const h = harness();
    slow(h, 'dev');
    // Act
    await h.settle(push(SHA.a, ['desired-state/environments/dev.yaml']));
    // Assess: parked while CloudFormation works
    expect(h.stage(SHA.a, 'dev')).toBe('rolling-out');
    expect(h.history(SHA.a, 'dev')).toEqual(['pending: queued', 'pending: rolling out']);
    expect(h.delayed).toEqual([{ request: advance('dev', SHA.a), delaySeconds: 30 }]);
    const parked = await h.locks.inspect('dev');
    expect(parked).toMatchObject({ owner: owner('dev', SHA.a), parked: true });
    const token = parked?.token;
    expect(await h.checkpoints.load('dev')).toMatchObject({
      owner: owner('dev', SHA.a),
      token,
      ref: SHA.a,
      phase: 'waiting',
    });
    expect(h.summaries.at(-1)).toBe(
      `dev at ${SHA.a.slice(0, 7)}: still rolling out, continues later (token ${token})`,
    );

    // Act: the continuation, with time enough
    unhurried(h);
    await h.settleDelayed();
    // Assess: resumed with the same owner and token, executed once in all
    expect(h.locks.calls).toContain(`resume dev ${owner('dev', SHA.a)} ${token}`);
    expect(h.locks.calls.filter((c) => c.startsWith('acquire'))).toEqual([
      `acquire dev ${owner('dev', SHA.a)}`,
    ]);
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.history(SHA.a, 'dev')).toEqual([
      'pending: queued',
      'pending: rolling out',
      'pending: rolling out (continued)',
      ROLLED_OUT,
    ]);
    expect(h.executions('dev')).toHaveLength(1);
    expect(await h.locks.inspect('dev')).toBeUndefined();
    expect(await h.checkpoints.load('dev')).toBeUndefined();
    expect(h.delayed).toEqual([]);
  });

  it('parks again when the continuation runs out of time too', async () => {
    // Prepare: parked once
    const h = harness();
    slow(h, 'dev');
    await h.settle(push(SHA.a, ['desired-state/environments/dev.yaml']));
    const token = (await h.locks.inspect('dev'))?.token;
    // Act: the continuation runs out of time as well
    await h.settleDelayed();
    // Assess: parked again, same lease, nothing failed
    expect(h.stage(SHA.a, 'dev')).toBe('rolling-out');
    expect(h.history(SHA.a, 'dev').at(-1)).toBe('pending: rolling out (continued)');
    expect(h.delayed).toEqual([{ request: advance('dev', SHA.a), delaySeconds: 30 }]);
    expect(await h.locks.inspect('dev')).toMatchObject({
      owner: owner('dev', SHA.a),
      token,
      parked: true,
    });
    // Act: the third invocation has time enough
    unhurried(h);
    await h.settleDelayed();
    // Assess
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.history(SHA.a, 'dev').at(-1)).toBe(ROLLED_OUT);
    expect(h.executions('dev')).toHaveLength(1);
    expect(h.locks.calls.filter((c) => c.startsWith('resume'))).toEqual([
      `resume dev ${owner('dev', SHA.a)} ${token}`,
      `resume dev ${owner('dev', SHA.a)} ${token}`,
    ]);
  });

  it('does nothing for a continuation delivered while another invocation works under the lease', async () => {
    // Prepare: parked, then resumed by an invocation still at work (the lease live, unparked)
    const h = harness();
    slow(h, 'dev');
    await h.settle(push(SHA.a, ['desired-state/environments/dev.yaml']));
    const lease = await h.locks.inspect('dev');
    if (!lease) throw new Error('expected a parked lease');
    await h.locks.resume(lease, 120_000);
    h.delayed.length = 0;
    // Act
    await h.settle(advance('dev', SHA.a));
    // Assess
    expect(h.summaries.at(-1)).toBe('dev: the rollout is under way elsewhere');
    expect(h.delayed).toEqual([]);
    expect(h.stage(SHA.a, 'dev')).toBe('rolling-out');
    expect(h.executions('dev')).toHaveLength(1);
  });

  it('finishes a parked rollout that a newer commit superseded meanwhile', async () => {
    // Prepare: A's prod rollout is parked
    const h = harness();
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    slow(h, 'prod');
    await h.settle(cliApproval(SHA.a, 'prod'));
    expect(h.stage(SHA.a, 'prod')).toBe('rolling-out');
    // Act: B changes prod's manifest; then A's continuation arrives
    await h.settle(push(SHA.b, ['desired-state/environments/prod.yaml'], { minutes: 5 }));
    unhurried(h);
    await h.settleDelayed();
    // Assess: A's rollout was finished and told, not dropped
    expect(h.stage(SHA.a, 'prod')).toBe('succeeded');
    expect(h.history(SHA.a, 'prod').slice(-2)).toEqual([
      'pending: rolling out (continued)',
      ROLLED_OUT,
    ]);
    expect(await h.locks.inspect('prod')).toBeUndefined();
    expect(h.stage(SHA.b, 'prod')).toBe('awaiting-approval');
    // Act: B is approved
    await h.settle(cliApproval(SHA.b, 'prod'));
    // Assess: B rolled out after A
    expect(h.stage(SHA.b, 'prod')).toBe('succeeded');
    expect(h.executions('prod')).toHaveLength(2);
  });

  it('finishes a parked rollout when a freeze window opens meanwhile', async () => {
    // Prepare: prod's window opens at 10:05; A's prod rollout parks before it
    const h = harness({
      freeze: [{ from: 'Wed 10:05', to: 'Wed 12:00', timeZone: 'UTC' }],
    });
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    slow(h, 'prod');
    await h.settle(cliApproval(SHA.a, 'prod'));
    expect(h.stage(SHA.a, 'prod')).toBe('rolling-out');
    // Act: the continuation arrives inside the window
    h.setNow(new Date('2026-11-18T10:10:00Z'));
    unhurried(h);
    await h.settleDelayed();
    // Assess: CloudFormation's work is followed to its end, not frozen halfway
    expect(h.stage(SHA.a, 'prod')).toBe('succeeded');
    expect(h.history(SHA.a, 'prod').at(-1)).toBe(ROLLED_OUT);
    expect(h.delayed).toEqual([]);
  });
});
