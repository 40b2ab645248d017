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

/**
 * Request counters. `total` counts every request routed as AWS, including those answered with an
 * injected fault or an error; `byService` counts those whose service and operation were identified,
 * keyed by the service's stats name (`ECS`, `RDS`, ...) and the operation name.
 *
 * @example
 * { total: 4, byService: { ECS: { DescribeServices: 3, UpdateService: 1 } }, injected: { delayed: 0, delayMs: 0, throttled: 0, errors: 0 } }
 */
export interface Stats {
  readonly total: number;
  readonly byService: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly injected: InjectedFaultStats;
}

/** Mutable request counters behind {@link Stats}. */
export class StatsCounter {
  private total = 0;
  private byService = new Map<string, Map<string, number>>();
  private delayed = 0;
  private delayMs = 0;
  private throttled = 0;
  private errors = 0;

  /** Counts one AWS request whose service could not be identified. */
  recordUnidentified(): void {
    this.total += 1;
  }

  /** Counts one request to `operation` of `service` (its stats name). */
  record(service: string, operation: string): void {
    this.total += 1;
    const operations = this.byService.get(service) ?? new Map<string, number>();
    operations.set(operation, (operations.get(operation) ?? 0) + 1);
    this.byService.set(service, operations);
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

  /** A plain-JSON copy of the counters. */
  snapshot(): Stats {
    const byService: Record<string, Record<string, number>> = {};
    for (const [service, operations] of this.byService) {
      byService[service] = Object.fromEntries(operations);
    }
    return {
      total: this.total,
      byService,
      injected: {
        delayed: this.delayed,
        delayMs: this.delayMs,
        throttled: this.throttled,
        errors: this.errors,
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
  }
}
