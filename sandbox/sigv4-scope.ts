import type { IncomingHttpHeaders } from 'node:http';

/**
 * The credential scope of a SigV4-signed request: who signed it, for which region and service.
 * The sandbox routes AWS requests by it, exactly as AWS front ends do. Signatures are NOT verified:
 * the sandbox is a local stand-in and accepts any secret key.
 */
export interface CredentialScope {
  readonly accessKeyId: string;
  /** `YYYYMMDD`. */
  readonly date: string;
  readonly region: string;
  /** SigV4 signing name: `ecs`, `rds`, `elasticloadbalancing`, `ec2`, `sts`, `s3`, `dynamodb`, ... */
  readonly signingName: string;
}

/** The account every request belongs to unless its access key id names another (see {@link accountIdFor}). */
export const DEFAULT_ACCOUNT_ID = '000000000000';

const DEFAULT_SIGV4A_REGION = 'us-east-1';

/**
 * Reads the credential scope from the `Authorization` header (`AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...`)
 * or, for presigned URLs, from the `X-Amz-Credential` query parameter. SigV4a scopes carry no region
 * (`AKID/date/service/aws4_request`); their region comes from `X-Amz-Region-Set`.
 *
 * @returns `undefined` when the request carries no SigV4 credential.
 */
export function parseCredentialScope(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): CredentialScope | undefined {
  const authorization = headers.authorization;
  const fromHeader =
    typeof authorization === 'string' && authorization.startsWith('AWS4-')
      ? /Credential=([^,\s]+)/.exec(authorization)?.[1]
      : undefined;
  const credential = fromHeader ?? query.get('X-Amz-Credential') ?? undefined;
  if (credential === undefined) return undefined;
  const parts = credential.split('/');
  const regionSet = headers['x-amz-region-set'];
  if (parts.length === 5 && parts[4] === 'aws4_request') {
    const [accessKeyId, date, region, signingName] = parts as [string, string, string, string];
    return { accessKeyId, date, region, signingName };
  }
  if (parts.length === 4 && parts[3] === 'aws4_request') {
    const [accessKeyId, date, signingName] = parts as [string, string, string];
    const region =
      typeof regionSet === 'string' && regionSet !== '' && regionSet !== '*'
        ? (regionSet.split(',')[0] ?? DEFAULT_SIGV4A_REGION)
        : DEFAULT_SIGV4A_REGION;
    return { accessKeyId, date, region, signingName };
  }
  return undefined;
}

/**
 * The access key id of a role session the sandbox's STS issues in `accountId`: `ASIA` (AWS's prefix
 * of temporary keys), the account's 12 digits, then 4 characters of `suffix`, 20 characters as AWS's
 * are. Access key ids are opaque to AWS clients, so carrying the account in the id lets every
 * service (and a restarted or reset sandbox) tell the session's account from the key alone.
 *
 * @param suffix - at least 4 characters of `A-Z2-7`
 */
export function sessionAccessKeyId(accountId: string, suffix: string): string {
  return `ASIA${accountId}${suffix.slice(0, 4)}`;
}

const SESSION_KEY = /^ASIA(\d{12})[A-Z2-7]{4}$/;

/** Whether `accessKeyId` is of the shape {@link sessionAccessKeyId} issues. */
export function isSessionAccessKeyId(accessKeyId: string): boolean {
  return SESSION_KEY.test(accessKeyId);
}

/**
 * The account a request acts in: the access key id when it is exactly 12 digits, the role's account
 * for a session key the sandbox's STS issued ({@link sessionAccessKeyId}), else {@link DEFAULT_ACCOUNT_ID}.
 */
export function accountIdFor(accessKeyId: string): string {
  if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
  return SESSION_KEY.exec(accessKeyId)?.[1] ?? DEFAULT_ACCOUNT_ID;
}
