import { randomBytes } from 'node:crypto';
import { type FaultCodec, injectFaults, looksLikeAws, userAgentOf } from '../aws-route.js';
import { recordApiCall } from '../cloudtrail/record.js';
import type { Route, SandboxRequest, SandboxResponse } from '../route.js';
import { type SandboxRuntime, serviceContext } from '../runtime.js';
import { AwsError, type ServiceContext } from '../service.js';
import { accountIdFor, parseCredentialScope } from '../sigv4-scope.js';
import { S3Error } from './errors.js';
import { s3Operations } from './operations.js';
import { errorXml } from './xml.js';

/** The stats name of S3. */
export const S3_SERVICE_NAME = 'S3';
/** The SigV4 signing name of S3. */
export const S3_SIGNING_NAME = 's3';

/** S3's throttling (`SlowDown`, 503) and internal (`InternalError`, 500) errors. */
export const s3Faults: FaultCodec = {
  throttling() {
    return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
  },
  internalFailure(
    code = 'InternalError',
    status = 500,
    message = 'We encountered an internal error. Please try again.',
  ) {
    return new AwsError(code, message, status);
  },
};

/** Query parameters of the served operations; any other one names a sub-resource not served. */
const SERVED_PARAMETERS: ReadonlySet<string> = new Set([
  'x-id',
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
]);

const BUCKET_OPERATIONS: Readonly<Record<string, string>> = {
  PUT: 'CreateBucket',
  HEAD: 'HeadBucket',
  DELETE: 'DeleteBucket',
};
const OBJECT_OPERATIONS: Readonly<Record<string, string>> = {
  PUT: 'PutObject',
  GET: 'GetObject',
  HEAD: 'HeadObject',
  DELETE: 'DeleteObject',
};

/** A path-style request's bucket and key, URI-decoded; `undefined` when the path cannot be decoded. */
export function parseS3Path(pathname: string): { bucket: string; key: string } | undefined {
  const slash = pathname.indexOf('/', 1);
  try {
    return slash < 0
      ? { bucket: decodeURIComponent(pathname.slice(1)), key: '' }
      : {
          bucket: decodeURIComponent(pathname.slice(1, slash)),
          key: decodeURIComponent(pathname.slice(slash + 1)),
        };
  } catch {
    return undefined;
  }
}

/** The S3 operation a path-style request calls, or `undefined` when the sandbox does not serve it. */
export function s3OperationOf(
  request: SandboxRequest,
  bucket: string,
  key: string,
): string | undefined {
  const query = request.url.searchParams;
  // Presigned URLs carry their signature as X-Amz-* parameters.
  const served = (name: string) => SERVED_PARAMETERS.has(name) || name.startsWith('X-Amz-');
  if (![...query.keys()].every(served)) return undefined;
  const method = request.method;
  if (bucket === '') return method === 'GET' ? 'ListBuckets' : undefined;
  if (key === '') {
    if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : undefined;
    return Object.hasOwn(BUCKET_OPERATIONS, method) ? BUCKET_OPERATIONS[method] : undefined;
  }
  if (method === 'PUT' && request.headers['x-amz-copy-source'] !== undefined) return undefined;
  return Object.hasOwn(OBJECT_OPERATIONS, method) ? OBJECT_OPERATIONS[method] : undefined;
}

/**
 * The route of S3 (REST-XML, path-style `/<bucket>/<key>`): requests signed for `s3` are counted
 * (service `S3`), get injected faults, run through the state queue, and persist the state after any
 * request that is not a GET or HEAD. Errors are S3's `<Error>` documents (no body for HEAD).
 */
export function createS3Route(runtime: SandboxRuntime): Route {
  return {
    name: 's3',
    matches: (request) =>
      looksLikeAws(request) &&
      parseCredentialScope(request.headers, request.url.searchParams)?.signingName ===
        S3_SIGNING_NAME,
    handle: (request) => handleS3Request(runtime, request),
  };
}

async function handleS3Request(
  runtime: SandboxRuntime,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const path = parseS3Path(request.url.pathname);
  if (path === undefined) {
    runtime.stats.recordUnidentified();
    return encodeS3Error(
      request,
      new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400),
      requestId,
    );
  }
  const operation = s3OperationOf(request, path.bucket, path.key);
  const handler = operation === undefined ? undefined : s3Operations[operation];
  if (operation === undefined || handler === undefined) {
    runtime.stats.recordUnidentified();
    const message = `The sandbox does not implement ${request.method} ${request.url.pathname}${request.url.search} for S3.`;
    return encodeS3Error(request, new S3Error('NotImplemented', message, 501), requestId);
  }
  runtime.stats.record(S3_SERVICE_NAME, operation);
  const injected = await injectFaults(runtime, s3Faults, {
    service: S3_SERVICE_NAME,
    signingName: S3_SIGNING_NAME,
    operation,
  });
  if (injected !== undefined) return encodeS3Error(request, injected, requestId);

  const call = {
    ...path,
    query: request.url.searchParams,
    headers: request.headers,
    body: request.body,
  };
  return runtime.queue.run(async () => {
    let response: SandboxResponse;
    let failure: AwsError | undefined;
    const context = contextFor(runtime, request, requestId);
    try {
      const reply = handler(runtime.store.state, call, context);
      response = {
        status: reply.status ?? 200,
        headers: { ...requestIdHeaders(requestId), ...reply.headers },
        body: reply.body ?? '',
      };
    } catch (error) {
      failure = asAwsError(error);
      response = encodeS3Error(request, failure, requestId);
    }
    // Bucket operations are management events; object operations are data events, never recorded.
    const accessKeyId = parseCredentialScope(
      request.headers,
      request.url.searchParams,
    )?.accessKeyId;
    if (accessKeyId !== undefined) {
      recordApiCall(
        runtime.store.state,
        {
          signingName: S3_SIGNING_NAME,
          operation,
          input: { bucketName: path.bucket },
          caller: { accessKeyId },
          ...userAgentOf(request),
          ...(failure === undefined ? {} : { error: failure }),
        },
        context,
      );
    }
    // Persisted even after an error, so disk never lags memory if a handler changed state before throwing.
    if (request.method !== 'GET' && request.method !== 'HEAD') await runtime.store.persist();
    return response;
  });
}

/** An S3 error answer: the `<Error>` document, or no body at all for HEAD, as S3 answers. */
export function encodeS3Error(
  request: SandboxRequest,
  error: AwsError,
  requestId: string,
): SandboxResponse {
  const headers = { ...requestIdHeaders(requestId), 'content-type': 'application/xml' };
  const body = request.method === 'HEAD' ? '' : errorXml(error, requestId, headers['x-amz-id-2']);
  return { status: error.status, headers, body };
}

function requestIdHeaders(requestId: string): { 'x-amz-request-id': string; 'x-amz-id-2': string } {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') };
}

function contextFor(
  runtime: SandboxRuntime,
  request: SandboxRequest,
  requestId: string,
): ServiceContext {
  const scope = parseCredentialScope(request.headers, request.url.searchParams);
  const accountId = accountIdFor(scope?.accessKeyId ?? '');
  return serviceContext(runtime, { accountId, region: scope?.region ?? 'us-east-1' }, requestId);
}

/** A handler bug is answered as S3's internal error, with the cause in the message. */
function asAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return s3Faults.internalFailure(undefined, 500, `Sandbox handler failed: ${detail}`);
}
