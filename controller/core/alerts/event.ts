import {
  type AlertAction,
  type AlertEvent,
  SNS_MESSAGE_MAX_BYTES,
  SUBJECT_MAX,
  SUMMARY_MAX,
} from '../../model/alert.js';
import { clip } from '../text.js';
import type { Finding } from './findings.js';

/**
 * Room left for `details` in one SNS message: the envelope (summary, keys, attributes) takes at
 * most a few kilobytes, so details above this are cut, whatever the report's size.
 */
const DETAILS_MAX_BYTES = SNS_MESSAGE_MAX_BYTES - 16_384;
/** Longest rendering of one declared or live value kept in full. */
const VALUE_MAX_CHARS = 2_000;

/** The alert for a finding: summary and subject within PagerDuty's and SNS's limits. */
export function alertEvent(action: AlertAction, f: Finding, now: Date): AlertEvent {
  const verb = action === 'trigger' ? f.priority : 'resolved';
  return {
    action,
    dedupKey: f.dedupKey,
    priority: f.priority,
    environment: f.environment,
    summary: clip(f.summary, SUMMARY_MAX),
    subject: subjectLine(`[${verb}] ${oneLine(f.summary)}`),
    source: f.source,
    timestamp: now.toISOString(),
    details: boundedDetails(f.details),
  };
}

/**
 * An SNS Subject every endpoint takes: printable ASCII only (email subjects and older SNS
 * validation refuse anything else), under 100 characters, cut with `...`.
 */
function subjectLine(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SUBJECT_MAX ? ascii : `${ascii.slice(0, SUBJECT_MAX - 3)}...`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Details that fit in one SNS message: long values are replaced by their beginning, and if the
 * whole still does not fit, only the scalar fields and the report link remain.
 */
function boundedDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    const text = JSON.stringify(value) ?? 'null';
    out[key] = text.length <= VALUE_MAX_CHARS ? value : `${text.slice(0, VALUE_MAX_CHARS)}… (cut)`;
  }
  if (byteLength(JSON.stringify(out)) <= DETAILS_MAX_BYTES) return out;
  return Object.fromEntries(
    Object.entries(out).filter(([, v]) => typeof v !== 'object' || v === null),
  );
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
