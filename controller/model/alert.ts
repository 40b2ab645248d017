import type { Priority } from './drift.js';

/**
 * Alerts in the shape of PagerDuty's Events API v2, one SNS topic per priority. An alert is
 * identified by its `dedupKey`, stable per environment, resource and manifest path.
 */

/** `trigger` opens (or re-notifies) an alert, `resolve` closes it. */
export type AlertAction = 'trigger' | 'resolve';

/** PagerDuty's severities, which P0..P3 map onto. */
export type EventSeverity = 'critical' | 'error' | 'warning' | 'info';

/** P0 pages now (critical) ... P3 is watched (info). */
export const SEVERITY_OF: Readonly<Record<Priority, EventSeverity>> = {
  P0: 'critical',
  P1: 'error',
  P2: 'warning',
  P3: 'info',
};

/** PagerDuty's limit on `dedup_key`. */
export const DEDUP_KEY_MAX = 255;
/** PagerDuty's limit on `payload.summary`. */
export const SUMMARY_MAX = 1024;
/** SNS refuses a Subject of 100 characters or more. */
export const SUBJECT_MAX = 99;
/** SNS's limit on a message, in bytes. */
export const SNS_MESSAGE_MAX_BYTES = 262_144;

/** One alert to send: what the publisher turns into an SNS message. */
export interface AlertEvent {
  readonly action: AlertAction;
  readonly dedupKey: string;
  readonly priority: Priority;
  readonly environment: string;
  /** One line, at most {@link SUMMARY_MAX} characters. */
  readonly summary: string;
  /** Under {@link SUBJECT_MAX} characters. */
  readonly subject: string;
  /** What the alert is about, e.g. `dev/ecs-service/dev-api`. */
  readonly source: string;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** An alert that has been triggered and not yet resolved, as the ledger keeps it. */
export interface OpenAlert {
  readonly dedupKey: string;
  readonly priority: Priority;
  readonly summary: string;
  readonly source: string;
  /** ISO 8601: when it was first triggered. */
  readonly openedAt: string;
  /** ISO 8601: when a trigger was last sent for it. */
  readonly notifiedAt: string;
}
