import { type Finding, findingsOf, unreadSources } from '../core/alerts/findings.js';
import { type AlertPlanInput, planAlerts } from '../core/alerts/plan.js';
import { describeFailure } from '../core/text.js';
import type { AlertEvent, OpenAlert } from '../model/alert.js';
import type { DriftReport } from '../model/report.js';
import type { AlertLedger } from '../ports/alert-ledger.js';
import type { AlertPublisher } from '../ports/alert-publisher.js';

/** The ports alerting needs. */
export interface AlertDeps {
  readonly publisher: AlertPublisher;
  readonly ledger: AlertLedger;
}

/** How long an open alert waits before it is sent again, when the manifest could not be read. */
export const DEFAULT_REPEAT_MS = 240 * 60_000;

/** What alerting did for one scan. */
export interface AlertOutcome {
  readonly sent: readonly AlertEvent[];
  readonly errors: readonly string[];
}

/** How often a scan re-reads the ledger after another scan wrote it first. */
const LEDGER_ATTEMPTS = 5;

/**
 * Raises and resolves the alerts of one report. The ledger is written before anything is sent, and
 * only if no other scan wrote it since it was read, so two scans at once never send the same
 * trigger twice. A message that could not be sent is taken back out of the ledger, so the next scan
 * sends it again.
 *
 * @example
 * const { sent, errors } = await notifyAlerts(deps, report, reportUrl, clock.now(), 4 * 3600_000);
 */
export async function notifyAlerts(
  deps: AlertDeps,
  report: DriftReport,
  reportUrl: string | undefined,
  now: Date,
  repeatMs: number = DEFAULT_REPEAT_MS,
): Promise<AlertOutcome> {
  return notifyFindings(
    deps,
    report.environment,
    findingsOf(report, reportUrl),
    now,
    repeatMs,
    unreadSources(report),
  );
}

/**
 * {@link notifyAlerts} for findings of any origin, kept in the ledger entry `ledgerKey` (an
 * environment's drift, or its rollouts).
 */
export async function notifyFindings(
  deps: AlertDeps,
  ledgerKey: string,
  findings: readonly Finding[],
  now: Date,
  repeatMs: number = DEFAULT_REPEAT_MS,
  unread: AlertPlanInput['unread'] = { all: false, sources: new Set() },
): Promise<AlertOutcome> {
  for (let attempt = 0; attempt < LEDGER_ATTEMPTS; attempt++) {
    const entry = await deps.ledger.read(ledgerKey);
    const plan = planAlerts({ open: entry.open, findings, unread, now, repeatMs });
    if (plan.send.length === 0 && sameAlerts(entry.open, plan.open))
      return { sent: [], errors: [] };
    if (!(await deps.ledger.replace(ledgerKey, entry.version, plan.open))) continue;

    const failed: AlertEvent[] = [];
    const errors: string[] = [];
    for (const event of plan.send) {
      try {
        await deps.publisher.publish(event);
      } catch (error) {
        failed.push(event);
        errors.push(`alert ${event.action} ${event.dedupKey} not sent: ${describeFailure(error)}`);
      }
    }
    if (failed.length > 0) {
      const restored = restore(plan.open, entry.open, failed);
      if (!(await deps.ledger.replace(ledgerKey, entry.version + 1, restored)))
        errors.push('the alert ledger changed before unsent alerts could be taken back');
    }
    return { sent: plan.send.filter((e) => !failed.includes(e)), errors };
  }
  return {
    sent: [],
    errors: [`alert ledger of ${ledgerKey} kept changing; alerts left to the next scan`],
  };
}

/** The ledger as if the failed messages had never been decided. */
function restore(
  next: readonly OpenAlert[],
  before: readonly OpenAlert[],
  failed: readonly AlertEvent[],
): OpenAlert[] {
  const previous = new Map(before.map((a) => [a.dedupKey, a]));
  const undo = new Set(failed.map((e) => e.dedupKey));
  const kept = next.filter((a) => !undo.has(a.dedupKey));
  for (const key of undo) {
    const old = previous.get(key);
    if (old !== undefined) kept.push(old);
  }
  return kept.sort((a, b) => a.dedupKey.localeCompare(b.dedupKey));
}

function sameAlerts(a: readonly OpenAlert[], b: readonly OpenAlert[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
