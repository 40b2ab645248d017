import type { FreezeWindow } from '../../../../controller/model/freeze-window.js';
import { cliApproval, harness, hint, push, SHA, START } from './harness.js';

const ROLLED_OUT = 'success: rolled out (1 changes)';
/** Wednesday 09:00 to 12:00 UTC; the harness starts on Wednesday at 10:00. */
const FREEZE: FreezeWindow = {
  from: 'Wed 09:00',
  to: 'Wed 12:00',
  timeZone: 'UTC',
  reason: 'release freeze',
};
const FROZEN = 'pending: frozen until Wed 2026-11-18 12:00 UTC (release freeze)';
const at = (time: string) => new Date(`2026-11-18T${time}Z`);

describe('reconcile: a predecessor that did not succeed', () => {
  it('skips prod when staging’s stack rolled back', async () => {
    // Prepare
    const h = harness();
    h.deployers.staging.outcome = { status: 'UPDATE_ROLLBACK_COMPLETE' };
    // Act
    await h.settle(push(SHA.a, ['stacks/x.ts']), cliApproval(SHA.a, 'prod'));
    // Assess
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.stage(SHA.a, 'staging')).toBe('failed');
    expect(h.history(SHA.a, 'staging')).toEqual([
      'pending: waiting for dev',
      'pending: rolling out',
      'failure: failed: stack plumbline-staging ended UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(h.stage(SHA.a, 'prod')).toBe('skipped');
    expect(h.history(SHA.a, 'prod')).toEqual([
      'pending: waiting for staging',
      'error: not rolled out: staging failed',
    ]);
    expect(h.promotions.promotions.get(SHA.a)?.environments.prod?.detail).toBe(
      'not rolled out: staging failed',
    );
    expect(h.deployers.prod.calls).toEqual([]);
    expect(h.delayed).toEqual([]);
  });

  it('skips prod when the stateful guard blocked staging', async () => {
    // Prepare: staging's change set would replace the database
    const h = harness();
    h.deployers.staging.nextChanges = [
      {
        action: 'Modify',
        logicalId: 'Db',
        resourceType: 'AWS::RDS::DBInstance',
        replacement: 'True',
        details: [],
      },
    ];
    // Act
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    // Assess
    expect(h.stage(SHA.a, 'staging')).toBe('blocked');
    expect(h.history(SHA.a, 'staging')).toEqual([
      'pending: waiting for dev',
      'pending: rolling out',
      'failure: blocked: AWS::RDS::DBInstance Db would be replaced: data would be lost; add "database" to rollout.allowReplace to allow it',
    ]);
    expect(h.executions('staging')).toEqual([]);
    expect(h.deployers.staging.calls).toContain('deleteChangeSet cs-1');
    expect(h.stage(SHA.a, 'prod')).toBe('skipped');
    expect(h.history(SHA.a, 'prod')).toEqual([
      'pending: waiting for staging',
      'error: not rolled out: staging blocked',
    ]);
    expect(h.deployers.prod.calls).toEqual([]);
  });
});

describe('reconcile: freeze windows', () => {
  it('holds an approved prod rollout until the window ends, asking again every 15 minutes at most', async () => {
    // Prepare: prod is approved inside the window
    const h = harness({ freeze: [FREEZE] });
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    expect(h.stage(SHA.a, 'prod')).toBe('awaiting-approval');
    h.setNow(at('10:30:00'));
    // Act
    await h.settle(cliApproval(SHA.a, 'prod'));
    // Assess: frozen, the step queued again after 900 s (the window has 5400 s left)
    expect(h.stage(SHA.a, 'prod')).toBe('frozen');
    expect(h.history(SHA.a, 'prod')).toEqual([
      'pending: waiting for staging',
      `pending: awaiting approval: ${hint('prod', SHA.a)}`,
      FROZEN,
    ]);
    expect(h.delayed).toEqual([
      { request: { kind: 'advance', env: 'prod', sha: SHA.a }, delaySeconds: 900 },
    ]);
    expect(h.deployers.prod.calls).toEqual([]);

    // Act: delivered 10 minutes before the end
    h.setNow(at('11:50:00'));
    await h.settleDelayed();
    // Assess: still frozen, asked again right at the end; the status unchanged
    expect(h.stage(SHA.a, 'prod')).toBe('frozen');
    expect(h.delayed).toEqual([
      { request: { kind: 'advance', env: 'prod', sha: SHA.a }, delaySeconds: 600 },
    ]);
    expect(h.history(SHA.a, 'prod').filter((s) => s === FROZEN)).toHaveLength(1);

    // Act: the window is over
    h.setNow(at('12:00:00'));
    await h.settleDelayed();
    // Assess
    expect(h.stage(SHA.a, 'prod')).toBe('succeeded');
    expect(h.history(SHA.a, 'prod').slice(-2)).toEqual(['pending: rolling out', ROLLED_OUT]);
    expect(h.executions('prod')).toHaveLength(1);
    expect(h.delayed).toEqual([]);
  });

  it('asks for the approval before it waits out a freeze', async () => {
    // Prepare
    const h = harness({ freeze: [FREEZE] });
    // Act
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    // Assess: inside the window, prod still asks for its approval first
    expect(h.clock.now().getTime()).toBeLessThan(at('12:00:00').getTime());
    expect(h.stage(SHA.a, 'prod')).toBe('awaiting-approval');
    expect(h.delayed).toEqual([]);
  });

  it('does not hold environments without a window', async () => {
    // Prepare
    const h = harness({ freeze: [FREEZE] });
    h.setNow(new Date(START + 30 * 60_000));
    // Act
    await h.settle(push(SHA.a, ['stacks/x.ts']));
    // Assess
    expect(h.stage(SHA.a, 'dev')).toBe('succeeded');
    expect(h.stage(SHA.a, 'staging')).toBe('succeeded');
  });
});
