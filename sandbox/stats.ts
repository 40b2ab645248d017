/** Counts of what the sandbox injected instead of (or before) answering normally. */
export interface InjectedFaultStats {
  /** Requests held back by injected latency. */
  readonly delayed: number;
  /** Sum of the injected latency, in milliseconds. */
  readonly delayMs: number;
  /** Requests answered with the protocol's throttling error. */
  readonly throttled: number;
  /** Requests answered with an injected error. */
  readonly errors: number;
}

/** Counts of requests answered with the service's throttling error because a quota bucket was empty. */
export interface QuotaStats {
  /** Requests throttled by the quota buckets (`quotas: 'aws'`). */
  readonly throttled: number;
  /** The same, per service stats name and operation. */
  readonly byService: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * Request counters. `total` counts every request routed as AWS or to a GitHub endpoint, including
 * those answered with an injected fault or an error; `byService` counts those whose service and
 * operation were identified, keyed by the service's stats name (`ECS`, `RDS`, ..., `GitHub`) and the
 * operation name.
 *
 * @example
 * { total: 4, byService: { ECS: { DescribeServices: 3, UpdateService: 1 } }, injected: { delayed: 0, delayMs: 0, throttled: 0, errors: 0 }, quota: { throttled: 1, byService: { ECS: { DescribeServices: 1 } } } }
 */
export interface Stats {
  readonly total: number;
  readonly byService: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly injected: InjectedFaultStats;
  readonly quota: QuotaStats;
}

/** Mutable request counters behind {@link Stats}. */
export class StatsCounter {
  private total = 0;
  private byService = new Map<string, Map<string, number>>();
  private delayed = 0;
  private delayMs = 0;
  private throttled = 0;
  private errors = 0;
  private quotaThrottled = new Map<string, Map<string, number>>();

  /** Counts one AWS request whose service could not be identified. */
  recordUnidentified(): void {
    this.total += 1;
  }

  /** Counts one request to `operation` of `service` (its stats name). */
  record(service: string, operation: string): void {
    this.total += 1;
    increment(this.byService, service, operation);
  }

  recordDelay(ms: number): void {
    this.delayed += 1;
    this.delayMs += ms;
  }

  recordThrottle(): void {
    this.throttled += 1;
  }

  recordError(): void {
    this.errors += 1;
  }

  /** Counts one request to `operation` of `service` throttled by its quota buckets. */
  recordQuotaThrottle(service: string, operation: string): void {
    increment(this.quotaThrottled, service, operation);
  }

  /** A plain-JSON copy of the counters. */
  snapshot(): Stats {
    return {
      total: this.total,
      byService: plain(this.byService),
      injected: {
        delayed: this.delayed,
        delayMs: this.delayMs,
        throttled: this.throttled,
        errors: this.errors,
      },
      quota: {
        throttled: sum(this.quotaThrottled),
        byService: plain(this.quotaThrottled),
      },
    };
  }

  /** Zeroes every counter. */
  reset(): void {
    this.total = 0;
    this.byService = new Map();
    this.delayed = 0;
    this.delayMs = 0;
    this.throttled = 0;
    this.errors = 0;
    this.quotaThrottled = new Map();
  }
}

type Counts = Map<string, Map<string, number>>;

function increment(counts: Counts, service: string, operation: string): void {
  const operations = counts.get(service) ?? new Map<string, number>();
  operations.set(operation, (operations.get(operation) ?? 0) + 1);
  counts.set(service, operations);
}

function plain(counts: Counts): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const [service, operations] of counts) result[service] = Object.fromEntries(operations);
  return result;
}

function sum(counts: Counts): number {
  let total = 0;
  for (const operations of counts.values()) for (const n of operations.values()) total += n;
  return total;
}
