import type { ReconcileRequest } from '../../../../controller/model/reconcile-request.js';
import { cliApproval, harness, push, SHA } from './harness.js';

const DEV_YAML = 'desired-state/environments/dev.yaml';
const ROLLED_OUT = 'success: rolled out (1 changes)';
const advanceDev: ReconcileRequest = { kind: 'advance', env: 'dev', sha: SHA.a };
const createChangeSets = (calls: readonly string[]) =>
  calls.filter((c) => c.startsWith('createChangeSet'));

describe('reconcile: the environment’s lease', () => {
  it('waits for a lease someone else holds, trying again after a minute', async () => {
    // Prepare: a person's rollout holds dev
    const h = harness();
    const theirs = await h.locks.acquire('dev', 'cli:x', 3_600_000);
    // Act
    await h.settle(push(SHA.a, [DEV_YAML]));
    // Assess
    expect(h.stage(SHA.a, 'dev')).toBe('waiting');
    expect(h.history(SHA.a, 'dev')).toEqual([
      'pending: queued',
      'pending: rolling out',
      'pending: waiting for the lease of dev, held by cli:x',
    ]);
    expect(h.delayed).toEqual([{ request: advanceDev, delaySeconds: 60 }]);
    expect(h.deployers.dev.calls).toEqual([]);
    expect(h.summaries.at(-1)).toBe('dev: lease held by cli:x, trying again later');

    // Act: still held a minute later
    h.advanceClock(60_000);
    await h.settleDelayed();
    // Assess: asked again, nothing rolled out
    expect(h.delayed).toEqual([{ request: advanceDev, delaySeconds: 60 }]);
    expect(h.deployers.dev.calls).toEqual([]);

    // Act: the person is done
    await h.locks.release(theirs);
    await h.settleDelayed();
    // Assess
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.history(SHA.a, 'dev').slice(-2)).toEqual(['pending: rolling out', ROLLED_OUT]);
    expect(h.executions('dev')).toHaveLength(1);
    expect(h.delayed).toEqual([]);
    expect(await h.locks.inspect('dev')).toBeUndefined();
  });

  it('leaves a rollout to the invocation of the same run that holds the lease', async () => {
    // Prepare: another invocation of this commit's dev rollout holds the lease
    const h = harness();
    await h.locks.acquire('dev', `reconcile:dev:${SHA.a.slice(0, 12)}:other`, 120_000);
    // Act
    await h.settle(push(SHA.a, [DEV_YAML]));
    // Assess: a duplicate: nothing queued, nothing done
    expect(h.summaries.at(-1)).toBe('dev: the rollout is under way elsewhere');
    expect(h.delayed).toEqual([]);
    expect(h.queue.sent).toEqual([]);
    expect(h.stage(SHA.a, 'dev')).toBe('rolling-out');
    expect(h.history(SHA.a, 'dev')).toEqual(['pending: queued', 'pending: rolling out']);
    expect(h.deployers.dev.calls).toEqual([]);
  });

  it('waits for a lease another commit’s rollout holds', async () => {
    // Prepare
    const h = harness();
    const owner = `reconcile:dev:${SHA.b.slice(0, 12)}:run9`;
    await h.locks.acquire('dev', owner, 120_000);
    // Act
    await h.settle(push(SHA.a, [DEV_YAML]));
    // Assess
    expect(h.history(SHA.a, 'dev').at(-1)).toBe(
      `pending: waiting for the lease of dev, held by ${owner}`,
    );
    expect(h.delayed).toEqual([{ request: advanceDev, delaySeconds: 60 }]);
  });
});

describe('reconcile: repeated deliveries', () => {
  it('starts one promotion and rolls each environment out once for a push delivered twice', async () => {
    // Prepare
    const h = harness();
    const request = push(SHA.a, ['stacks/x.ts']);
    // Act
    await h.settle(request, request);
    await h.settle(cliApproval(SHA.a, 'prod'));
    // Assess
    expect([...h.promotions.promotions.keys()]).toEqual([SHA.a]);
    for (const env of ['dev', 'staging', 'prod'] as const) {
      expect(h.stage(SHA.a, env)).toBe('succeeded');
      expect(createChangeSets(h.deployers[env].calls)).toHaveLength(1);
      expect(h.executions(env)).toHaveLength(1);
    }
    expect(h.history(SHA.a, 'dev')).toEqual([
      'pending: queued',
      'pending: rolling out',
      ROLLED_OUT,
    ]);
  });

  it('leaves the statuses of a finished promotion alone when its push comes again', async () => {
    // Prepare
    const h = harness();
    const request = push(SHA.a, [DEV_YAML]);
    await h.settle(request);
    const written = h.statuses.written.length;
    // Act
    await h.settle(request);
    // Assess: dev stays green, no step queued
    expect(h.statuses.written).toHaveLength(written);
    expect(h.history(SHA.a, 'dev').at(-1)).toBe(ROLLED_OUT);
    expect(h.summaries.at(-1)).toBe(`push ${SHA.a.slice(0, 7)} affects dev`);
    expect(h.executions('dev')).toHaveLength(1);
  });

  it('keeps prod’s awaiting-approval status when the push comes again', async () => {
    // Prepare
    const h = harness();
    const request = push(SHA.a, ['stacks/x.ts']);
    await h.settle(request);
    const prod = h.history(SHA.a, 'prod');
    // Act
    await h.settle(request);
    // Assess
    expect(h.history(SHA.a, 'prod')).toEqual(prod);
    expect(h.stage(SHA.a, 'prod')).toBe('awaiting-approval');
    expect(h.history(SHA.a, 'staging').at(-1)).toBe(ROLLED_OUT);
  });

  it('does nothing for a step delivered again after the environment succeeded', async () => {
    // Prepare
    const h = harness();
    await h.settle(push(SHA.a, [DEV_YAML]));
    const written = h.statuses.written.length;
    const calls = [...h.deployers.dev.calls];
    // Act
    await h.settle(advanceDev, advanceDev);
    // Assess
    expect(h.summaries.slice(-2)).toEqual([
      'dev is succeeded for this commit',
      'dev is succeeded for this commit',
    ]);
    expect(h.statuses.written).toHaveLength(written);
    expect(h.deployers.dev.calls).toEqual(calls);
    expect(h.delayed).toEqual([]);
  });

  it('does nothing for a step of a commit it never saw, or of an environment it does not affect', async () => {
    // Prepare
    const h = harness();
    await h.settle(push(SHA.a, [DEV_YAML]));
    // Act
    await h.settle({ kind: 'advance', env: 'dev', sha: SHA.c });
    await h.settle({ kind: 'advance', env: 'prod', sha: SHA.a });
    // Assess
    expect(h.summaries.slice(-2)).toEqual([
      `no promotion of ${SHA.c.slice(0, 7)}`,
      'the commit does not affect prod',
    ]);
    expect(h.deployers.prod.calls).toEqual([]);
    expect(h.history(SHA.a, 'prod')).toEqual([]);
  });

  it('hands a scheduled scan to the scan', async () => {
    // Prepare
    const h = harness();
    // Act
    const summary = await h.deliver({ kind: 'scan', source: 'schedule' });
    // Assess
    expect(summary).toBe('scanned');
    expect(h.queue.sent).toEqual([]);
  });
});
