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

/**
 * Whether a stack exists for deploying: a stack only in `REVIEW_IN_PROGRESS` (a create change set
 * never executed) still takes a CREATE change set, so it counts as absent.
 */
export function stackExists(status: string | undefined): boolean {
  return status !== undefined && status !== 'REVIEW_IN_PROGRESS';
}
