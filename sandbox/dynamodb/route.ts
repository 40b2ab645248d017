import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { type FaultCodec, injectFaults, looksLikeAws, userAgentOf } from '../aws-route.js';
import { isRecordedOperation, recordApiCall } from '../cloudtrail/record.js';
import type { Route, SandboxRequest, SandboxResponse } from '../route.js';
import type { SandboxRuntime } from '../runtime.js';
import { AwsError } from '../service.js';
import { isPlainObject } from '../shared/json-value.js';
import { accountIdFor, parseCredentialScope } from '../sigv4-scope.js';
import { DYNAMODB_TARGET_PREFIX, type EmbeddedDynamoDb } from './embedded.js';

/** The stats name of DynamoDB. */
export const DYNAMODB_SERVICE_NAME = 'DynamoDB';
/** The SigV4 signing name of DynamoDB. */
export const DYNAMODB_SIGNING_NAME = 'dynamodb';
/** The namespace DynamoDB puts before error codes in `__type`. */
export const DYNAMODB_ERROR_NAMESPACE = 'com.amazonaws.dynamodb.v20120810';

/** DynamoDB's throttling and internal errors, as the real service answers them. */
export const dynamoDbFaults: FaultCodec = {
  throttling() {
    return new AwsError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
  },
  internalFailure(code = 'InternalServerError', status = 500, message = 'Internal server error') {
    return new AwsError(code, message, status);
  },
};

/** The operation named by `X-Amz-Target: DynamoDB_20120810.<Operation>`, if it is one. */
export function dynamoDbOperation(target: string | string[] | undefined): string | undefined {
  if (typeof target !== 'string' || !target.startsWith(`${DYNAMODB_TARGET_PREFIX}.`)) {
    return undefined;
  }
  const operation = target.slice(DYNAMODB_TARGET_PREFIX.length + 1);
  return /^[A-Za-z]+$/.test(operation) ? operation : undefined;
}

/**
 * Encodes an error as DynamoDB does (awsJson1_0): `{"__type": "<namespace>#<Code>", "message": ...}`
 * with `x-amzn-requestid` and the body's `x-amz-crc32`.
 */
export function encodeDynamoDbError(error: AwsError): SandboxResponse {
  const body = JSON.stringify({
    __type: `${DYNAMODB_ERROR_NAMESPACE}#${error.code}`,
    message: error.message,
  });
  return {
    status: error.status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId(),
      'x-amz-crc32': String(crc32(body)),
    },
    body,
  };
}

/**
 * The route of DynamoDB: requests signed for `dynamodb` are counted (service `DynamoDB`, operation
 * from `X-Amz-Target`), get injected faults like any other AWS request, and are otherwise answered
 * by the embedded DynamoDB, bypassing the state queue (DynamoDB keeps its own consistency).
 */
export function createDynamoDbRoute(runtime: SandboxRuntime, dynamodb: EmbeddedDynamoDb): Route {
  return {
    name: 'dynamodb',
    matches: (request) =>
      looksLikeAws(request) &&
      parseCredentialScope(request.headers, request.url.searchParams)?.signingName ===
        DYNAMODB_SIGNING_NAME,
    handle: (request) => handleDynamoDbRequest(runtime, dynamodb, request),
  };
}

async function handleDynamoDbRequest(
  runtime: SandboxRuntime,
  dynamodb: EmbeddedDynamoDb,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const operation = dynamoDbOperation(request.headers['x-amz-target']);
  if (operation === undefined) {
    // DynamoDB itself answers what it cannot route (UnknownOperationException, health checks).
    runtime.stats.recordUnidentified();
  } else {
    runtime.stats.record(DYNAMODB_SERVICE_NAME, operation);
    const injected = await injectFaults(runtime, dynamoDbFaults, {
      service: DYNAMODB_SERVICE_NAME,
      signingName: DYNAMODB_SIGNING_NAME,
      operation,
    });
    if (injected !== undefined) return encodeDynamoDbError(injected);
  }
  try {
    const response = await dynamodb.forward(request);
    if (operation !== undefined)
      await recordControlPlaneCall(runtime, request, operation, response);
    return response;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return encodeDynamoDbError(
      dynamoDbFaults.internalFailure(
        undefined,
        500,
        `The embedded DynamoDB is unavailable: ${detail}`,
      ),
    );
  }
}

/**
 * Records a table-level write (CreateTable, UpdateTable, DeleteTable, ...) for CloudTrail, through the
 * state queue and persisted like any write; item operations are data events and are skipped.
 */
async function recordControlPlaneCall(
  runtime: SandboxRuntime,
  request: SandboxRequest,
  operation: string,
  response: SandboxResponse,
): Promise<void> {
  const scope = parseCredentialScope(request.headers, request.url.searchParams);
  if (scope === undefined || !isRecordedOperation(DYNAMODB_SIGNING_NAME, operation)) return;
  let input: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (isPlainObject(parsed)) input = parsed;
  } catch {
    // The embedded DynamoDB answered the malformed body; the event records no parameters.
  }
  const error = response.status >= 400 ? errorOf(response) : undefined;
  await runtime.queue.run(async () => {
    const scopeOf = { accountId: accountIdFor(scope.accessKeyId), region: scope.region };
    recordApiCall(
      runtime.store.state,
      {
        signingName: DYNAMODB_SIGNING_NAME,
        operation,
        input,
        caller: { accessKeyId: scope.accessKeyId },
        ...userAgentOf(request),
        ...(error === undefined ? {} : { error }),
      },
      { ...scopeOf, now: runtime.clock(), requestId: response.headers['x-amzn-requestid'] ?? '' },
    );
    await runtime.store.persist();
  });
}

/** The error code (without namespace) and message of a DynamoDB error answer. */
function errorOf(response: SandboxResponse): { code: string; message: string } {
  try {
    const body = JSON.parse(response.body.toString()) as { __type?: unknown; message?: unknown };
    const code = typeof body.__type === 'string' ? (body.__type.split('#').at(-1) ?? '') : '';
    return { code, message: typeof body.message === 'string' ? body.message : '' };
  } catch {
    return { code: 'InternalServerError', message: '' };
  }
}

/** A request id shaped like DynamoDB's: 52 characters of `A-Z` and `0-9`. */
function requestId(): string {
  return randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0');
}
