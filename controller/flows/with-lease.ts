import { isRetryable, LOCK_WAIT_POLICY } from '../core/retry.js';
import { LockHeldError, LockLostError } from '../model/errors.js';
import type { Lease, LockStore } from '../ports/lock-store.js';
import { type Pacing, pause } from './pacing.js';

/** What {@link withLease} locks, for whom, and how often it renews. */
export interface LeaseRequest {
  readonly env: string;
  /** Unique per run (e.g. `rollout-<id>`): a lease is recognised by owner and token. */
  readonly owner: string;
  /** Lease duration; each renewal extends it to `now + ttlMs`. */
  readonly ttlMs: number;
  /**
   * Interval between renewals; must be shorter than `ttlMs`.
   * @default - `ttlMs / 3`: one renewal may fail transiently without losing the lease
   */
  readonly renewEveryMs?: number;
  /**
   * How the lease is taken, e.g. {@link acquireWithWait} to wait for a held lock, or
   * `() => locks.resume(saved, ttlMs)` to continue a run an earlier invocation parked (or was
   * killed in): its `LockHeldError` and `LockLostError` propagate like the acquisition's.
   * @default - one `locks.acquire(env, owner, ttlMs)`
   */
  readonly acquire?: () => Promise<Lease>;
  /**
   * Runs the release, e.g. to record it as a phase of its own. Not used when the work kept the
   * lease (see {@link KeepLease}): the park is called as it is.
   * @default - calls `release` as it is
   */
  readonly aroundRelease?: (release: () => Promise<void>) => Promise<void>;
}

/**
 * Given to the work of {@link withLease}: asks that the lease be parked for `holdMs`
 * (`LockStore.park`) instead of released once the work returns, so the run's next invocation can
 * resume it with the same owner and token. The last call counts. It has no effect when the work
 * throws or the lease is lost: then the lease is released as usual.
 * @throws RangeError when `holdMs` is not a positive integer.
 */
export type KeepLease = (holdMs: number) => void;

/**
 * Runs `work` under the environment's lease: acquires it (a `LockHeldError` propagates), renews
 * it every `renewEveryMs` while `work` runs, and releases it when `work` settles, unless `work`
 * called `keep(holdMs)` and returned: then the lease is parked for `holdMs` instead.
 *
 * When the lease is lost, `signal` is aborted with the `LockLostError` as its reason and no more
 * renewals are tried; `work` should stop promptly, ideally by throwing `signal.reason`. The lease
 * counts as lost when a renewal is refused (or fails with an error that is not retryable), or when transient
 * failures leave it unrenewed so long that it would expire before the next attempt.
 *
 * Outcome: `work`'s own error, if it failed (a release failure never masks it); otherwise the
 * `LockLostError` if the lease was lost while it ran, or the release's (or park's) error;
 * otherwise its result. No timer outlives the call, and the renewal timer never keeps the process alive.
 *
 * @example
 * const outcome = await withLease(locks, { env: 'prod', owner: runId, ttlMs: 120_000 },
 *   (lease, signal) => rollout(deps, { ...req, fencingToken: lease.token, signal }));
 *
 * @example
 * // A continuation: resume the parked lease, and park it again if time runs out once more.
 * const done = await withLease(
 *   locks,
 *   { env, owner, ttlMs, acquire: () => locks.resume(saved, ttlMs) },
 *   async (lease, signal, keep) => {
 *     const finished = await advance(lease, signal, deadline);
 *     if (!finished) keep(15 * 60_000);
 *     return finished;
 *   },
 * );
 */
