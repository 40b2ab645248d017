import { LockStoreError, type LockStoreOperation } from '../../model/errors.js';

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
