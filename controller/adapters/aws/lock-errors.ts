import { PlumblineError } from '../../model/errors.js';

/** What the lock store was doing when the table answered with something other than a lock conflict. */
export type LockStoreOperation =
  | 'acquire'
  | 'renew'
  | 'release'
  | 'inspect'
  | 'forceRelease'
  | 'ensureTable';

/**
 * The lock table failed for a reason other than the lease itself (throttling, missing table,
 * network, a malformed item). Transient unless the item is malformed: the operation may be retried,
 * and the lease state is whatever it was before the call. The SDK error is kept as `cause`.
 */
export class LockStoreError extends PlumblineError {
  constructor(
    readonly operation: LockStoreOperation,
    /** The environment involved, or the table name for `ensureTable`. */
    readonly subject: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`lock store ${operation} on "${subject}" failed: ${message}`, options);
  }
}

/** Wraps an unexpected error from the SDK, keeping it as `cause`. */
export function lockStoreError(
  operation: LockStoreOperation,
  subject: string,
  cause: unknown,
): LockStoreError {
  const message = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new LockStoreError(operation, subject, message, { cause });
}

/** True for the SDK's `ConditionalCheckFailedException`, matched by name so any SDK copy qualifies. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
