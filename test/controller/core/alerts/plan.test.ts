import { findingsOf, unreadSources } from '../../../../controller/core/alerts/findings.js';
import { planAlerts } from '../../../../controller/core/alerts/plan.js';
import type { OpenAlert } from '../../../../controller/model/alert.js';
import type { DriftReport } from '../../../../controller/model/report.js';

const T0 = new Date('2026-12-04T10:00:00Z');
const HOUR = 3600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

function report(overrides: Partial<DriftReport> = {}): DriftReport {
  return {
    environment: 'dev',
    ref: 'abc123',
    scannedAt: T0.toISOString(),
    status: 'drifted',
    worstPriority: 'P2',
    drifts: [
      {
        resource: { kind: 'ecs-service', name: 'dev-api' },
        path: 'services.api.desiredCount',
        declared: { min: 1, max: 2 },
        live: 5,
        priority: 'P2',
        action: 'update',
        message: 'services.api.desiredCount is 5, outside the declared range 1..2',
      },
    ],
    unchecked: [],
    stats: { apiCalls: 7, durationMs: 30 },
    ...overrides,
  };
}

/** Runs one scan's plan against `open` and returns the plan. */
function scanAt(now: Date, open: readonly OpenAlert[], r: DriftReport = report()) {
  return planAlerts({
    open,
    findings: findingsOf(r, 'https://reports/dev/1.html'),
    unread: unreadSources(r),
    now,
    repeatMs: 4 * HOUR,
  });
}

describe('planAlerts', () => {
  it('triggers a new drift once, then stays quiet over ten scans within the repeat interval', () => {
    // Prepare / Act
    let open: readonly OpenAlert[] = [];
    const sent: string[] = [];
    for (let i = 0; i < 10; i++) {
      const plan = scanAt(at(i * 5 * 60_000), open);
      sent.push(...plan.send.map((e) => `${e.action} ${e.priority}`));
      open = plan.open;
    }
    // Assess
    expect(sent).toEqual(['trigger P2']);
    expect(open).toHaveLength(1);
  });

  it('triggers again once the repeat interval has passed', () => {
    const first = scanAt(T0, []);
    expect(scanAt(at(4 * HOUR - 1), first.open).send).toEqual([]);
    expect(scanAt(at(4 * HOUR), first.open).send.map((e) => e.action)).toEqual(['trigger']);
  });

  it('triggers at once, on the higher priority, when the priority rises', () => {
    // Prepare
    const first = scanAt(T0, []);
    const worse = report({
      drifts: [{ ...report().drifts[0], priority: 'P1' } as DriftReport['drifts'][number]],
    });
    // Act
    const plan = scanAt(at(60_000), first.open, worse);
    // Assess
    expect(plan.send.map((e) => [e.action, e.priority])).toEqual([['trigger', 'P1']]);
    expect(plan.open[0]?.priority).toBe('P1');
  });

  it('records a falling priority without a message', () => {
    const first = scanAt(T0, []);
    const milder = report({
      drifts: [{ ...report().drifts[0], priority: 'P3' } as DriftReport['drifts'][number]],
    });
    const plan = scanAt(at(60_000), first.open, milder);
    expect(plan.send).toEqual([]);
    expect(plan.open[0]?.priority).toBe('P3');
  });

  it('resolves once on the first scan after the drift is gone, on its priority', () => {
    // Prepare
    const first = scanAt(T0, []);
    const clean = report({ status: 'in-sync', worstPriority: null, drifts: [] });
    // Act
    const resolved = scanAt(at(60_000), first.open, clean);
    const after = scanAt(at(120_000), resolved.open, clean);
    // Assess
    expect(resolved.send.map((e) => [e.action, e.priority, e.dedupKey])).toEqual([
      ['resolve', 'P2', 'plumbline/dev/ecs-service/dev-api/services.api.desiredCount'],
    ]);
    expect(resolved.open).toEqual([]);
    expect(after.send).toEqual([]);
  });

  it('keeps the alert of a resource it could not read open, and raises a P1 for the scan', () => {
    // Prepare
    const first = scanAt(T0, []);
    const unread = report({
      status: 'error',
      drifts: [],
      unchecked: [
        {
          resource: { kind: 'ecs-service', name: 'dev-api' },
          path: 'services.api',
          reason: 'AccessDenied',
        },
      ],
    });
    // Act
    const plan = scanAt(at(60_000), first.open, unread);
    // Assess
    expect(plan.send.map((e) => [e.action, e.priority, e.dedupKey])).toEqual([
      ['trigger', 'P1', 'plumbline/dev/environment/dev/scan'],
    ]);
    expect(plan.open.map((a) => a.dedupKey)).toContain(
      'plumbline/dev/ecs-service/dev-api/services.api.desiredCount',
    );
  });

  it('resolves nothing when the scan could not run at all', () => {
    const first = scanAt(T0, []);
    const failed = report({ status: 'error', drifts: [], error: 'no AWS credentials found' });
    const plan = scanAt(at(60_000), first.open, failed);
    expect(plan.send.map((e) => e.action)).toEqual(['trigger']);
    expect(plan.open).toHaveLength(2);
  });
});
