import type { AlertEvent, OpenAlert } from '../../model/alert.js';
import { priorityRank } from '../../model/drift.js';
import { alertEvent } from './event.js';
import type { Finding } from './findings.js';

/** What one scan does about alerts: what to send, and the open alerts afterwards. */
export interface AlertPlan {
  readonly send: readonly AlertEvent[];
  /** The ledger's new content for the environment. */
  readonly open: readonly OpenAlert[];
}

export interface AlertPlanInput {
  /** The environment's open alerts, as the ledger holds them. */
  readonly open: readonly OpenAlert[];
  readonly findings: readonly Finding[];
  /** Sources whose state is unknown this scan: their alerts are neither resolved nor repeated. */
  readonly unread: { readonly all: boolean; readonly sources: ReadonlySet<string> };
  readonly now: Date;
  /** A finding still open is re-notified after this long. */
  readonly repeatMs: number;
}

/**
 * Decides the alerts of one scan. Pure: the same open alerts and findings always give the same plan.
 * - A new finding triggers once.
 * - An open finding triggers again only after `repeatMs`, or at once when its priority rises (on the
 *   higher priority's topic); a priority that falls is recorded without a message.
 * - An open alert whose finding is gone resolves, unless its resource could not be read.
 *
 * @example
 * const { send, open } = planAlerts({ open: ledger, findings, unread, now, repeatMs: 4 * 3600_000 });
 */
export function planAlerts(input: AlertPlanInput): AlertPlan {
  const now = input.now.toISOString();
  const byKey = new Map(input.open.map((a) => [a.dedupKey, a]));
  const send: AlertEvent[] = [];
  const open: OpenAlert[] = [];

  for (const f of input.findings) {
    const before = byKey.get(f.dedupKey);
    byKey.delete(f.dedupKey);
    const rose = before !== undefined && priorityRank(f.priority) < priorityRank(before.priority);
    const due =
      before !== undefined && input.now.getTime() - Date.parse(before.notifiedAt) >= input.repeatMs;
    const notify = before === undefined || rose || due;
    if (notify) send.push(alertEvent('trigger', f, input.now));
    open.push({
      dedupKey: f.dedupKey,
      priority: f.priority,
      summary: f.summary,
      source: f.source,
      openedAt: before?.openedAt ?? now,
      notifiedAt: notify ? now : (before?.notifiedAt ?? now),
    });
  }

  for (const gone of byKey.values()) {
    if (input.unread.all || input.unread.sources.has(gone.source)) {
      open.push(gone);
      continue;
    }
    send.push(
      alertEvent(
        'resolve',
        {
          dedupKey: gone.dedupKey,
          priority: gone.priority,
          environment: gone.source.split('/')[0] ?? gone.source,
          source: gone.source,
          summary: `resolved: ${gone.summary}`,
          details: { openedAt: gone.openedAt },
        },
        input.now,
      ),
    );
  }
  return { send, open: open.sort((a, b) => a.dedupKey.localeCompare(b.dedupKey)) };
}
