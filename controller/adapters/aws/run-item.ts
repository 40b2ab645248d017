import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ScanRun } from '../../model/scan-run.js';

/** A DynamoDB item in its wire form. */
export type RunItem = Record<string, AttributeValue>;

/**
 * How long a run record is kept before DynamoDB TTL may delete it: a month of scans to look back on.
 */
export const RUN_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/**
 * The run store's items in the state table (beside the leases of `lock-item.ts` and the alert
 * ledger of `alert-ledger-item.ts`):
 *
 * ```
 * run#<scanId>  scanId S, ref S, startedAt S (ISO 8601), durationMs N,
 *               environments L of M (each EnvironmentRun as written, nested as M / L),
 *               ttl N  epoch seconds: startedAt + RUN_RETENTION_SECONDS
 * env#<env>     lastInSyncAt N  epoch milliseconds of the newest in-sync scan
 * ```
 *
 * The TTL attribute is `ttl`, as on the lease items: a table has one TTL attribute, and the leases'
 * `expiresAt` is a lease expiry in milliseconds that TTL must not read.
 *
 * Writes:
 *
 * ```
 * record       PutItem run#<scanId>, unconditional: a scan id is written once (a retry rewrites
 *              the same record)
 * markInSync   UpdateItem env#<env> SET lastInSyncAt = :at
 *              IF attribute_not_exists(lastInSyncAt) OR lastInSyncAt < :at
 *              (only ever forward; a failed condition means a newer scan already recorded it)
 * ```
 */
export const IN_SYNC_EXPRESSIONS = {
  UpdateExpression: 'SET lastInSyncAt = :at',
  ConditionExpression: 'attribute_not_exists(lastInSyncAt) OR lastInSyncAt < :at',
} as const;

/** The partition key of a scan's run record. */
export function runKey(scanId: string): RunItem {
  return { pk: { S: `run#${scanId}` } };
}

/** The partition key of an environment's scan state. */
export function envKey(env: string): RunItem {
  return { pk: { S: `env#${env}` } };
}

/** The item that records `run`, expiring {@link RUN_RETENTION_SECONDS} after it started. */
export function runItem(run: ScanRun): RunItem {
  const started = Date.parse(run.startedAt);
  return {
    ...runKey(run.scanId),
    scanId: { S: run.scanId },
    ref: { S: run.ref },
    startedAt: { S: run.startedAt },
    durationMs: { N: String(run.durationMs) },
    environments: toAttribute(run.environments),
    ttl: { N: String(Math.ceil(started / 1000) + RUN_RETENTION_SECONDS) },
  };
}

/**
 * A JSON-like value as a DynamoDB attribute: objects as M, arrays as L; `undefined` members are
 * left out, as `JSON.stringify` leaves them out.
 */
export function toAttribute(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  if (typeof value === 'object') {
    const members: Record<string, AttributeValue> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) members[key] = toAttribute(member);
    }
    return { M: members };
  }
  throw new TypeError(`cannot store a ${typeof value} in a run record`);
}
