import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP request, fully read. */
export interface SandboxRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One HTTP response, fully formed. */
export interface SandboxResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/**
 * A family of requests the sandbox answers: admin endpoints, emulated AWS services, and later the
 * GitHub REST routes, S3 path-style buckets or a DynamoDB proxy. The server tries routes in order and
 * the first whose `matches` returns true answers; new stand-ins are added as new routes.
 */
export interface Route {
  readonly name: string;
  matches(request: SandboxRequest): boolean;
  handle(request: SandboxRequest): Promise<SandboxResponse>;
}

/** A JSON response. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
