import type { ApiCallCounter } from '../../ports/api-call-counter.js';

/**
 * Counts HTTP attempts, in total and per operation (`ECS.DescribeServices`). Fed by the middleware
 * that {@link attachCounter} installs; read through the {@link ApiCallCounter} port.
 */
export class RequestCounter implements ApiCallCounter {
  readonly #byOperation = new Map<string, number>();
  #total = 0;

  /** Records one attempt of `operation`. */
  record(operation: string): void {
    this.#total += 1;
    this.#byOperation.set(operation, (this.#byOperation.get(operation) ?? 0) + 1);
  }

  /** Attempts recorded so far, every operation included. */
  count(): number {
    return this.#total;
  }

  /** Attempts recorded so far, per operation, e.g. `{ 'ECS.DescribeServices': 3 }`. */
  byOperation(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.#byOperation);
  }
}
