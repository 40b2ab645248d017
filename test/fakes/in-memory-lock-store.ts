import { LockHeldError, LockLostError } from '../../controller/model/errors.js';
import type { Clock } from '../../controller/ports/clock.js';
import type { Lease, LockStore } from '../../controller/ports/lock-store.js';

/**
 * An in-memory {@link LockStore} with the semantics of `DynamoDbLockStore`, for flow tests.
 *
 * Spec (one record per environment, times from the injected clock, in milliseconds):
 * - `acquire(env, owner, ttl)` succeeds when there is no record, the record has no owner
 *   (released), or `expiresAt < now`. It sets owner, `acquiredAt = now`, `expiresAt = now + ttl`
 *   and increments the token, which starts at 1 and is never reset, not even by a release.
 *   A replay by the holder at the very instant it acquired returns the same lease; otherwise it
 *   throws `LockHeldError(env, holder, acquiredAt, expiresAt)`.
 *   A new acquisition clears the parked mark.
 * - `renew(lease, ttl)` succeeds when the record's owner and token equal the lease's,
 *   `expiresAt >= now` and it is not parked; it sets `expiresAt = now + ttl`. Otherwise
 *   `LockLostError`: an expired lease cannot be renewed even if nobody took it over.
 * - `park(lease, hold)` succeeds when owner and token match and `expiresAt >= now` (parked or
 *   not); it sets `expiresAt = now + hold` and the parked mark. Otherwise `LockLostError`.
 * - `resume(lease, ttl)` succeeds when owner and token match and the record is parked or
 *   `expiresAt < now`; it clears the mark and sets `expiresAt = now + ttl`, token and
 *   `acquiredAt` kept. Owner and token match but live and unparked: `LockHeldError` naming the
 *   owner. Otherwise (no owner, another owner or token) `LockLostError`.
 * - `release(lease)` succeeds when owner and token match (expired or parked or not); it removes the
 *   owner and the parked mark and sets `expiresAt = 0`, keeping the token. Otherwise `LockLostError`.
 * - `inspect(env)` returns the record's lease, expired or not, with `parked: true` when parked, or
 *   `undefined` without an owner.
 * - `forceRelease(env)` removes the owner like `release`, whoever it is, and returns the lease it
 *   removed, or `undefined` when there was none.
 * - Every call is atomic and resolves asynchronously. `calls` lists the operations in order.
 */
export class InMemoryLockStore implements LockStore {
  readonly calls: string[] = [];
  private readonly records = new Map<string, LeaseRecord>();

  constructor(private readonly clock: Clock) {}

  async acquire(env: string, owner: string, ttlMs: number): Promise<Lease> {
    this.calls.push(`acquire ${env} ${owner}`);
    const now = this.clock.now().getTime();
    const record = this.records.get(env);
    if (record?.owner !== undefined && record.expiresAt >= now) {
      // A replay of this very acquisition (same owner, same instant) gets the same lease back.
      if (record.owner === owner && record.acquiredAt === now) return toLease(env, record);
      throw new LockHeldError(
        env,
        record.owner,
        new Date(record.acquiredAt),
        new Date(record.expiresAt),
      );
    }
    const next = {
      owner,
      token: (record?.token ?? 0) + 1,
      acquiredAt: now,
      expiresAt: now + ttlMs,
      parked: false,
    };
    this.records.set(env, next);
    return toLease(env, next);
  }

  async renew(lease: Lease, ttlMs: number): Promise<Lease> {
    this.calls.push(`renew ${lease.env} ${lease.owner} ${lease.token}`);
    const now = this.clock.now().getTime();
    const record = this.owned(lease);
    if (record.expiresAt < now || record.parked) throw lost(lease);
    record.expiresAt = now + ttlMs;
    return toLease(lease.env, record);
  }

  async park(lease: Lease, holdMs: number): Promise<Lease> {
    this.calls.push(`park ${lease.env} ${lease.owner} ${lease.token}`);
    const now = this.clock.now().getTime();
    const record = this.owned(lease);
    if (record.expiresAt < now) throw lost(lease);
    record.expiresAt = now + holdMs;
    record.parked = true;
    return toLease(lease.env, record);
  }

  async resume(lease: Lease, ttlMs: number): Promise<Lease> {
    this.calls.push(`resume ${lease.env} ${lease.owner} ${lease.token}`);
    const now = this.clock.now().getTime();
    const record = this.owned(lease);
    if (!record.parked && record.expiresAt >= now) {
      throw new LockHeldError(
        lease.env,
        lease.owner,
        new Date(record.acquiredAt),
        new Date(record.expiresAt),
      );
    }
    record.expiresAt = now + ttlMs;
    record.parked = false;
    return toLease(lease.env, record);
  }

  async release(lease: Lease): Promise<void> {
    this.calls.push(`release ${lease.env} ${lease.owner} ${lease.token}`);
    const record = this.owned(lease);
    record.owner = undefined;
    record.expiresAt = 0;
    record.parked = false;
  }

  async inspect(env: string): Promise<Lease | undefined> {
    this.calls.push(`inspect ${env}`);
    const record = this.records.get(env);
    return record?.owner === undefined ? undefined : toLease(env, record);
  }

  async forceRelease(env: string): Promise<Lease | undefined> {
    this.calls.push(`forceRelease ${env}`);
    const record = this.records.get(env);
    if (record?.owner === undefined) return undefined;
    const broken = toLease(env, record);
    record.owner = undefined;
    record.expiresAt = 0;
    record.parked = false;
    return broken;
  }

  private owned(lease: Lease): LeaseRecord {
    const record = this.records.get(lease.env);
    if (record === undefined || record.owner !== lease.owner || record.token !== lease.token) {
      throw lost(lease);
    }
    return record;
  }
}

interface LeaseRecord {
  owner: string | undefined;
  token: number;
  acquiredAt: number;
  expiresAt: number;
  parked: boolean;
}

function toLease(env: string, record: LeaseRecord): Lease {
  const lease = {
    env,
    owner: record.owner ?? '',
    token: record.token,
    acquiredAt: new Date(record.acquiredAt),
    expiresAt: new Date(record.expiresAt),
  };
  return record.parked ? { ...lease, parked: true } : lease;
}

function lost(lease: Lease): LockLostError {
  return new LockLostError(lease.env, lease.owner, lease.token);
}
