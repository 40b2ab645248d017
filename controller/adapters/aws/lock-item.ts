import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { LockStoreError, type LockStoreOperation } from '../../model/errors.js';
import type { Lease } from '../../ports/lock-store.js';

/** A DynamoDB item in its wire form. */
export type LockItem = Record<string, AttributeValue>;

/**
 * How long after a lease's expiry its `ttl` lets DynamoDB TTL delete the item, if TTL is enabled.
 * Deleting the item restarts the fencing token at 1, so this is kept far beyond any lease.
 */
export const LOCK_ITEM_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/**
 * Placeholders for the attribute names that are DynamoDB reserved words (`OWNER`, `TOKEN`, `TTL`).
 * Every expression below uses exactly the names it references: DynamoDB rejects unused ones.
 */
const OWNER_TOKEN_TTL = { '#owner': 'owner', '#token': 'token', '#ttl': 'ttl' } as const;
const OWNER_TOKEN = { '#owner': 'owner', '#token': 'token' } as const;
const OWNER = { '#owner': 'owner' } as const;

/**
 * The lease item's expressions. Expiry is compared in the condition, with the caller's `:now`;
 * DynamoDB TTL deletes lazily (up to days late) and is never relied on.
 *
 * ```
 * acquire  free: no item, or released (expiresAt = 0), or expired (expiresAt < now)
 *          → owner, acquiredAt, expiresAt, ttl set, parked removed; token + 1 (ADD keeps
 *          counting across releases)
 * renew    same owner AND same token AND not yet expired AND not parked → expiresAt, ttl moved
 * park     same owner AND same token AND not yet expired → expiresAt, ttl moved, parked = true
 * resume   same owner AND same token AND (parked OR expired) → expiresAt, ttl moved, parked removed
 * release  same owner AND same token → owner and parked removed, expiresAt = 0, token kept
 * force    any owner present → owner and parked removed, expiresAt = 0, token kept
 * ```
 *
 * `parked` (BOOL true, or absent) marks a lease held for the run's next invocation; a lease whose
 * holder was killed is told apart from a live one by its expiry alone, which is why `resume`
 * accepts an expired lease of its own owner and token.
 */
export const LOCK_EXPRESSIONS = {
  acquire: {
    UpdateExpression:
      'SET #owner = :owner, acquiredAt = :now, expiresAt = :expires, #ttl = :ttl REMOVE parked ADD #token :one',
    ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
    ExpressionAttributeNames: OWNER_TOKEN_TTL,
  },
  renew: {
    UpdateExpression: 'SET expiresAt = :expires, #ttl = :ttl',
    ConditionExpression:
      '#owner = :owner AND #token = :token AND expiresAt >= :now AND attribute_not_exists(parked)',
    ExpressionAttributeNames: OWNER_TOKEN_TTL,
  },
  park: {
    UpdateExpression: 'SET expiresAt = :expires, #ttl = :ttl, parked = :parked',
    ConditionExpression: '#owner = :owner AND #token = :token AND expiresAt >= :now',
    ExpressionAttributeNames: OWNER_TOKEN_TTL,
  },
  resume: {
    UpdateExpression: 'SET expiresAt = :expires, #ttl = :ttl REMOVE parked',
    ConditionExpression:
      '#owner = :owner AND #token = :token AND (attribute_exists(parked) OR expiresAt < :now)',
    ExpressionAttributeNames: OWNER_TOKEN_TTL,
  },
  release: {
    UpdateExpression: 'REMOVE #owner, parked SET expiresAt = :zero',
    ConditionExpression: '#owner = :owner AND #token = :token',
    ExpressionAttributeNames: OWNER_TOKEN,
  },
  forceRelease: {
    UpdateExpression: 'REMOVE #owner, parked SET expiresAt = :zero',
    ConditionExpression: 'attribute_exists(#owner)',
    ExpressionAttributeNames: OWNER,
  },
} as const;

/** The partition key of an environment's lease item. */
export function lockKey(env: string): LockItem {
  return { pk: { S: `lock#${env}` } };
}

/** A number attribute. */
export function num(value: number): AttributeValue {
  return { N: String(value) };
}

/** The `ttl` attribute for a lease expiring at `expiresAtMs`: epoch seconds, plus the retention. */
export function ttlFor(expiresAtMs: number): AttributeValue {
  return num(Math.ceil(expiresAtMs / 1000) + LOCK_ITEM_RETENTION_SECONDS);
}

/**
 * The expression values of a write by the lease's holder that moves its expiry to `expires`:
 * `:owner`, `:token`, `:now`, `:expires` and `:ttl` (renew, park, resume).
 */
export function leaseValues(lease: Lease, now: number, expires: number): LockItem {
  return {
    ':owner': { S: lease.owner },
    ':token': num(lease.token),
    ':now': num(now),
    ':expires': num(expires),
    ':ttl': ttlFor(expires),
  };
}

/**
 * The item's lease, with `parked: true` when it is parked, or `undefined` when the item is absent
 * or released (no `owner`).
 */
export function leaseFromItem(
  env: string,
  item: LockItem | undefined,
  operation: LockStoreOperation,
): Lease | undefined {
  if (item?.owner === undefined) return undefined;
  const owner = item.owner.S;
  const token = Number(item.token?.N);
  const acquiredAt = Number(item.acquiredAt?.N);
  const expiresAt = Number(item.expiresAt?.N);
  if (
    owner === undefined ||
    !Number.isSafeInteger(token) ||
    !Number.isFinite(acquiredAt) ||
    !Number.isFinite(expiresAt)
  ) {
    // Another writer changed the item's shape; guessing a lease from it could break exclusion.
    throw new LockStoreError(operation, env, `malformed lock item ${JSON.stringify(item)}`, {
      terminal: true,
    });
  }
  const lease = {
    env,
    owner,
    token,
    acquiredAt: new Date(acquiredAt),
    expiresAt: new Date(expiresAt),
  };
  return item.parked?.BOOL === true ? { ...lease, parked: true } : lease;
}
