/**
 * The one retry and polling policy of the controller.
 *
 * Who retries what: the AWS SDK retries a *call* (adaptive mode, throttling and 5xx, with its own
 * token bucket); a flow retries or re-polls a *step* (a held lease, a stack still in progress, a
 * change set still being computed). A flow never wraps an SDK call in a second retry loop for the
 * failures the SDK already retried: that would multiply attempts (6 x 4 = 24 HTTP calls for one
 * step) and hide throttling from the SDK's rate limiter.
 */

/** Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base * factor^n)). */
export interface RetryPolicy {
  /** Ceiling of the first delay, in ms. */
  readonly baseMs: number;
  /** No delay exceeds this, in ms. */
  readonly capMs: number;
  /** Growth of the ceiling per attempt. */
  readonly factor: number;
}

/** Waiting for a lease another owner holds (`--wait-lock`). */
export const LOCK_WAIT_POLICY: RetryPolicy = { baseMs: 250, capMs: 5_000, factor: 2 };
/** Polling a CloudFormation stack operation until it ends. */
export const STACK_POLL_POLICY: RetryPolicy = { baseMs: 250, capMs: 10_000, factor: 1.5 };
/** Polling a change set until CloudFormation has computed it. */
export const CHANGE_SET_POLL_POLICY: RetryPolicy = { baseMs: 200, capMs: 5_000, factor: 2 };

/**
 * The delay before retry number `attempt` (0 for the first retry), given `random` in [0, 1).
 * Full jitter spreads concurrent waiters apart, so they do not retry in step. Never below 1 ms, so
 * a wait budget counted in slept time always runs out.
 *
 * @example
 * retryDelay(LOCK_WAIT_POLICY, 3, 0.5); // 1000: half of min(5000, 250 * 2^3)
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** attempt);
  return Math.max(1, Math.floor(random * ceiling));
}

/** Error names AWS uses for throttling and for server-side conditions worth trying again. */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
]);

/**
 * Whether the step that failed with `error` may succeed when tried again later (the next heartbeat,
 * the next scan, the next poll). The `terminal` flag of Plumbline's own errors decides first (an
 * invalid manifest or a blocked change never heals by itself; a held lease or a failed lock-table
 * write may); other errors are judged by AWS's transient error names, so the core needs no SDK.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ('terminal' in error && typeof error.terminal === 'boolean') return !error.terminal;
  return TRANSIENT_NAMES.has(error.name);
}
