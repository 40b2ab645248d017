import {
  type ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_STATE_TABLE } from '../../model/conventions.js';
import { LockHeldError, LockLostError, LockStoreError } from '../../model/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Lease, LockStore } from '../../ports/lock-store.js';
import { parkLease, resumeLease } from './lock-continuation.js';
import { isConditionalCheckFailed, lockStoreError } from './lock-error-mapping.js';
import { LOCK_EXPRESSIONS, leaseFromItem, leaseValues, lockKey, num, ttlFor } from './lock-item.js';
import { type LockTable, readLockItem, writeLease } from './lock-item-calls.js';
import { type EnsureTableOptions, ensureLockTable } from './lock-table.js';

/** Construction options of {@link DynamoDbLockStore}. */
export interface DynamoDbLockStoreOptions {
  readonly client: DynamoDBClient;
  /**
   * The lock table (schema: `lockTableDefinition` in `lock-table.ts`).
   * @default 'plumbline-state'
   */
  readonly tableName?: string;
  /**
   * The source of `now` for expiry comparisons and lease timestamps.
   * @default - the system clock
   */
  readonly clock?: Clock;
}

/** Reported as the holder when a lease changed hands twice before it could be read. */
export const UNKNOWN_HOLDER = '(unknown)';

const systemClock: Clock = { now: () => new Date() };

/**
 * {@link LockStore} on one DynamoDB item per environment (`pk = "lock#<env>"`), written only with
 * conditional UpdateItem calls (expressions: {@link LOCK_EXPRESSIONS}).
 *
 * - The fencing token is an `ADD` counter on the item. Release keeps the item (it removes `owner`
 *   and zeroes `expiresAt`) so the token never restarts: deleting the item would reset it.
 * - Expiry is decided by the condition against this store's clock, never by DynamoDB TTL.
 * - A renewal after expiry is refused even when nobody took over: the holder cannot know what
 *   happened while its lease was void, so it must not assume continuity. Continuity across
 *   invocations is explicit instead: `park` and `resume` (in `lock-continuation.ts`).
 * - Conflicts become {@link LockHeldError} / {@link LockLostError}; any other SDK failure becomes
 *   a {@link LockStoreError} carrying the SDK error as `cause`.
 *
 * @example
 * const locks = new DynamoDbLockStore({ client: aws.dynamodb, tableName: 'plumbline-state' });
 * const lease = await locks.acquire('prod', 'rollout-7f3a', 120_000);
 * try {
 *   await deploy({ fencingToken: lease.token });
 * } finally {
 *   await locks.release(lease);
 * }
 */
export class DynamoDbLockStore implements LockStore {
  readonly tableName: string;
  private readonly client: DynamoDBClient;
  private readonly clock: Clock;

  constructor(options: DynamoDbLockStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName ?? DEFAULT_STATE_TABLE;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Takes the environment's lease when it is free, released or expired.
   * @throws {@link LockHeldError} naming the current holder; its `holder` is {@link UNKNOWN_HOLDER}
   * only when the lease was freed and taken again between this call's two attempts and reads.
   */
  async acquire(env: string, owner: string, ttlMs: number): Promise<Lease> {
    checkTtl(ttlMs);
    // One retry: without the failed item (an emulator may omit it) the holder is read afterwards,
    // and may have released in between; then the lock is worth one more try.
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.now().getTime();
      try {
        return await this.tryAcquire(env, owner, now, ttlMs);
      } catch (error) {
        if (error instanceof LockStoreError) throw error;
        if (!isConditionalCheckFailed(error)) throw lockStoreError('acquire', env, error);
        const holder = await this.holderAfterConflict(env, error);
        // An SDK retry replaying a write that had succeeded finds this very acquisition.
        if (holder?.owner === owner && holder.acquiredAt.getTime() === now) return holder;
        const checkedAt = this.clock.now();
        if (holder !== undefined && holder.expiresAt >= checkedAt) {
          throw new LockHeldError(env, holder.owner, holder.acquiredAt, holder.expiresAt, {
            cause: error,
          });
        }
        if (attempt === 2) {
          throw new LockHeldError(env, UNKNOWN_HOLDER, checkedAt, checkedAt, { cause: error });
        }
      }
    }
  }

