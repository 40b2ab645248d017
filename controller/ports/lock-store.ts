/** A held lease on one environment. `token` is the fencing token: it increases on every acquisition. */
export interface Lease {
  readonly env: string;
  readonly owner: string;
  readonly token: number;
  readonly acquiredAt: Date;
  readonly expiresAt: Date;
  /**
   * Set when the owner parked the lease ({@link LockStore.park}): held for a later invocation of
   * the same run to {@link LockStore.resume}, with nobody working under it meanwhile.
   */
  readonly parked?: true;
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
 * Runs that outlive one invocation: an invocation out of time `park`s the lease (held, marked
 * parked, for a delay) and queues a continuation; the next invocation `resume`s it with the same
 * owner and token. An invocation that was killed never parks: its lease expires, and the
 * redelivered continuation resumes it all the same, as long as nobody else acquired it meanwhile.
 * A run is one owner, so the token does not tell its invocations apart; `resume` does, by refusing
 * a lease that is live and not parked (another invocation of the run is working under it).
 *
 * @example
 * const lease = await locks.acquire('prod', 'rollout-7f3a', 120_000);
 * try { await work(); await locks.renew(lease, 120_000); } finally { await locks.release(lease); }
 *
 * @example
 * // Out of time: hold the lease for the continuation, which takes it back.
 * await locks.park(lease, 15 * 60_000);
 * // ...in the next invocation, from the continuation's env, owner and token:
 * const resumed = await locks.resume({ env, owner, token, acquiredAt, expiresAt }, 120_000);
 */
export interface LockStore {
  acquire(env: string, owner: string, ttlMs: number): Promise<Lease>;
  /**
   * Moves an unexpired, unparked lease's expiry to `now + ttlMs`. A parked lease is refused with
   * `LockLostError`: parking handed it to the run's next invocation, so a late heartbeat of the
   * invocation that parked can neither extend nor un-park it. Take a parked lease back with `resume`.
   */
  renew(lease: Lease, ttlMs: number): Promise<Lease>;
  /** Frees the lease, parked or not, expired or not, when owner and token still match. */
  release(lease: Lease): Promise<void>;
  /**
   * Holds the lease until `now + holdMs` and marks it parked, keeping owner, token and
   * `acquiredAt`; returns it with `parked: true`. Requires the record to have this lease's owner
   * and token and not to have expired (`expiresAt >= now`), parked or not (so parking again, or a
   * replay of the same park, only moves the expiry). Others' `acquire` sees a parked lease as held
   * until its expiry, and may take it once it has expired.
   * @throws `LockLostError` when the lease expired, was released or force-released, or belongs to
   * another owner or token.
   */
  park(lease: Lease, holdMs: number): Promise<Lease>;
  /**
   * Takes the lease back for the same owner and token: clears the parked mark and moves the
   * expiry to `now + ttlMs`; token and `acquiredAt` stay. Allowed when the record has this
   * lease's owner and token and is parked (expired or not) or expired (`expiresAt < now`: its
   * holder stopped without parking). Only `owner`, `token` and `env` of `lease` are read.
   * @throws `LockHeldError` naming the holder (this owner) and its times when the record has this
   * owner and token but is live and not parked: another invocation of the same run works under it
   * (or an earlier resume of this very call landed). Transient: retry after `expiresAt`.
   * @throws `LockLostError` when the record is released, gone, or has another owner or token:
   * someone else took over, and the run must not continue.
   */
  resume(lease: Lease, ttlMs: number): Promise<Lease>;
  /** The current lease record, expired or not; `undefined` when the environment was never locked or is free. */
  inspect(env: string): Promise<Lease | undefined>;
  /** Removes any lease on the environment and returns what it removed. For operators only. */
  forceRelease(env: string): Promise<Lease | undefined>;
}
