/** Error names AWS uses for throttling and other conditions worth retrying. */
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
 * Whether an error is transient (retry with backoff) rather than terminal (report and stop).
 * Decided by name, so the core needs no SDK: the SDK's exceptions carry AWS's error code as `name`.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ('terminal' in error && error.terminal === true) return false;
  return TRANSIENT_NAMES.has(error.name);
}

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(
  attempt: number,
  random: number,
  baseMs = 200,
  capMs = 10_000,
): number {
  return Math.floor(random * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Stack statuses CloudFormation reaches at the end of an operation. */
export function isTerminalStackStatus(status: string): boolean {
  return !status.endsWith('_IN_PROGRESS');
}

/** A finished operation that left the stack as requested. */
export function isSuccessfulStackStatus(status: string): boolean {
  return (
    status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'IMPORT_COMPLETE'
  );
}
