import { silentLogger } from '../../../controller/adapters/logging/powertools-logger.js';
import { scan } from '../../../controller/flows/scan.js';
import {
  GitHubUnavailableError,
  ObservationFailedError,
} from '../../../controller/model/errors.js';
import type { DesiredState } from '../../../controller/model/manifest.js';
import type { LiveStateReaderFactory } from '../../../controller/ports/live-state-reader.js';
import type { ManifestSource } from '../../../controller/ports/manifest-source.js';
import type { CommitStatus } from '../../../controller/ports/status-reporter.js';
import { InMemoryAlertLedger } from '../../fakes/in-memory-alert-ledger.js';
import { desiredState, liveStateFor } from '../../fixtures/desired-state.js';
import { editService } from '../../fixtures/live-edits.js';

const clock = { now: () => new Date('2026-12-04T10:00:00Z') };
const ENVS = ['dev', 'staging', 'prod'];

/** Three environments built from the fixture; prod's api runs 20 tasks (drift), staging is unreadable. */
function fixtures() {
  const manifests: ManifestSource = {
    list: async () => ENVS,
    load: async (env) => {
      const doc = desiredState((d) => {
        (d.environment as { name: string }).name = env;
      });
      return { desired: doc, source: `${env}.yaml`, ref: 'abc123' };
    },
  };
  const readers: LiveStateReaderFactory = {
    open: (desired: DesiredState) => ({
      reader: {
        read: async (d) => {
          if (d.environment.name === 'staging')
            throw new ObservationFailedError(undefined, 'staging: AccessDenied everywhere');
          const live = liveStateFor(d);
          return d.environment.name === 'prod'
            ? editService(live, 'api', (s) => ({ ...s, desiredCount: 20 }))
            : live;
        },
      },
      calls: { count: () => (desired.environment.name === 'dev' ? 7 : 0) },
      close: () => undefined,
    }),
  };
  return { manifests, readers };
}

describe('scan', () => {
  it('scans every environment in isolation: one that fails is error, the others complete', async () => {
    // Prepare
    const { manifests, readers } = fixtures();
    // Act
    const { run, reports } = await scan(
      { manifests, readers, clock, logger: silentLogger },
      { scanId: 's1', envs: ENVS },
    );
    // Assess
    expect(reports.map((r) => [r.environment, r.status])).toEqual([
      ['dev', 'in-sync'],
      ['staging', 'error'],
      ['prod', 'drifted'],
    ]);
    expect(reports[1]?.error).toBe('staging: AccessDenied everywhere');
    expect(run.environments.map((e) => [e.environment, e.status, e.drifts])).toEqual([
      ['dev', 'in-sync', 0],
      ['staging', 'error', 0],
      ['prod', 'drifted', 1],
    ]);
  });

  it('keeps the drift result, report and alerts when GitHub is down, and records why', async () => {
    // Prepare
    const { manifests, readers } = fixtures();
    const stored: string[] = [];
    const published: string[] = [];
    const statuses = {
      reporter: {
        report: async (_s: CommitStatus): Promise<'written'> => {
          throw new GitHubUnavailableError('create commit status', 'HTTP 500');
        },
      },
      sha: 'abc123',
    };
    const deps = {
      manifests,
      readers,
      clock,
      logger: silentLogger,
      reports: {
        put: async (env: string, scanId: string) => {
          stored.push(`${env}/${scanId}`);
          return { url: `https://reports/${env}/${scanId}.html` };
        },
      },
      alerts: {
        ledger: new InMemoryAlertLedger(),
        publisher: { publish: async (e: { dedupKey: string }) => void published.push(e.dedupKey) },
      },
      statuses,
    };
    // Act
    const { run, reports } = await scan(deps, { scanId: 's2', envs: ['prod'] });
    // Assess
    expect(reports[0]?.status).toBe('drifted');
    expect(stored).toEqual(['prod/s2']);
    expect(published).toEqual(['plumbline/prod/ecs-service/prod-api/services.api.desiredCount']);
    expect(run.environments[0]).toMatchObject({
      commitStatus: 'failed',
      alertsSent: 1,
      reportUrl: 'https://reports/prod/s2.html',
      errors: [
        'commit status: GitHubUnavailableError: GitHub create commit status failed: HTTP 500',
      ],
    });
  });

  it('reports the drift status on main’s head with a link to the report', async () => {
    // Prepare
    const { manifests, readers } = fixtures();
    const written: CommitStatus[] = [];
    // Act
    await scan(
      {
        manifests,
        readers,
        clock,
        logger: silentLogger,
        reports: { put: async () => ({ url: 'https://r/prod.html' }) },
        statuses: {
          sha: 'abc123',
          reporter: {
            report: async (s) => {
              written.push(s);
              return 'written' as const;
            },
          },
        },
      },
      { scanId: 's3', envs: ['prod'] },
    );
    // Assess
    expect(written).toEqual([
      {
        sha: 'abc123',
        context: 'plumbline/drift/prod',
        state: 'failure',
        description: '1 drift, worst P2',
        targetUrl: 'https://r/prod.html',
      },
    ]);
  });
});
