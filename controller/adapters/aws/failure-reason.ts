/** Longest error message kept in an `unchecked` reason; reports and commit statuses stay readable. */
const MAX_MESSAGE = 200;

/**
 * The short, human reason recorded on an `unchecked` observation:
 * `DescribeDBInstances failed: AccessDenied: User is not authorized`. A set-up mistake (no or
 * expired credentials, an unreachable regional endpoint) gets one operation-independent line, so
 * every resource it hides carries the same reason and the report can state it once.
 */
export function failureReason(operation: string, error: unknown): string {
  return setupProblem(error) ?? `${operation} failed: ${describeError(error)}`;
}

/**
 * AWS error codes that mean the request's credentials were refused, across protocols. The reason
 * names none of them, so the same mistake reads the same from every service.
 */
const REFUSED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'AuthFailure',
]);
/** AWS error codes of an expired session token (query protocols, then JSON protocols). */
const EXPIRED_SESSION = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

/**
 * One clear line for a mistake in the caller's AWS set-up, which no resource-level retry fixes;
 * `undefined` for any other error.
 */
export function setupProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (
    error.name === 'CredentialsProviderError' ||
    /could not load credentials/i.test(error.message)
  )
    return 'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run where a role provides them';
  if (EXPIRED_SESSION.has(error.name))
    return 'the AWS session has expired: refresh the credentials and scan again';
  if (REFUSED_CREDENTIALS.has(error.name))
    return 'AWS refused the credentials: check the access key, secret and session token';
  const network = error as { code?: unknown; hostname?: unknown };
  if (network.code === 'ENOTFOUND' || network.code === 'EAI_AGAIN')
    return `cannot resolve the AWS endpoint ${String(network.hostname ?? '')}: check the region (is it spelled right?) and the endpoint`;
  return undefined;
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
