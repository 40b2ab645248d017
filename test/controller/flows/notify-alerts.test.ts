import { notifyAlerts } from '../../../controller/flows/notify-alerts.js';
import type { AlertEvent } from '../../../controller/model/alert.js';
import type { DriftReport } from '../../../controller/model/report.js';
import { InMemoryAlertLedger } from '../../fakes/in-memory-alert-ledger.js';

const T0 = new Date('2026-12-04T10:00:00Z');
const HOUR = 3600_000;

const drifted: DriftReport = {
  environment: 'dev',
  ref: 'abc123',
  scannedAt: T0.toISOString(),
  status: 'drifted',
  worstPriority: 'P0',
  drifts: [
    {
      resource: { kind: 'rds-instance', name: 'dev-postgres' },
      path: 'database.publiclyAccessible',
      declared: false,
      live: true,
      priority: 'P0',
      action: 'update',
      message: 'database.publiclyAccessible is true, declared false',
    },
  ],
  unchecked: [],
  stats: { apiCalls: 7, durationMs: 30 },
};

function publisher(failures = 0) {
  const sent: AlertEvent[] = [];
  let fail = failures;
  return {
    sent,
    publish: async (e: AlertEvent) => {
      // Yields first, so two scans interleave as they would over the network.
      await new Promise((r) => setImmediate(r));
      if (fail > 0) {
        fail -= 1;
        throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
      }
      sent.push(e);
    },
  };
}

describe('notifyAlerts', () => {
  it('sends a trigger once when two scans decide it at the same time', async () => {
    // Prepare
    const ledger = new InMemoryAlertLedger();
    const sns = publisher();
    const deps = { ledger, publisher: sns };
    // Act
    const [a, b] = await Promise.all([
      notifyAlerts(deps, drifted, 'u', T0, 4 * HOUR),
      notifyAlerts(deps, drifted, 'u', T0, 4 * HOUR),
    ]);
    // Assess
    expect(sns.sent.map((e) => e.action)).toEqual(['trigger']);
    expect(a.sent.length + b.sent.length).toBe(1);
    expect((await ledger.read('dev')).open).toHaveLength(1);
  });

  it('takes an unsent trigger back out of the ledger, so the next scan sends it', async () => {
    // Prepare
    const ledger = new InMemoryAlertLedger();
    const failing = publisher(1);
    // Act
    const first = await notifyAlerts({ ledger, publisher: failing }, drifted, 'u', T0, 4 * HOUR);
    const second = await notifyAlerts({ ledger, publisher: failing }, drifted, 'u', T0, 4 * HOUR);
    // Assess
    expect(first.sent).toEqual([]);
    expect(first.errors).toEqual([
      'alert trigger plumbline/dev/rds-instance/dev-postgres/database.publiclyAccessible not sent: Throttling: Rate exceeded',
    ]);
    expect(second.sent.map((e) => e.action)).toEqual(['trigger']);
    expect(failing.sent).toHaveLength(1);
  });

  it('writes nothing when nothing changes', async () => {
    // Prepare
    const ledger = new InMemoryAlertLedger();
    const sns = publisher();
    await notifyAlerts({ ledger, publisher: sns }, drifted, 'u', T0, 4 * HOUR);
    const writes = ledger.replaces;
    // Act
    const again = await notifyAlerts({ ledger, publisher: sns }, drifted, 'u', T0, 4 * HOUR);
    // Assess
    expect(again).toEqual({ sent: [], errors: [] });
    expect(ledger.replaces).toBe(writes);
  });
});
