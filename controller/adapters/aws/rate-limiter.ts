import { setTimeout as sleep } from 'node:timers/promises';
import { AWS_RATE_LIMITS, groupsOf, type RateLimitGroup } from './aws-rate-limits.js';

/**
 * The account key of clients that use the process's default credentials chain. That chain yields one
 * identity, hence one account, so every such client shares the same buckets without asking STS.
 */
export const DEFAULT_ACCOUNT_KEY = 'default-credentials';

/**
 * Whose buckets a client's calls draw from: the account of the role the client assumes (read from
 * the role ARN, no call needed), else {@link DEFAULT_ACCOUNT_KEY}.
 *
 * @example accountKeyOf('arn:aws:iam::123456789012:role/plumbline-read') // '123456789012'
 */
export function accountKeyOf(roleArn?: string): string {
  if (roleArn === undefined) return DEFAULT_ACCOUNT_KEY;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(roleArn)?.[1] ?? roleArn;
}

/** The account and region whose buckets a call draws from. */
export interface RateLimitScope {
  readonly accountKey: string;
  readonly region: string;
}

/**
 * A client-side mirror of one AWS token bucket that hands out reservations: a caller takes a token
 * at once when one is there, else books the next one and is told how long until it exists. The
 * balance may go below zero (tokens booked but not yet refilled), which keeps callers first come,
 * first served and lets one reservation stand for one call.
 */
export class ReservationBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    nowMs: number,
  ) {
    this.#tokens = capacity;
    this.#updatedAt = nowMs;
  }

  /** Books one token; returns the milliseconds from `nowMs` until it exists (0 when it does). */
  reserve(nowMs: number): number {
    const elapsedMs = nowMs - this.#updatedAt;
    if (elapsedMs > 0) {
      this.#tokens = Math.min(
        this.capacity,
        this.#tokens + (elapsedMs * this.refillPerSecond) / 1000,
      );
      this.#updatedAt = nowMs;
    }
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens * 1000) / this.refillPerSecond;
  }
}

/** Options of {@link AwsRateLimiter}. */
export interface AwsRateLimiterOptions {
  /** The groups and rates to pace to. @default {@link AWS_RATE_LIMITS} */
  readonly groups?: readonly RateLimitGroup[];
  /** Milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
  /** Waits out a reservation. @default node's timers */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * How much the time a call takes to reach AWS varies, in milliseconds. Calls that keep to a bucket
   * when they leave can reach AWS up to `refill × spread` tokens over it (an early call delayed,
   * a later one not), so that much of each burst is kept in reserve.
   * @default {@link DEFAULT_DELAY_SPREAD_MS}
   */
  readonly delaySpreadMs?: number;
}

/**
 * The default {@link AwsRateLimiterOptions.delaySpreadMs}: a quarter second keeps one to five tokens
 * of the scan's buckets (10 to 20 per second) in reserve and adds as much to a paced scan.
 */
export const DEFAULT_DELAY_SPREAD_MS = 250;

/**
 * Paces AWS calls to the documented request buckets (per account key, region and API group), so a
 * fleet scan waits for tokens instead of discovering the limits through throttling errors and
 * retries. One limiter serves every client of the process: clients of the same account and region
 * share its buckets. The SDK's adaptive retry stays the safety net for callers it does not see
 * (other processes, the console).
 *
 * @example
 * const limiter = new AwsRateLimiter();
 * await limiter.acquire({ accountKey: DEFAULT_ACCOUNT_KEY, region: 'eu-west-1' }, 'ECS', 'DescribeServices');
 */
export class AwsRateLimiter {
  readonly groups: readonly RateLimitGroup[];
  readonly #buckets = new Map<string, ReservationBucket>();
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #delaySpreadMs: number;

  constructor(options: AwsRateLimiterOptions = {}) {
    this.groups = options.groups ?? AWS_RATE_LIMITS;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => sleep(ms));
    this.#delaySpreadMs = options.delaySpreadMs ?? DEFAULT_DELAY_SPREAD_MS;
  }

  /**
   * Books a token in every bucket `operation` of `service` draws from, at `nowMs`; returns the
   * milliseconds until all of them exist (0: call now, or the operation is not paced).
   */
  reserve(scope: RateLimitScope, service: string, operation: string, nowMs: number): number {
    let waitMs = 0;
    for (const group of groupsOf(this.groups, service, operation)) {
      waitMs = Math.max(waitMs, this.#bucket(scope, group, nowMs).reserve(nowMs));
    }
    return waitMs;
  }

  /** Resolves when the call may be sent: at once, or after its booked tokens exist. */
  async acquire(scope: RateLimitScope, service: string, operation: string): Promise<void> {
    const waitMs = this.reserve(scope, service, operation, this.#now());
    if (waitMs > 0) await this.#sleep(Math.ceil(waitMs));
  }

  #bucket(scope: RateLimitScope, group: RateLimitGroup, nowMs: number): ReservationBucket {
    const key = `${scope.accountKey}\u0000${scope.region}\u0000${group.id}`;
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      const reserve = (group.refillPerSecond * this.#delaySpreadMs) / 1000;
      const capacity = Math.max(1, group.capacity - reserve);
      bucket = new ReservationBucket(capacity, group.refillPerSecond, nowMs);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
