import { detectDrift, detectDriftAll } from '../../../controller/flows/detect-drift.js';
import { ManifestInvalidError, ManifestNotFoundError } from '../../../controller/model/errors.js';
import type { LiveState } from '../../../controller/model/live-state.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
import type { LiveStateReaderFactory } from '../../../controller/ports/live-state-reader.js';
import type { ManifestSource } from '../../../controller/ports/manifest-source.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import { editService } from '../../fixtures/live-edits.js';

/** A clock that advances 5 ms on every reading. */
function steppingClock() {
  let t = Date.parse('2026-11-21T10:00:00Z');
  return {
    now: () => {
      t += 5;
      return new Date(t);
    },
  };
}

function manifests(byEnv: Record<string, DesiredState | Error>): ManifestSource {
  return {
    list: async () => Object.keys(byEnv),
    load: async (env) => {
      const m = byEnv[env];
      if (m === undefined)
        throw new ManifestNotFoundError(env, `desired-state/environments/${env}.yaml`);
      if (m instanceof Error) throw m;
      return { desired: m, source: `${env}.yaml`, ref: 'working-tree' };
    },
  };
}

function readers(
  live: (d: DesiredState) => LiveState,
  callsPerScan = 6,
): LiveStateReaderFactory & { closed: number } {
  const factory = {
    closed: 0,
    open: (_d: DesiredState) => ({
      reader: { read: async (d: DesiredState) => live(d) },
      calls: { count: () => callsPerScan },
      close: () => {
        factory.closed++;
      },
    }),
  };
  return factory;
}

describe('detectDrift', () => {
  it('reports drift with the call count and duration of the scan, and closes its reader', async () => {
    // Prepare
    const prod = desiredState();
    const deps = {
      manifests: manifests({ prod }),
      readers: readers((d) =>
        editService(liveStateFor(d), 'api', (s) => ({ ...s, desiredCount: 11 })),
      ),
      clock: steppingClock(),
    };
    // Act
    const report = await detectDrift(deps, { env: 'prod' });
    // Assess
    expect(report).toMatchObject({
      environment: 'prod',
      status: 'drifted',
      worstPriority: 'P2',
      stats: { apiCalls: 6, durationMs: 5 },
    });
    expect(deps.readers.closed).toBe(1);
  });

  it('turns an invalid manifest into an error report without reading anything', async () => {
    const invalid = new ManifestInvalidError([
      { file: 'dev.yaml', line: 3, column: 5, path: 'services.api.cpu', message: 'bad' },
    ]);
    const deps = {
      manifests: manifests({ dev: invalid }),
      readers: readers(liveStateFor),
      clock: steppingClock(),
    };
    const report = await detectDrift(deps, { env: 'dev' });
    expect(report).toMatchObject({
      status: 'error',
      error: 'dev.yaml:3:5: services.api.cpu: bad',
      stats: { apiCalls: 0 },
    });
    expect(deps.readers.closed).toBe(0);
  });

  it('propagates errors that are not Plumbline errors', async () => {
    const deps = {
      manifests: manifests({ prod: desiredState() }),
      readers: readers(() => {
        throw new TypeError('bug');
      }),
      clock: steppingClock(),
    };
    await expect(detectDrift(deps, { env: 'prod' })).rejects.toThrow('bug');
  });
});

describe('detectDriftAll', () => {
  it('scans every environment with bounded concurrency and keeps the input order', async () => {
    // Prepare
    let active = 0;
    let peak = 0;
    const envs = Array.from({ length: 7 }, (_, i) => `env${i}`);
    const byEnv = Object.fromEntries(
      envs.map((e) => [
        e,
        desiredState((d) => Object.assign(d.environment as object, { name: e })),
      ]),
    );
    const deps = {
      manifests: manifests(byEnv),
      readers: readers(liveStateFor),
      clock: steppingClock(),
    };
    const slow = deps.readers.open;
    deps.readers.open = (d) => {
      const r = slow(d);
      return {
        ...r,
        reader: {
          read: async (x: DesiredState) => {
            active++;
            peak = Math.max(peak, active);
            await new Promise((resolve) => setImmediate(resolve));
            active--;
            return r.reader.read(x);
          },
        },
      };
    };
    // Act
    const reports = await detectDriftAll(deps, envs, { concurrency: 3 });
    // Assess
    expect(reports.map((r) => r.environment)).toEqual(envs);
    expect(reports.every((r) => r.status === 'in-sync')).toBe(true);
    expect(peak).toBe(3);
  });
});
