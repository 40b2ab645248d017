import { diff } from '../../../controller/core/diff.js';
import { buildReport } from '../../../controller/core/report.js';
import { type HealDeps, healEnvironment } from '../../../controller/flows/heal.js';
import type { HealAction, HealApplied } from '../../../controller/model/heal.js';
import type { LiveState } from '../../../controller/model/live-state.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
import { InMemoryLockStore } from '../../fakes/in-memory-lock-store.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import { editDatabase, editService, setService } from '../../fixtures/live-edits.js';

/**
 * One environment: its manifest, a live state that healing changes as AWS would (a count set by
 * UpdateService, database settings by ModifyDBInstance), the lease store and what was called.
 */
function world(options: { selfHeal?: boolean; live?: (d: DesiredState) => LiveState } = {}) {
  const desired = desiredState((d) => {
    d.drift = { selfHeal: options.selfHeal ?? true };
  });
  let live = (options.live ?? liveStateFor)(desired);
  let now = Date.parse('2026-11-21T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const locks = new InMemoryLockStore(clock);
  const applied: HealAction[] = [];
  const sleeps: number[] = [];
  const onSleep: (() => Promise<void>)[] = [];
  const refuse = new Set<string>();
  let reads = 0;
  const apply = async (action: HealAction): Promise<HealApplied> => {
    applied.push(action);
    if (refuse.has(action.api))
      throw Object.assign(new Error('not now'), { name: 'InvalidDBInstanceState' });
    if (action.api === 'UpdateService' && action.desiredCount !== undefined) {
      const count = action.desiredCount;
      const name = action.heals[0]?.path[1] as string;
      live = editService(live, name, (s) => ({ ...s, desiredCount: count }));
    }
    if (action.api === 'ModifyDBInstance' && action.applyImmediately)
      live = editDatabase(live, (db) => ({ ...db, ...action.changes }));
    return { changed: true };
  };
  const detect = {
    manifests: {
      list: async () => ['prod'],
      load: async () => ({ desired, source: 'prod.yaml', ref: 'abc123' }),
    },
    readers: {
      open: () => ({
        reader: {
          read: async () => {
            reads++;
            return live;
          },
        },
        calls: { count: () => 6 },
        close: () => undefined,
      }),
    },
    clock,
  };
  const deps: HealDeps = {
    locks,
    owner: 'scan:s-1',
    healers: { open: () => ({ apply }) },
    pacing: {
      sleeper: {
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
          await onSleep.shift()?.();
        },
      },
      random: () => 0.5,
    },
  };
  /** The request a scan makes from what it observed now. */
  const request = () => {
    const result = diff(desired, live);
    const report = buildReport(result, {
      environment: 'prod',
      ref: 'abc123',
      scannedAt: clock.now(),
      apiCalls: 6,
      durationMs: 1,
    });
    return { desired, result, live, report, scanId: 's-1' };
  };
  return {
    deps,
    detect,
    locks,
    applied,
    sleeps,
    onSleep,
    refuse,
    request,
    reads: () => reads,
    setLive: (next: LiveState) => {
      live = next;
    },
  };
}

const scaledTo = (count: number) => (d: DesiredState) =>
  editService(liveStateFor(d), 'api', (s) => ({ ...s, desiredCount: count }));