export async function withLease<T>(
  locks: LockStore,
  req: LeaseRequest,
  work: (lease: Lease, signal: AbortSignal, keep: KeepLease) => Promise<T>,
): Promise<T> {
  const renewEveryMs = req.renewEveryMs ?? req.ttlMs / 3;
  if (!(req.ttlMs > 0 && renewEveryMs > 0 && renewEveryMs < req.ttlMs)) {
    throw new RangeError(
      `renewEveryMs must be positive and below ttlMs, got ${renewEveryMs} and ${req.ttlMs}`,
    );
  }
  const lease = await (req.acquire ? req.acquire() : locks.acquire(req.env, req.owner, req.ttlMs));
  const heartbeat = new Heartbeat(locks, lease, req.ttlMs, renewEveryMs);
  let holdMs: number | undefined;
  const keep: KeepLease = (ms) => {
    if (!Number.isSafeInteger(ms) || ms <= 0) {
      throw new RangeError(`holdMs must be a positive integer, got ${ms}`);
    }
    holdMs = ms;
  };
  let outcome: { readonly ok: true; readonly value: T } | { readonly ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await work(lease, heartbeat.signal, keep) };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    heartbeat.stop();
  }
  if (outcome.ok && heartbeat.lost === undefined && holdMs !== undefined) {
    // A renewal still in flight cannot undo this: a parked lease refuses renewals.
    await locks.park(heartbeat.lease, holdMs);
    return outcome.value;
  }
  const release = () => locks.release(heartbeat.lease);
  const released = req.aroundRelease ? req.aroundRelease(release) : release();
  if (!outcome.ok || heartbeat.lost !== undefined) {
    await released.catch(() => {
      // Dropped on purpose: the work's error or the loss is the one to report, a release after a
      // loss is expected to be refused, and an unreleased lease expires by itself after ttlMs.
    });
    throw outcome.ok ? heartbeat.lost : outcome.error;
  }
  await released;
  return outcome.value;
}

/**
 * Renews a lease on an interval until stopped or lost. Tick k falls k intervals after the
 * acquisition; a renewal started at tick c extends the lease to about c intervals + ttl. When a
 * renewal fails transiently, or one is still unanswered at the next tick, the lease is given up
 * as soon as a renewal started at the next tick could land after the expiry.
 */
class Heartbeat {
  lease: Lease;
  lost: LockLostError | undefined;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setInterval>;
  private inFlight = false;
  private stopped = false;
  private ticks = 0;
  /** The tick that started the last confirmed renewal (0: the acquisition). */
  private confirmedTick = 0;
  /** Ticks since `confirmedTick` that leave the next tick strictly before the expiry. */
  private readonly tolerated: number;

  constructor(
    private readonly locks: LockStore,
    lease: Lease,
    private readonly ttlMs: number,
    everyMs: number,
  ) {
    this.lease = lease;
    // (k + 1) × every < ttl, in integer milliseconds, for k up to this.
    this.tolerated = Math.floor((ttlMs - 1) / everyMs) - 1;
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Stops renewing. A renewal still under way is not awaited (it may hang): whatever it returns
   * is ignored, and it cannot revive a lease released meanwhile, since renewal requires the owner.
   */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private tick(): void {
    this.ticks += 1;
    if (this.inFlight) {
      this.check(undefined);
      return;
    }
    const started = this.ticks;
    this.inFlight = true;
    this.locks.renew(this.lease, this.ttlMs).then(
      (renewed) => {
        this.inFlight = false;
        if (this.stopped || this.lost !== undefined) return;
        this.lease = renewed;
        this.confirmedTick = started;
      },
      (error: unknown) => {
        this.inFlight = false;
        if (this.stopped) return;
        if (isRetryable(error)) this.check(error);
        else this.lose(error);
      },
    );
  }

  private check(error: unknown): void {
    if (this.ticks - this.confirmedTick > this.tolerated) this.lose(error);
  }

  private lose(error: unknown): void {
    if (this.lost !== undefined) return;
    const { env, owner, token } = this.lease;
    this.lost =
      error instanceof LockLostError
        ? error
        : new LockLostError(env, owner, token, error === undefined ? {} : { cause: error });
    clearInterval(this.timer);
    this.controller.abort(this.lost);
  }
}

/**
 * Acquires the environment's lease, retrying while another owner holds it (`--wait-lock`), with
 * the pauses of {@link LOCK_WAIT_POLICY}. The pauses add up to at most `waitMs`, with a last
 * attempt at the end; then the last `LockHeldError` is thrown. Any other error is thrown at once:
 * the lock table's own failures were already retried by the SDK. `waitMs = 0` tries exactly once.
 *
 * @example
 * const lease = await acquireWithWait(locks, 'prod', runId, 120_000, waitLockSeconds * 1000, pacing);
 */
export async function acquireWithWait(
  locks: LockStore,
  env: string,
  owner: string,
  ttlMs: number,
  waitMs: number,
  pacing: Pacing,
): Promise<Lease> {
  let waited = 0;
  for (let refusals = 0; ; refusals++) {
    try {
      return await locks.acquire(env, owner, ttlMs);
    } catch (error) {
      if (!(error instanceof LockHeldError) || waited >= waitMs) throw error;
      const budget = {
        ...LOCK_WAIT_POLICY,
        capMs: Math.min(LOCK_WAIT_POLICY.capMs, waitMs - waited),
      };
      waited += await pause(pacing, budget, refusals);
    }
  }
}
