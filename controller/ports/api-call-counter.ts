/**
 * Counts the API requests (each HTTP attempt, retries included) made through the clients it was attached to.
 *
 * @example
 * const before = counter.count(); await reader.read(desired); const calls = counter.count() - before;
 */
export interface ApiCallCounter {
  count(): number;
}
