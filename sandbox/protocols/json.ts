import type { SandboxRequest, SandboxResponse } from '../route.js';
import { AwsError, type SandboxService } from '../service.js';
import { isPlainObject } from '../shared/json-value.js';
import type { DecodedRequest, ProtocolCodec } from './codec.js';

/**
 * The awsJson1_0 / awsJson1_1 protocols: `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a JSON
 * body; results are JSON (timestamps as epoch seconds); errors are JSON `{"__type": code, "message": ...}`
 * with the error's HTTP status, which the SDK reads through `__type`. A service AWS marks
 * `awsQueryCompatible` (SQS) answers `__type: <namespace>#<code>` plus the `x-amzn-query-error`
 * header (`<query code>;Sender`), which the SDK reads first (see `SandboxService.awsQueryCompatible`).
 */
export const jsonCodec: ProtocolCodec = {
  decode: decodeJsonRequest,
  encodeResult(service, _operation, output, requestId) {
    return respond(service, 200, requestId, JSON.stringify(output ?? {}, epochSecondsReplacer));
  },
  encodeError(service, error, requestId) {
    const compatible = service.awsQueryCompatible;
    if (compatible === undefined) {
      return respond(
        service,
        error.status,
        requestId,
        JSON.stringify({ __type: error.code, message: error.message }),
      );
    }
    return respond(
      service,
      error.status,
      requestId,
      JSON.stringify({ __type: `${compatible.namespace}#${error.code}`, message: error.message }),
      { 'x-amzn-query-error': `${compatible.queryErrorCode(error.code)};${error.fault}` },
    );
  },
  unknownOperation(operation) {
    return new AwsError(
      'UnknownOperationException',
      `The operation ${operation} is not supported.`,
    );
  },
  throttling() {
    return new AwsError('ThrottlingException', 'Rate exceeded');
  },
  internalFailure(code = 'InternalFailure', status = 500, message) {
    return new AwsError(
      code,
      message ??
        'The request processing has failed because of an unknown error, exception or failure.',
      status,
    );
  },
};

/**
 * Decodes a JSON-protocol request.
 *
 * @throws AwsError `UnknownOperationException` without a usable `X-Amz-Target`, `SerializationException`
 *   when the body is not a JSON object.
 */
export function decodeJsonRequest(
  service: SandboxService,
  request: SandboxRequest,
): DecodedRequest {
  const target = request.headers['x-amz-target'];
  const dot = typeof target === 'string' ? target.lastIndexOf('.') : -1;
  if (typeof target !== 'string' || dot <= 0 || request.method !== 'POST') {
    throw new AwsError(
      'UnknownOperationException',
      'Requests must be POST / with an X-Amz-Target header.',
    );
  }
  const prefix = target.slice(0, dot);
  const operation = target.slice(dot + 1);
  if (service.jsonTargetPrefix !== undefined && prefix !== service.jsonTargetPrefix) {
    throw new AwsError('UnknownOperationException', `Unknown target ${target}.`);
  }
  const text = request.body.toString('utf8').trim();
  if (text === '') return { operation, input: {} };
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (!isPlainObject(input)) {
    throw new AwsError('SerializationException', 'The request body must be a JSON object.');
  }
  return { operation, input };
}

function respond(
  service: SandboxService,
  status: number,
  requestId: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): SandboxResponse {
  return {
    status,
    headers: {
      'content-type': `application/x-amz-json-${service.jsonVersion ?? '1.1'}`,
      'x-amzn-requestid': requestId,
      ...headers,
    },
    body,
  };
}

/** The JSON protocols carry timestamps as epoch seconds; a `Date` in an output becomes one. */
function epochSecondsReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw =
    isPlainObject(this) || Array.isArray(this) ? (this as Record<string, unknown>)[key] : undefined;
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}
