/**
 * The current time, passed in so flows stay deterministic under test.
 *
 * @example
 * const clock: Clock = { now: () => new Date() };
 */
export interface Clock {
  now(): Date;
}