  /**
   * Moves the lease's expiry to `now + ttlMs`.
   * @throws {@link LockLostError} when the lease expired, was released, is parked, or belongs to
   * another owner or token.
   */
  async renew(lease: Lease, ttlMs: number): Promise<Lease> {
    checkTtl(ttlMs);
    const now = this.clock.now().getTime();
    try {
      return await writeLease(
        this.table(),
        lease.env,
        'renew',
        leaseValues(lease, now, now + ttlMs),
      );
    } catch (error) {
      throw this.lostOr(lease, 'renew', error);
    }
  }

  /**
   * Holds the lease until `now + holdMs`, marked parked, for the run's next invocation.
   * @throws {@link LockLostError} when the lease expired, was released, or belongs to another
   * owner or token.
   */
  async park(lease: Lease, holdMs: number): Promise<Lease> {
    checkTtl(holdMs);
    return parkLease(this.table(), lease, holdMs);
  }

  /**
   * Takes a parked or expired lease back for its owner and token, until `now + ttlMs`.
   * @throws {@link LockHeldError} naming the owner when the lease is live and not parked.
   * @throws {@link LockLostError} when the lease is released or has another owner or token.
   */
  async resume(lease: Lease, ttlMs: number): Promise<Lease> {
    checkTtl(ttlMs);
    return resumeLease(this.table(), lease, ttlMs);
  }

  /**
   * Frees the lease, keeping the item and its token so the next acquisition counts on. Releasing
   * an expired lease nobody has taken over is allowed.
   * @throws {@link LockLostError} when the environment is held by another owner or token.
   */
  async release(lease: Lease): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: lockKey(lease.env),
          ...LOCK_EXPRESSIONS.release,
          ExpressionAttributeValues: {
            ':owner': { S: lease.owner },
            ':token': num(lease.token),
            ':zero': num(0),
          },
        }),
      );
    } catch (error) {
      throw this.lostOr(lease, 'release', error);
    }
  }

  /** Reads the lease with a strongly consistent GetItem, expired or not. */
  async inspect(env: string): Promise<Lease | undefined> {
    return leaseFromItem(env, await readLockItem(this.table(), env, 'inspect'), 'inspect');
  }

  /** Removes the current owner whoever it is and returns the lease it broke. */
  async forceRelease(env: string): Promise<Lease | undefined> {
    try {
      return await writeLease(
        this.table(),
        env,
        'forceRelease',
        { ':zero': num(0) },
        { ReturnValues: 'ALL_OLD' },
      );
    } catch (error) {
      // The condition only fails when there is no owner: nothing to break.
      if (isConditionalCheckFailed(error)) return undefined;
      throw error instanceof LockStoreError ? error : lockStoreError('forceRelease', env, error);
    }
  }

  /**
   * Creates the lock table when it is missing and waits until it is ACTIVE. For local and
   * sandbox use: on AWS the controller's stack owns the table.
   */
  async ensureTable(options: EnsureTableOptions = {}): Promise<void> {
    await ensureLockTable(this.client, this.tableName, options);
  }

  private table(): LockTable {
    return { client: this.client, tableName: this.tableName, clock: this.clock };
  }

  private tryAcquire(env: string, owner: string, now: number, ttlMs: number): Promise<Lease> {
    const expires = now + ttlMs;
    return writeLease(
      this.table(),
      env,
      'acquire',
      {
        ':owner': { S: owner },
        ':now': num(now),
        ':expires': num(expires),
        ':ttl': ttlFor(expires),
        ':one': num(1),
      },
      { ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
    );
  }

  /** The holder named by the failed condition, or read back when the error carries no item. */
  private async holderAfterConflict(env: string, error: unknown): Promise<Lease | undefined> {
    const item = (error as Partial<ConditionalCheckFailedException>).Item;
    return leaseFromItem(
      env,
      item ?? (await readLockItem(this.table(), env, 'acquire')),
      'acquire',
    );
  }

  private lostOr(lease: Lease, operation: 'renew' | 'release', error: unknown): Error {
    if (isConditionalCheckFailed(error)) {
      return new LockLostError(lease.env, lease.owner, lease.token, { cause: error });
    }
    return error instanceof LockStoreError ? error : lockStoreError(operation, lease.env, error);
  }
}

function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`lease ttlMs must be a positive integer, got ${ttlMs}`);
  }
}
