import { mapBounded } from '../core/bounded.js';
import { type DiffResult, diff } from '../core/diff.js';
import { buildReport, errorReport } from '../core/report.js';
import { WORKING_TREE_REF } from '../model/conventions.js';
import { PlumblineError } from '../model/errors.js';
import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';
import type { DriftReport } from '../model/report.js';
import type { Clock } from '../ports/clock.js';
import type { LiveStateReaderFactory } from '../ports/live-state-reader.js';
import type { ManifestSource } from '../ports/manifest-source.js';

export interface DetectDriftDeps {
  readonly manifests: ManifestSource;
  readonly readers: LiveStateReaderFactory;
  readonly clock: Clock;
}

export interface DetectDriftRequest {
  readonly env: string;
  readonly ref?: string;
}

/** A scan's report, with what it was built from when the manifest could be loaded. */
export interface DriftObservation {
  readonly report: DriftReport;
  /** Absent when the manifest could not be loaded. */
  readonly desired?: DesiredState;
  /** Absent when the manifest could not be loaded. */
  readonly result?: DiffResult;
  /** What was observed; absent when the manifest could not be loaded. */
  readonly live?: LiveState;
}

/**
 * Scans one environment: load its manifest, observe the live state, diff, report.
 * Never throws for an expected failure: an invalid manifest or an unreachable API is an `error` report.
 *
 * @example
 * const report = await detectDrift({ manifests, readers, clock }, { env: 'dev' });
 * process.exitCode = exitCodeFor(report.status);
 */
export async function detectDrift(
  deps: DetectDriftDeps,
  req: DetectDriftRequest,
): Promise<DriftReport> {
  return (await observeDrift(deps, req)).report;
}

/** {@link detectDrift}, also returning the manifest and the comparison (for alerts and healing). */
export async function observeDrift(
  deps: DetectDriftDeps,
  req: DetectDriftRequest,
): Promise<DriftObservation> {
  const started = deps.clock.now();
  const elapsed = () => deps.clock.now().getTime() - started.getTime();
  let ref = req.ref ?? WORKING_TREE_REF;
  let calls = () => 0;
  try {
    const loaded = await deps.manifests.load(req.env, req.ref);
    ref = loaded.ref;
    const opened = deps.readers.open(loaded.desired);
    calls = () => opened.calls.count();
    try {
      const live = await opened.reader.read(loaded.desired);
      const result = diff(loaded.desired, live);
      const report = buildReport(result, {
        environment: req.env,
        ref,
        scannedAt: started,
        apiCalls: calls(),
        durationMs: elapsed(),
      });
      return { report, desired: loaded.desired, result, live };
    } finally {
      opened.close();
    }
  } catch (error) {
    if (!(error instanceof PlumblineError)) throw error;
    const facts = {
      environment: req.env,
      ref,
      scannedAt: started,
      apiCalls: calls(),
      durationMs: elapsed(),
    };
    return { report: errorReport(facts, error.message) };
  }
}

/**
 * Scans several environments with bounded concurrency (ELBv2 Describe* calls share one token bucket
 * per account and region, so an unbounded fan-out would throttle itself). Reports keep the input order.
 */
export async function detectDriftAll(
  deps: DetectDriftDeps,
  envs: readonly string[],
  options: { concurrency?: number; ref?: string } = {},
): Promise<DriftReport[]> {
  const ref = options.ref;
  return mapBounded(envs, Math.max(1, options.concurrency ?? 8), (env) =>
    detectDrift(deps, ref === undefined ? { env } : { env, ref }),
  );
}
