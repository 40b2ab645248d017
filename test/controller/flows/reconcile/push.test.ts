import { harness, hint, NO_COMMIT, push, SHA } from './harness.js';

const DEV_YAML = 'desired-state/environments/dev.yaml';
const ROLLED_OUT = 'success: rolled out (1 changes)';

describe('reconcile: a push', () => {
  it('rolls out only dev when only its manifest changed', async () => {
    // Prepare
    const h = harness();
    // Act
    await h.settle(push(SHA.a, [DEV_YAML]));
    // Assess
    expect(h.promotions.promotions.get(SHA.a)?.reasons).toEqual({ dev: `${DEV_YAML} changed` });
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.history(SHA.a, 'dev')).toEqual([
      'pending: queued',
      'pending: rolling out',
      ROLLED_OUT,
    ]);
    expect(h.history(SHA.a, 'staging')).toEqual([]);
    expect(h.history(SHA.a, 'prod')).toEqual([]);
    expect(h.executions('dev')).toHaveLength(1);
    expect(h.deployers.staging.calls).toEqual([]);
    expect(h.deployers.prod.calls).toEqual([]);
    expect(h.summaries).toEqual([
      `push ${SHA.a.slice(0, 7)} affects dev`,
      'dev at a1a1a1a: succeeded',
    ]);
    expect(h.delayed).toEqual([]);
  });

  it('sets every affected environment pending at once and queues a step for each', async () => {
    // Prepare
    const h = harness();
    // Act
    await h.deliver(push(SHA.a, ['stacks/x.ts']));
    // Assess
    expect(h.history(SHA.a, 'dev')).toEqual(['pending: queued']);
    expect(h.history(SHA.a, 'staging')).toEqual(['pending: waiting for dev']);
    expect(h.history(SHA.a, 'prod')).toEqual(['pending: waiting for staging']);
    expect(h.queue.sent).toEqual([
      { request: { kind: 'advance', env: 'dev', sha: SHA.a }, delaySeconds: 0 },
      { request: { kind: 'advance', env: 'staging', sha: SHA.a }, delaySeconds: 0 },
      { request: { kind: 'advance', env: 'prod', sha: SHA.a }, delaySeconds: 0 },
    ]);
    expect(h.promotions.promotions.get(SHA.a)?.reasons).toEqual({
      dev: 'stacks/ changed',
      staging: 'stacks/ changed',
      prod: 'stacks/ changed',
    });
    expect([...h.promotions.targets.keys()]).toEqual(['dev', 'staging', 'prod']);
  });

  it('promotes a stack change through dev and staging, then waits for prod’s approval', async () => {
    // Prepare
    const h = harness();
    // Act
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    // Assess
    expect(h.history(SHA.a, 'dev')).toEqual([
      'pending: queued',
      'pending: rolling out',
      ROLLED_OUT,
    ]);
    expect(h.history(SHA.a, 'staging')).toEqual([
      'pending: waiting for dev',
      'pending: rolling out',
      ROLLED_OUT,
    ]);
    expect(h.history(SHA.a, 'prod')).toEqual([
      'pending: waiting for staging',
      `pending: awaiting approval: ${hint('prod', SHA.a)}`,
    ]);
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.stage(SHA.a, 'staging')).toBe('succeeded');
    expect(h.stage(SHA.a, 'prod')).toBe('awaiting-approval');
    expect(h.executions('dev')).toHaveLength(1);
    expect(h.executions('staging')).toHaveLength(1);
    expect(h.deployers.prod.calls).toEqual([]);
    expect(h.delayed).toEqual([]);
  });

  it('asks the compare API for the changed files when the payload cannot tell', async () => {
    // Prepare
    const h = harness();
    const before = 'e4'.repeat(20);
    h.changes.answer = {
      files: ['desired-state/environments/staging.yaml', 'desired-state/README.md'],
      complete: true,
    };
    // Act
    await h.deliver(push(SHA.a, null, { before }));
    // Assess
    expect(h.compared).toEqual([[before, SHA.a]]);
    expect(h.promotions.promotions.get(SHA.a)?.reasons).toEqual({
      staging: 'desired-state/environments/staging.yaml changed',
    });
    // dev is not part of this commit's promotion, so staging does not wait for it
    expect(h.history(SHA.a, 'staging')).toEqual(['pending: queued']);
    expect(h.history(SHA.a, 'dev')).toEqual([]);
  });

  it('takes every environment when the compare API’s list is incomplete', async () => {
    // Prepare
    const h = harness();
    const before = 'e4'.repeat(20);
    h.changes.answer = { files: [DEV_YAML], complete: false };
    // Act
    await h.deliver(push(SHA.a, null, { before }));
    // Assess
    expect(h.compared).toEqual([[before, SHA.a]]);
    const everything = 'every file may have changed';
    expect(h.promotions.promotions.get(SHA.a)?.reasons).toEqual({
      dev: everything,
      staging: everything,
      prod: everything,
    });
    expect(h.queue.sent.map((m) => m.request)).toEqual(
      ['dev', 'staging', 'prod'].map((env) => ({ kind: 'advance', env, sha: SHA.a })),
    );
  });

  it('takes every environment of a new branch without asking the compare API', async () => {
    // Prepare
    const h = harness();
    // Act
    await h.deliver(push(SHA.a, null, { before: NO_COMMIT }));
    // Assess
    expect(h.compared).toEqual([]);
    expect(Object.keys(h.promotions.promotions.get(SHA.a)?.environments ?? {})).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(h.history(SHA.a, 'prod')).toEqual(['pending: waiting for staging']);
  });

  it('trusts the payload’s file list over the compare API', async () => {
    // Prepare
    const h = harness();
    // Act
    await h.deliver(push(SHA.a, [DEV_YAML], { before: 'e4'.repeat(20) }));
    // Assess
    expect(h.compared).toEqual([]);
    expect(Object.keys(h.promotions.promotions.get(SHA.a)?.environments ?? {})).toEqual(['dev']);
  });

  it('starts nothing for a push that affects no environment', async () => {
    // Prepare
    const h = harness();
    // Act
    const summary = await h.deliver(push(SHA.a, ['README.md', 'desired-state/schema/x.json']));
    // Assess
    expect(summary).toBe(`push ${SHA.a.slice(0, 7)} affects no environment`);
    expect(h.promotions.promotions.size).toBe(0);
    expect(h.statuses.written).toEqual([]);
    expect(h.queue.sent).toEqual([]);
  });
});
