import type { Priority } from '../../model/drift.js';
import type { DriftReport } from '../../model/report.js';
import { dedupKey } from './dedup-key.js';

/** Something an alert is about, found by one scan. */
export interface Finding {
  readonly dedupKey: string;
  readonly priority: Priority;
  readonly environment: string;
  /** `<env>/<kind>/<name>`, or the environment itself for a scan error. */
  readonly source: string;
  /** One line for people. */
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Priority of a scan that could not read the environment: someone must look within 30 minutes. */
export const SCAN_ERROR_PRIORITY: Priority = 'P1';

/**
 * What a drift report raises: one finding per drift, and one for a scan that could not read the
 * environment (the drift may be there, unseen). `reportUrl` links each finding to the report.
 */
export function findingsOf(report: DriftReport, reportUrl?: string): Finding[] {
  const env = report.environment;
  const link = reportUrl === undefined ? {} : { report: reportUrl };
  const findings: Finding[] = report.drifts.map((d) => ({
    dedupKey: dedupKey(env, d.resource.kind, d.resource.name, d.path),
    priority: d.priority,
    environment: env,
    source: `${env}/${d.resource.kind}/${d.resource.name}`,
    summary: `${env}: ${d.message}`,
    details: {
      path: d.path,
      action: d.action,
      declared: d.declared,
      live: d.live,
      changedBy: d.changedBy ?? null,
      ref: report.ref,
      ...link,
    },
  }));
  if (report.status === 'error') {
    const reason =
      report.error ??
      `${report.unchecked.length} resource(s) could not be read: ${report.unchecked
        .map((u) => `${u.resource.name} (${u.reason})`)
        .join('; ')}`;
    findings.push({
      dedupKey: dedupKey(env, 'environment', env, 'scan'),
      priority: SCAN_ERROR_PRIORITY,
      environment: env,
      source: env,
      summary: `${env}: the drift scan could not read the environment: ${reason}`,
      details: {
        unchecked: report.unchecked.map((u) => ({ resource: u.resource, reason: u.reason })),
        ref: report.ref,
        ...link,
      },
    });
  }
  return findings;
}

/**
 * The resources a report could not read: alerts about them stay open (their drift may still be
 * there), and a scan that could not run at all resolves nothing.
 */
export function unreadSources(report: DriftReport): { all: boolean; sources: Set<string> } {
  const env = report.environment;
  const all = report.error !== undefined && report.drifts.length === 0;
  return {
    all,
    sources: new Set(report.unchecked.map((u) => `${env}/${u.resource.kind}/${u.resource.name}`)),
  };
}
