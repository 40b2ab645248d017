import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { OpenAlert } from '../../model/alert.js';
import { AlertLedgerError } from '../../model/errors.js';
import { PRIORITIES } from '../../model/vocabulary.js';
import type { AlertLedgerEntry } from '../../ports/alert-ledger.js';

/** A DynamoDB item in its wire form. */
export type LedgerItem = Record<string, AttributeValue>;

/**
 * The alert ledger's item in the state table (beside the leases of `lock-item.ts`), one per
 * environment:
 *
 * ```
 * pk        S  alerts#<env>
 * version   N  1 after the first write, + 1 with every write; no item reads as version 0
 * alerts    L  the open alerts, sorted by dedupKey as the core returns them, each an M of
 *              dedupKey, priority, summary, source, openedAt, notifiedAt (all S)
 * writeId   S  unique per write: an SDK retry of a write that landed finds its own id in the
 *              item that failed its condition, and knows it won
 * ```
 *
 * Every write is a whole-item PutItem under a condition on the version read, so of two scans that
 * read the same version only the first write lands:
 *
 * ```
 * replace(v = 0)  no item yet, or an item still at version 0  → version 1, alerts
 * replace(v > 0)  the item is at version v                    → version v + 1, alerts
 * otherwise       ConditionalCheckFailedException             → false: read again, decide again,
 *                 unless the item found carries this write's own writeId (a retried write)
 * ```
 */
export const LEDGER_CONDITIONS = {
  first: 'attribute_not_exists(pk) OR version = :expected',
  next: 'version = :expected',
} as const;

/** The partition key of an environment's ledger item. */
export function ledgerKey(env: string): LedgerItem {
  return { pk: { S: `alerts#${env}` } };
}

/** The item that records `open` as version `version`, stamped with the write's id. */
export function ledgerItem(
  env: string,
  version: number,
  open: readonly OpenAlert[],
  writeId: string,
): LedgerItem {
  return {
    ...ledgerKey(env),
    version: { N: String(version) },
    writeId: { S: writeId },
    alerts: {
      L: open.map((a) => ({
        M: {
          dedupKey: { S: a.dedupKey },
          priority: { S: a.priority },
          summary: { S: a.summary },
          source: { S: a.source },
          openedAt: { S: a.openedAt },
          notifiedAt: { S: a.notifiedAt },
        },
      })),
    },
  };
}

/**
 * The entry an item holds; version 0 and no alerts when there is no item.
 * @throws {@link AlertLedgerError} (terminal) for an item of another shape: acting on a guess
 * could resolve or repeat alerts nobody decided.
 */
export function entryFromItem(env: string, item: LedgerItem | undefined): AlertLedgerEntry {
  if (item === undefined) return { open: [], version: 0 };
  const version = Number(item.version?.N);
  const list = item.alerts?.L;
  if (!Number.isSafeInteger(version) || version < 0 || list === undefined) {
    throw malformed(env, item);
  }
  const open = list.map((value) => {
    const m = value.M;
    const alert = {
      dedupKey: m?.dedupKey?.S,
      priority: m?.priority?.S,
      summary: m?.summary?.S,
      source: m?.source?.S,
      openedAt: m?.openedAt?.S,
      notifiedAt: m?.notifiedAt?.S,
    };
    if (!isOpenAlert(alert)) throw malformed(env, item);
    return alert;
  });
  return { open, version };
}

function isOpenAlert(a: Record<keyof OpenAlert, string | undefined>): a is OpenAlert {
  return (
    a.dedupKey !== undefined &&
    (PRIORITIES as readonly (string | undefined)[]).includes(a.priority) &&
    a.summary !== undefined &&
    a.source !== undefined &&
    a.openedAt !== undefined &&
    a.notifiedAt !== undefined
  );
}

function malformed(env: string, item: LedgerItem): AlertLedgerError {
  // The item may hold hundreds of alerts: its beginning is enough to recognise it.
  const shown = JSON.stringify(item).slice(0, 500);
  return new AlertLedgerError('read', env, `malformed ledger item ${shown}`, { terminal: true });
}
