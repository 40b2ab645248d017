import { type RetryPolicy, retryDelay } from '../core/retry.js';
import type { Sleeper } from '../ports/sleeper.js';

/**
 * How a flow waits between attempts or polls: the injected sleeper and source of jitter, so every
 * wait loop runs on the one {@link RetryPolicy} shape and stays deterministic under test.
 *
 * @example
 * const pacing: Pacing = { sleeper: { sleep: (ms) => setTimeout(ms) }, random: Math.random };
 * await pause(pacing, STACK_POLL_POLICY, attempt);
 */
export interface Pacing {
  readonly sleeper: Sleeper;
  /** A number in [0, 1), e.g. `Math.random`. */
  readonly random: () => number;
}

/** Sleeps for retry number `attempt` of `policy`; resolves with the time slept, in ms. */
export async function pause(pacing: Pacing, policy: RetryPolicy, attempt: number): Promise<number> {
  const ms = retryDelay(policy, attempt, pacing.random());
  await pacing.sleeper.sleep(ms);
  return ms;
}
