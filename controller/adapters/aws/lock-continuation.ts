import {
  type ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { LockHeldError, LockLostError, LockStoreError } from '../../model/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Lease } from '../../ports/lock-store.js';
import { isConditionalCheckFailed, lockStoreError } from './lock-error-mapping.js';
import {
  LOCK_EXPRESSIONS,
  type LockItem,
  leaseFromItem,
  lockKey,
  num,
  ttlFor,
} from './lock-item.js';

/** The lock table and clock that {@link parkLease} and {@link resumeLease} work on. */
export interface LockTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/**
 * `LockStore.park` on the lease item: one conditional UpdateItem ({@link LOCK_EXPRESSIONS}.park)
 * that moves the expiry to `now + holdMs` and sets `parked`. A replay of a park that landed meets
 * its own parked, unexpired item and succeeds again with the same outcome.
 * @throws {@link LockLostError} when the condition fails; {@link LockStoreError} for any other failure.
 */
export async function parkLease(table: LockTable, lease: Lease, holdMs: number): Promise<Lease> {
  const now = table.clock.now().getTime();
  try {
    const out = await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: lockKey(lease.env),
        ...LOCK_EXPRESSIONS.park,
        ExpressionAttributeValues: {
          ...ownerAndTimes(lease, now, now + holdMs),
          ':parked': { BOOL: true },
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return expectLease(lease.env, out.Attributes, 'park');
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      throw new LockLostError(lease.env, lease.owner, lease.token, { cause: error });
    }
    throw error instanceof LockStoreError ? error : lockStoreError('park', lease.env, error);
  }
}

/**
 * `LockStore.resume` on the lease item: one conditional UpdateItem ({@link LOCK_EXPRESSIONS}.resume)
 * that clears `parked` and moves the expiry to `now + ttlMs`, keeping the token.
 *
 * When the condition fails, the item it failed on (returned with the failure, or read back with a
 * consistent GetItem where the table omits it) tells the two refusals apart. One retry: a lease
 * read back as resumable was parked, or expired, after the write was refused.
 *
 * Unlike `acquire`, a replay of a resume that landed is not recognised: the record it finds is the
 * very state another invocation of the run would leave, and taking that as success could let two
 * invocations work at once. The replay is refused with {@link LockHeldError}; the lease then
 * expires after `ttlMs` and a later resume takes it back.
 */
export async function resumeLease(table: LockTable, lease: Lease, ttlMs: number): Promise<Lease> {
  for (let attempt = 1; ; attempt++) {
    const now = table.clock.now().getTime();
    try {
      const out = await table.client.send(
        new UpdateItemCommand({
          TableName: table.tableName,
          Key: lockKey(lease.env),
          ...LOCK_EXPRESSIONS.resume,
          ExpressionAttributeValues: ownerAndTimes(lease, now, now + ttlMs),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return expectLease(lease.env, out.Attributes, 'resume');
    } catch (error) {
      if (error instanceof LockStoreError) throw error;
      if (!isConditionalCheckFailed(error)) throw lockStoreError('resume', lease.env, error);
      const failedOn = (error as Partial<ConditionalCheckFailedException>).Item;
      const found = leaseFromItem(lease.env, failedOn ?? (await read(table, lease.env)), 'resume');
      if (found?.owner !== lease.owner || found.token !== lease.token) {
        throw new LockLostError(lease.env, lease.owner, lease.token, { cause: error });
      }
      const live = found.parked !== true && found.expiresAt >= table.clock.now();
      // A lease that keeps turning resumable and back between write and read is being worked on.
      if (live || attempt === 2) {
        throw new LockHeldError(lease.env, found.owner, found.acquiredAt, found.expiresAt, {
          cause: error,
        });
      }
    }
  }
}

function ownerAndTimes(lease: Lease, now: number, expires: number): LockItem {
  return {
    ':owner': { S: lease.owner },
    ':token': num(lease.token),
    ':now': num(now),
    ':expires': num(expires),
    ':ttl': ttlFor(expires),
  };
}

async function read(table: LockTable, env: string): Promise<LockItem | undefined> {
  try {
    const out = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: lockKey(env), ConsistentRead: true }),
    );
    return out.Item;
  } catch (error) {
    throw lockStoreError('resume', env, error);
  }
}

function expectLease(env: string, item: LockItem | undefined, operation: 'park' | 'resume'): Lease {
  const lease = leaseFromItem(env, item, operation);
  if (lease === undefined) {
    throw new LockStoreError(operation, env, 'the table returned no lease item', {
      terminal: true,
    });
  }
  return lease;
}
