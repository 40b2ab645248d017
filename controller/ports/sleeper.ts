/**
 * Waits, so flows can poll without real timers under test.
 *
 * @example
 * const sleeper: Sleeper = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
 */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
}
