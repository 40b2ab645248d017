/** Longest error message kept in an `unchecked` reason; reports and commit statuses stay readable. */
const MAX_MESSAGE = 200;

/**
 * The short, human reason recorded on an `unchecked` observation:
 * `DescribeDBInstances failed: AccessDenied: User is not authorized`.
 */
export function failureReason(operation: string, error: unknown): string {
  return `${operation} failed: ${describeError(error)}`;
}

/** `<name>: <message>` for an Error, the text itself otherwise. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return truncate(String(error));
  const message = truncate(error.message.trim());
  return message ? `${error.name}: ${message}` : error.name;
}

/**
 * Whether an SDK error is one of the given exceptions. Matches the modelled class name and, for
 * query-protocol services, the bare wire code an emulator may return unmodelled
 * (`LoadBalancerNotFound` for `LoadBalancerNotFoundException`).
 */
export function isErrorNamed(error: unknown, ...names: readonly string[]): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { Code?: unknown }).Code;
  return names.includes(error.name) || (typeof code === 'string' && names.includes(code));
}

function truncate(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}
