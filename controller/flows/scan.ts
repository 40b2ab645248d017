import { mapBounded } from '../core/bounded.js';
import { errorReport } from '../core/report.js';
import { describeFailure } from '../core/text.js';
import { WORKING_TREE_REF } from '../model/conventions.js';
import type { DriftReport } from '../model/report.js';
import type { EnvironmentRun, ScanRun } from '../model/scan-run.js';
import { type ScanEnvironmentDeps, scanEnvironment } from './scan-environment.js';

export interface ScanRequest {
  readonly scanId: string;
  /** The environments to scan, e.g. every manifest's. */
  readonly envs: readonly string[];
  /** The revision manifests are read at (main's head on AWS). @default - the source's default */
  readonly ref?: string;
  /** Environments scanned at once. @default 8 */
  readonly concurrency?: number;
}

/** A finished scan: the run record, and each environment's report in request order. */
export interface ScanResult {
  readonly run: ScanRun;
  readonly reports: readonly DriftReport[];
}

/**
 * Scans every requested environment with bounded concurrency, each in isolation: an environment
 * that fails in any way is `error` in its report and run entry, and the others go on. The run
 * record (scan id, per-environment status, counts, durations, errors) is written at the end.
 *
 * @example
 * const { run } = await scan(deps, { scanId, envs: await manifests.list(), ref: 'main' });
 */
export async function scan(deps: ScanEnvironmentDeps, req: ScanRequest): Promise<ScanResult> {
  const started = deps.clock.now();
  const log = deps.logger.child({ scanId: req.scanId, ref: req.ref ?? WORKING_TREE_REF });
  const results = await mapBounded(req.envs, Math.max(1, req.concurrency ?? 8), async (env) => {
    try {
      return await scanEnvironment(deps, {
        env,
        scanId: req.scanId,
        ...(req.ref === undefined ? {} : { ref: req.ref }),
      });
    } catch (error) {
      // Not an expected failure (those are reports already): still only this environment's.
      const message = describeFailure(error);
      log.error('environment scan failed', { environment: env, error: message });
      const report = errorReport(
        {
          environment: env,
          ref: req.ref ?? WORKING_TREE_REF,
          scannedAt: started,
          apiCalls: 0,
          durationMs: deps.clock.now().getTime() - started.getTime(),
        },
        message,
      );
      return { report, run: failedRun(report, message) };
    }
  });
  const run: ScanRun = {
    scanId: req.scanId,
    ref: req.ref ?? WORKING_TREE_REF,
    startedAt: started.toISOString(),
    durationMs: deps.clock.now().getTime() - started.getTime(),
    environments: results.map((r) => r.run),
  };
  if (deps.runs) {
    try {
      await deps.runs.record(run);
    } catch (error) {
      log.error('run record not written', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  log.info('scan finished', {
    environments: run.environments.length,
    durationMs: run.durationMs,
    statuses: Object.fromEntries(run.environments.map((e) => [e.environment, e.status])),
  });
  return { run, reports: results.map((r) => r.report) };
}

function failedRun(report: DriftReport, error: string): EnvironmentRun {
  return {
    environment: report.environment,
    status: 'error',
    worstPriority: null,
    drifts: 0,
    unchecked: 0,
    apiCalls: report.stats.apiCalls,
    durationMs: report.stats.durationMs,
    alertsSent: 0,
    errors: [error],
  };
}
