import { worstOf } from '../model/drift.js';
import { formatPath } from '../model/manifest-path.js';
import type { DriftReport, ScanStatus } from '../model/report.js';
import type { DiffResult } from './diff.js';

/** Scan facts that are not part of the comparison itself. */
export interface ScanFacts {
  readonly environment: string;
  readonly ref: string;
  readonly scannedAt: Date;
  readonly apiCalls: number;
  readonly durationMs: number;
}

/**
 * Builds the drift report. Anything unchecked makes the status `error`: a resource that could not
 * be read is never reported as in sync. When several resources could not be read for one and the
 * same reason (no credentials, an expired session), that reason is the report's `error`, stated
 * once, rather than only repeated per resource.
 */
export function buildReport(result: DiffResult, facts: ScanFacts): DriftReport {
  const status: ScanStatus =
    result.unchecked.length > 0 ? 'error' : result.drifts.length > 0 ? 'drifted' : 'in-sync';
  const reasons = new Set(result.unchecked.map((u) => u.reason));
  const common = result.unchecked.length > 1 && reasons.size === 1 ? [...reasons][0] : undefined;
  return {
    environment: facts.environment,
    ref: facts.ref,
    scannedAt: facts.scannedAt.toISOString(),
    status,
    worstPriority: worstOf(result.drifts),
    drifts: result.drifts.map((d) => ({
      resource: { kind: d.key.kind, name: d.key.name },
      path: formatPath(d.path),
      declared: d.declared,
      live: d.live,
      priority: d.priority,
      action: d.action,
      message: d.message,
    })),
    unchecked: result.unchecked.map((u) => ({
      resource: { kind: u.key.kind, name: u.key.name },
      path: formatPath(u.path),
      reason: u.reason,
    })),
    stats: { apiCalls: facts.apiCalls, durationMs: facts.durationMs },
    ...(common === undefined ? {} : { error: common }),
  };
}

/** The report of a scan that could not run (invalid manifest, no credentials, ...). */
export function errorReport(facts: ScanFacts, error: string): DriftReport {
  return {
    environment: facts.environment,
    ref: facts.ref,
    scannedAt: facts.scannedAt.toISOString(),
    status: 'error',
    worstPriority: null,
    drifts: [],
    unchecked: [],
    stats: { apiCalls: facts.apiCalls, durationMs: facts.durationMs },
    error,
  };
}
