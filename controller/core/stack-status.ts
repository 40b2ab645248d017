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
