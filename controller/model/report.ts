import type { DriftAction, Priority } from './drift.js';
import type { ResourceKind } from './resource-key.js';

/** Outcome of a drift scan of one environment. */
export type ScanStatus = 'in-sync' | 'drifted' | 'error';

export interface ReportResource {
  readonly kind: ResourceKind;
  readonly name: string;
}

/** Who last wrote to a drifted resource, as CloudTrail recorded it. Absent when nothing was found. */
export interface ChangedBy {
  /** The caller's ARN, e.g. `arn:aws:iam::123456789012:user/alice`. */
  readonly principal: string;
  /** The API call, e.g. `UpdateService`. */
  readonly eventName: string;
  /** ISO 8601. */
  readonly eventTime: string;
}

/**
 * The drift report: what `plumbline drift --format json` prints and what lands in S3.
 * The shape is a public contract (tests, benchmarks and dashboards read it).
 */
export interface DriftReport {
  readonly environment: string;
  readonly ref: string;
  /** ISO 8601. */
  readonly scannedAt: string;
  readonly status: ScanStatus;
  readonly worstPriority: Priority | null;
  readonly drifts: readonly {
    readonly resource: ReportResource;
    /** Dotted manifest path: `services.api.desiredCount`. */
    readonly path: string;
    readonly declared: unknown;
    readonly live: unknown;
    readonly priority: Priority;
    readonly action: DriftAction;
    readonly message: string;
    /** Who changed the resource, when CloudTrail says; never guessed. */
    readonly changedBy?: ChangedBy;
  }[];
  readonly unchecked: readonly {
    readonly resource: ReportResource;
    readonly path: string;
    readonly reason: string;
  }[];
  readonly stats: { readonly apiCalls: number; readonly durationMs: number };
  /**
   * The one reason the scan could not run or read anything: an invalid manifest, no credentials, an
   * expired session (then every unchecked resource carries the same reason).
   */
  readonly error?: string;
}

/** Process exit code for a scan status: 0 in sync, 2 drift found, 1 error. */
export function exitCodeFor(status: ScanStatus): number {
  return status === 'in-sync' ? 0 : status === 'drifted' ? 2 : 1;
}

/** The worst status among several scans (`error` > `drifted` > `in-sync`). */
export function worstStatus(statuses: readonly ScanStatus[]): ScanStatus {
  if (statuses.includes('error')) return 'error';
  return statuses.includes('drifted') ? 'drifted' : 'in-sync';
}
