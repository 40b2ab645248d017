import { AWS_BUCKETS, type BucketDefinition, bucketsOf } from './aws-buckets.js';
import { TokenBucket } from './token-bucket.js';

/** Whether the sandbox throttles like AWS: `aws` enforces {@link AWS_BUCKETS}, `off` never throttles. */
export type QuotaMode = 'off' | 'aws';

/** The request a quota decision is made for. */
export interface QuotaTarget {
  /** Stats name of the service, e.g. `ECS`. */
  readonly service: string;
  readonly operation: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * Keeps one token bucket per account, region and documented API group, created full on first use,
 * and admits or throttles each request against them. Switching the mode or refilling drops every
 * bucket, so they start full again.
 */
export class QuotaEnforcer {
  private current: QuotaMode;
  private buckets = new Map<string, TokenBucket>();

  constructor(
    mode: QuotaMode = 'off',
    private readonly definitions: Readonly<
      Record<string, readonly BucketDefinition[]>
    > = AWS_BUCKETS,
  ) {
    this.current = mode;
  }

  /** The active mode. */
  get mode(): QuotaMode {
    return this.current;
  }

  /** Switches the mode; every bucket starts full again. */
  setMode(mode: QuotaMode): void {
    this.current = mode;
    this.refillAll();
  }

  /** Fills every bucket again (a sandbox reset). */
  refillAll(): void {
    this.buckets = new Map();
  }

  /**
   * Admits the request when every bucket its operation draws from holds a whole token at `nowMs`,
   * taking one from each; otherwise takes nothing and returns false (the request is throttled).
   */
  admit(target: QuotaTarget, nowMs: number): boolean {
    if (this.current === 'off') return true;
    const buckets = bucketsOf(target.service, target.operation, this.definitions).map(
      (definition) => this.bucket(target, definition, nowMs),
    );
    if (!buckets.every((bucket) => bucket.hasToken(nowMs))) return false;
    for (const bucket of buckets) bucket.take(nowMs);
    return true;
  }

  private bucket(target: QuotaTarget, definition: BucketDefinition, nowMs: number): TokenBucket {
    const key = `${target.accountId}/${target.region}/${target.service}/${definition.name}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket(definition.capacity, definition.refillPerSecond, nowMs);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
