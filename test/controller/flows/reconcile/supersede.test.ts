import { cliApproval, commentApproval, harness, hint, push, SHA } from './harness.js';

const DEV_YAML = 'desired-state/environments/dev.yaml';
const ROLLED_OUT = 'success: rolled out (1 changes)';
const B7 = SHA.b.slice(0, 7);

describe('reconcile: newer commits', () => {
  it('supersedes an older commit waiting for prod’s approval, and rolls out the newer one', async () => {
    // Prepare: A waits for prod's approval
    const h = harness();
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    expect(h.stage(SHA.a, 'prod')).toBe('awaiting-approval');
    // Act: B changes the stacks again, later
    await h.settle(push(SHA.b, ['stacks/x.ts'], { minutes: 5 }));
    // Assess: A's prod is superseded, B climbed to prod's approval
    expect(h.stage(SHA.a, 'prod')).toBe('superseded');
    expect(h.history(SHA.a, 'prod')).toEqual([
      'pending: waiting for staging',
      `pending: awaiting approval: ${hint('prod', SHA.a)}`,
      `error: superseded by ${B7}: not rolled out`,
    ]);
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.history(SHA.a, 'dev').at(-1)).toBe(ROLLED_OUT);
    expect(h.stage(SHA.b, 'staging')).toBe('succeeded');
    expect(h.stage(SHA.b, 'prod')).toBe('awaiting-approval');
    // Act: A's approval comes too late; B's approval rolls B out
    await h.settle(commentApproval(SHA.a, 'prod', 'octocat'));
    expect(h.deployers.prod.calls).toEqual([]);
    await h.settle(commentApproval(SHA.b, 'prod', 'octocat'));
    // Assess
    expect(h.stage(SHA.b, 'prod')).toBe('succeeded');
    expect(h.history(SHA.b, 'prod').at(-1)).toBe(ROLLED_OUT);
    expect(h.executions('prod')).toHaveLength(1);
    expect(h.stage(SHA.a, 'prod')).toBe('superseded');
  });

  it('supersedes a push delivered late at once: its environments never roll out', async () => {
    // Prepare: B (the newer commit) is delivered first
    const h = harness();
    await h.settle(push(SHA.b, ['stacks/x.ts'], { minutes: 5 }));
    const calls = allDeployerCalls(h);
    // Act: A, committed earlier, arrives now
    await h.deliver(push(SHA.a, ['stacks/x.ts'], { minutes: 1 }));
    // Assess: superseded without ever being pending, nothing queued
    for (const env of ['dev', 'staging', 'prod'] as const) {
      expect(h.stage(SHA.a, env)).toBe('superseded');
      expect(h.history(SHA.a, env)).toEqual([`error: superseded by ${B7}: not rolled out`]);
    }
    expect(h.queue.sent).toEqual([]);
    expect(h.promotions.targets.get('prod')?.sha).toBe(SHA.b);
    expect(allDeployerCalls(h)).toEqual(calls);
  });

  it('carries over an environment an older commit still has waiting', async () => {
    // Prepare: A waits for prod's approval
    const h = harness();
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    // Act: B changes only dev's manifest
    await h.settle(push(SHA.b, [DEV_YAML], { minutes: 5 }));
    // Assess: B's promotion takes prod over (staging had A's changes already)
    expect(h.promotions.promotions.get(SHA.b)?.reasons).toEqual({
      dev: `${DEV_YAML} changed`,
      prod: `carried over from ${SHA.a.slice(0, 7)}, still pending there`,
    });
    expect(h.stage(SHA.a, 'prod')).toBe('superseded');
    expect(h.history(SHA.a, 'prod').at(-1)).toBe(`error: superseded by ${B7}: not rolled out`);
    expect(h.history(SHA.b, 'prod')).toEqual([
      'pending: queued',
      `pending: awaiting approval: ${hint('prod', SHA.b)}`,
    ]);
    expect(h.history(SHA.b, 'staging')).toEqual([]);
    // Act
    await h.settle(cliApproval(SHA.b, 'prod'));
    // Assess
    expect(h.stage(SHA.b, 'prod')).toBe('succeeded');
  });

  it('carries nothing over from a newer commit into a push delivered late', async () => {
    // Prepare: B (newer, a stack change) waits for prod's approval
    const h = harness();
    await h.settle(push(SHA.b, ['stacks/x.ts'], { minutes: 5 }));
    // Act: A, older, changed only dev's manifest
    await h.settle(push(SHA.a, [DEV_YAML], { minutes: 1 }));
    // Assess: A never speaks of prod; B's prod still waits for its approval
    expect(Object.keys(h.promotions.promotions.get(SHA.a)?.environments ?? {})).toEqual(['dev']);
    expect(h.history(SHA.a, 'prod')).toEqual([]);
    expect(h.stage(SHA.b, 'prod')).toBe('awaiting-approval');
  });

  it('carries over the environment before a carried one while an older commit rolls out there', async () => {
    // Prepare: A's dev rollout is under way (parked), staging and prod wait for it
    const h = harness();
    h.continuation.parkAt = () => h.clock.now();
    h.deployers.dev.pollsInProgress = 50;
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    expect(h.stage(SHA.a, 'dev')).toBe('rolling-out');
    // Act: B changes only prod's manifest
    await h.settle(push(SHA.b, ['desired-state/environments/prod.yaml'], { minutes: 5 }));
    // Assess: B takes dev too, so its staging waits for dev instead of taking A's stack change
    // before dev verified it
    expect(h.promotions.promotions.get(SHA.b)?.reasons).toEqual({
      dev: `carried over from ${SHA.a.slice(0, 7)}, still rolling out there`,
      staging: `carried over from ${SHA.a.slice(0, 7)}, still pending there`,
      prod: 'desired-state/environments/prod.yaml changed',
    });
    expect(h.stage(SHA.a, 'dev')).toBe('rolling-out');
    expect(h.stage(SHA.b, 'staging')).toBe('waiting');
    expect(h.history(SHA.b, 'staging')).toEqual(['pending: waiting for dev']);
    expect(h.deployers.staging.calls).toEqual([]);
    expect(h.history(SHA.b, 'dev').at(-1)).toBe(
      `pending: waiting for the lease of dev, held by reconcile:dev:${SHA.a.slice(0, 12)}:run1`,
    );
    // Act: A's dev finishes; then B's dev retries
    h.continuation.parkAt = () => new Date('2100-01-01T00:00:00Z');
    await h.settleDelayed((m) => m.delaySeconds === 30);
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    await h.settleDelayed();
    // Assess: B promoted in order, A's staging and prod never rolled out
    expect(h.stage(SHA.b, 'dev')).toBe('succeeded');
    expect(h.stage(SHA.b, 'staging')).toBe('succeeded');
    expect(h.stage(SHA.b, 'prod')).toBe('awaiting-approval');
    expect(h.stage(SHA.a, 'staging')).toBe('superseded');
    expect(h.executions('staging')).toHaveLength(1);
  });

  it('supersedes an older commit that was waiting for a lease held by someone else', async () => {
    // Prepare: A's dev waits for the lease a person holds
    const h = harness();
    await h.locks.acquire('dev', 'cli:x', 3_600_000);
    await h.settle(push(SHA.a, [DEV_YAML]));
    expect(h.stage(SHA.a, 'dev')).toBe('waiting');
    // Act: B changes dev again, the person lets go, both retries arrive
    await h.settle(push(SHA.b, [DEV_YAML], { minutes: 5 }));
    await h.locks.forceRelease('dev');
    await h.settleDelayed();
    // Assess: only B rolled out; A says why not
    expect(h.stage(SHA.a, 'dev')).toBe('superseded');
    expect(h.history(SHA.a, 'dev')).toEqual([
      'pending: queued',
      'pending: rolling out',
      'pending: waiting for the lease of dev, held by cli:x',
      `error: superseded by ${B7}: not rolled out`,
    ]);
    expect(h.stage(SHA.b, 'dev')).toBe('succeeded');
    expect(h.history(SHA.b, 'dev').at(-1)).toBe(ROLLED_OUT);
    expect(h.executions('dev')).toHaveLength(1);
    expect(h.deployers.dev.calls[0]).toMatch(/^createChangeSet plumbline-b2b2/);
  });
});

/** Every call to any environment's deployer. */
function allDeployerCalls(h: ReturnType<typeof harness>): string[] {
  return [...h.deployers.dev.calls, ...h.deployers.staging.calls, ...h.deployers.prod.calls];
}
