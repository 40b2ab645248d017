import type { Priority } from './drift.js';
import type { HealSummary } from './heal.js';
import type { ScanStatus } from './report.js';

/** What one scan did for one environment, as the run record keeps it. */
export interface EnvironmentRun {
  readonly environment: string;
  readonly status: ScanStatus;
  readonly worstPriority: Priority | null;
  readonly drifts: number;
  readonly unchecked: number;
  readonly apiCalls: number;
  readonly durationMs: number;
  /** The stored report's page, when reports are kept. */
  readonly reportUrl?: string;
  /** Alerts sent (triggers and resolves); failures are in `errors`. */
  readonly alertsSent: number;
  /** `written`, `unchanged`, or absent when no status was reported. */
  readonly commitStatus?: 'written' | 'unchanged' | 'failed';
  /** Drifts healed, and whether the environment was in sync afterwards. */
  readonly healed?: HealSummary;
  /** What went wrong on the side (GitHub down, an alert not sent); the scan itself still counted. */
  readonly errors: readonly string[];
}

/** One scheduled (or requested) scan over several environments. */
export interface ScanRun {
  readonly scanId: string;
  readonly ref: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environments: readonly EnvironmentRun[];
}
