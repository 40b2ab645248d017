/** A held lease on one environment. `token` is the fencing token: it increases on every acquisition. */
export interface Lease {
  readonly env: string;
  readonly owner: string;
  readonly token: number;
  readonly acquiredAt: Date;
  readonly expiresAt: Date;
}

/**
 * One lease per environment, so only one rollout (or heal) changes it at a time.
 * `acquire` throws `LockHeldError` naming the holder when an unexpired lease exists, except that a
 * replay of the very same acquisition (same owner, acquired at the same instant: an SDK retry of a
 * write that had succeeded) returns that lease; owners are unique per run, so nobody else can match.
 * `renew` and `release` throw `LockLostError` when the lease is no longer this owner's (expired and
 * taken over, or force-released): a stale token never extends or frees someone else's lease.
 *
 * Time: a lease is held up to and including `expiresAt`; an expired lease can no longer be renewed,
 * even when nobody took it over, but its owner can still release it.
 *
 * @example
 * const lease = await locks.acquire('prod', 'rollout-7f3a', 120_000);
 * try { await work(); await locks.renew(lease, 120_000); } finally { await locks.release(lease); }
 */
export interface LockStore {
  acquire(env: string, owner: string, ttlMs: number): Promise<Lease>;
  renew(lease: Lease, ttlMs: number): Promise<Lease>;
  release(lease: Lease): Promise<void>;
  /** The current lease record, expired or not; `undefined` when the environment was never locked or is free. */
  inspect(env: string): Promise<Lease | undefined>;
  /** Removes any lease on the environment and returns what it removed. For operators only. */
  forceRelease(env: string): Promise<Lease | undefined>;
}
