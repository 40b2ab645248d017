import type { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { LockHeldError, LockLostError, LockStoreError } from '../../model/errors.js';
import type { Lease } from '../../ports/lock-store.js';
import { isConditionalCheckFailed, lockStoreError } from './lock-error-mapping.js';
import { leaseFromItem, leaseValues } from './lock-item.js';
import { type LockTable, readLockItem, writeLease } from './lock-item-calls.js';

/**
 * `LockStore.park` on the lease item: one conditional UpdateItem (`LOCK_EXPRESSIONS.park`)
 * that moves the expiry to `now + holdMs` and sets `parked`. A replay of a park that landed meets
 * its own parked, unexpired item and succeeds again with the same outcome.
 * @throws {@link LockLostError} when the condition fails; {@link LockStoreError} for any other failure.
 */
export async function parkLease(table: LockTable, lease: Lease, holdMs: number): Promise<Lease> {
  const now = table.clock.now().getTime();
  try {
    return await writeLease(table, lease.env, 'park', {
      ...leaseValues(lease, now, now + holdMs),
      ':parked': { BOOL: true },
    });
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      throw new LockLostError(lease.env, lease.owner, lease.token, { cause: error });
    }
    throw error instanceof LockStoreError ? error : lockStoreError('park', lease.env, error);
  }
}

/**
 * `LockStore.resume` on the lease item: one conditional UpdateItem (`LOCK_EXPRESSIONS.resume`)
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
      return await writeLease(table, lease.env, 'resume', leaseValues(lease, now, now + ttlMs), {
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    } catch (error) {
      if (error instanceof LockStoreError) throw error;
      if (!isConditionalCheckFailed(error)) throw lockStoreError('resume', lease.env, error);
      const failedOn = (error as Partial<ConditionalCheckFailedException>).Item;
      const found = leaseFromItem(
        lease.env,
        failedOn ?? (await readLockItem(table, lease.env, 'resume')),
        'resume',
      );
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