describe('healEnvironment', () => {
  it('scales a count outside the range back to the nearest bound under the lease, and the heal holds', async () => {
    // Prepare
    const w = world({ live: scaledTo(12) });
    // Act
    const outcome = await healEnvironment(w.deps, w.detect, w.request());
    // Assess
    expect(outcome.summary).toEqual({
      actions: ['UpdateService prod-api: services.api.desiredCount 12 -> 10'],
      held: true,
    });
    expect(outcome.report).toMatchObject({ status: 'in-sync', drifts: [] });
    expect(w.applied.map((a) => a.api)).toEqual(['UpdateService']);
    expect(w.locks.calls).toEqual(['acquire prod scan:s-1', 'release prod scan:s-1 1']);
    expect(await w.locks.inspect('prod')).toBeUndefined();
  });

  it('writes nothing when the manifest does not turn self-healing on', async () => {
    // Prepare
    const w = world({ selfHeal: false, live: scaledTo(12) });
    const req = w.request();
    // Act
    const outcome = await healEnvironment(w.deps, w.detect, req);
    // Assess
    expect(outcome).toEqual({
      summary: { actions: [], held: false, skipped: 'drift.selfHeal is off' },
      report: req.report,
    });
    expect(w.applied).toEqual([]);
    expect(w.locks.calls).toEqual([]);
  });

  it('takes no lease when no drift can be healed in place', async () => {
    const w = world({ live: (d) => setService(liveStateFor(d), 'worker', { state: 'missing' }) });
    const outcome = await healEnvironment(w.deps, w.detect, w.request());
    expect(outcome.summary).toEqual({
      actions: [],
      held: false,
      skipped: 'no drift can be healed in place',
    });
    expect(w.locks.calls).toEqual([]);
    expect(w.reads()).toBe(0);
  });

  it('waits a few seconds for a rollout’s lease, then skips without writing', async () => {
    // Prepare
    const w = world({ live: scaledTo(12) });
    await w.locks.acquire('prod', 'rollout:ci:42', 120_000);
    // Act
    const outcome = await healEnvironment(w.deps, w.detect, w.request());
    // Assess
    expect(outcome.summary).toEqual({
      actions: [],
      held: false,
      skipped: 'a rollout holds the lease (rollout:ci:42)',
    });
    expect(w.applied).toEqual([]);
    expect(w.sleeps.reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(w.sleeps[0]).toBe(125);
  });

  it('heals once the rollout releases the lease during the wait, from a fresh observation', async () => {
    // Prepare: the rollout put the count in range itself, but left the database public.
    const w = world({ live: scaledTo(12) });
    const held = await w.locks.acquire('prod', 'rollout:ci:42', 120_000);
    w.onSleep.push(async () => {
      w.setLive(
        editDatabase(liveStateFor(w.request().desired), (db) => ({
          ...db,
          publiclyAccessible: true,
        })),
      );
      await w.locks.release(held);
    });
    // Act
    const outcome = await healEnvironment(w.deps, w.detect, w.request());
    // Assess
    expect(outcome.summary).toEqual({
      actions: [
        'ModifyDBInstance prod-postgres: database.publiclyAccessible true -> false (ApplyImmediately)',
      ],
      held: true,
    });
    expect(w.applied.map((a) => a.api)).toEqual(['ModifyDBInstance']);
  });

  it('applies nothing when the drift is gone once the lease is taken', async () => {
    // Prepare: the rollout that held the lease put the count back itself.
    const w = world({ live: scaledTo(12) });
    const held = await w.locks.acquire('prod', 'rollout:ci:42', 120_000);
    w.onSleep.push(async () => {
      w.setLive(liveStateFor(w.request().desired));
      await w.locks.release(held);
    });
    // Act
    const outcome = await healEnvironment(w.deps, w.detect, w.request());
    // Assess
    expect(outcome.summary).toEqual({
      actions: [],
      held: false,
      skipped: 'nothing left to heal once the lease was taken',
    });
    expect(outcome.report.status).toBe('in-sync');
    expect(w.applied).toEqual([]);
  });

  it('records a refused call as a failed line, goes on with the others, and does not hold', async () => {
    // Prepare
    const w = world({
      live: (d) => editDatabase(scaledTo(12)(d), (db) => ({ ...db, multiAz: false })),
    });
    w.refuse.add('ModifyDBInstance');
    // Act
    const outcome = await healEnvironment(w.deps, w.detect, w.request());
    // Assess
    expect(outcome.summary).toEqual({
      actions: [
        'failed: ModifyDBInstance prod-postgres: database.multiAz false -> true (ApplyImmediately): InvalidDBInstanceState: not now',
        'UpdateService prod-api: services.api.desiredCount 12 -> 10',
      ],
      held: false,
    });
    expect(outcome.report.drifts.map((d) => d.path)).toEqual(['database.multiAz']);
  });

  it('does not hold when what it healed is still drifted afterwards', async () => {
    const w = world({
      live: (d) => editDatabase(liveStateFor(d), (db) => ({ ...db, multiAz: false })),
    });
    const req = w.request();
    const maintenanceWindow = {
      ...req.desired,
      drift: { ...req.desired.drift, healApplyImmediately: false },
    };
    w.detect.manifests.load = async () => ({
      desired: maintenanceWindow,
      source: 'prod.yaml',
      ref: 'abc123',
    });
    const outcome = await healEnvironment(w.deps, w.detect, { ...req, desired: maintenanceWindow });
    expect(outcome.summary).toEqual({
      actions: [
        'ModifyDBInstance prod-postgres: database.multiAz false -> true (in the next maintenance window)',
      ],
      held: false,
    });
  });
});
