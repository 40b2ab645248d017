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

/** The account every request belongs to unless its access key id is itself a 12-digit account id. */
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

/** The account a request acts in: the access key id when it is exactly 12 digits, else {@link DEFAULT_ACCOUNT_ID}. */
export function accountIdFor(accessKeyId: string): string {
  return /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_ACCOUNT_ID;
}
