import type { SandboxRequest, SandboxResponse } from '../route.js';
import { AwsError, type ProtocolName } from '../service.js';
import type { ProtocolCodec } from './codec.js';
import { decodeEc2Request, encodeEc2Error, encodeEc2Result } from './ec2.js';
import { jsonCodec } from './json.js';
import { decodeQueryRequest, encodeQueryError, encodeQueryResult } from './query.js';

const INTERNAL_FAILURE_MESSAGE =
  'The request processing has failed because of an unknown error, exception or failure.';

/** Form parameters of a query/ec2 request: the POST body, or the query string of a GET. */
function formOf(request: SandboxRequest): string {
  const body = request.body.toString('utf8');
  return body === '' && request.method === 'GET' ? request.url.search.slice(1) : body;
}

function xml(status: number, requestId: string, body: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body,
  };
}

function requireAction(action: string): string {
  if (action === '')
    throw new AwsError('MissingAction', 'The request must contain the parameter Action.');
  return action;
}

/** The awsQuery protocol (RDS, ELBv2, STS, ...): form-encoded requests, XML `<OpResponse><OpResult>` answers. */
export const queryCodec: ProtocolCodec = {
  decode(_service, request) {
    const { action, input } = decodeQueryRequest(formOf(request));
    return { operation: requireAction(action), input };
  },
  encodeResult(service, operation, output, requestId) {
    return xml(200, requestId, encodeQueryResult(service, operation, output, requestId));
  },
  encodeError(_service, error, requestId) {
    return xml(error.status, requestId, encodeQueryError(error, requestId));
  },
  unknownOperation(operation) {
    return new AwsError(
      'InvalidAction',
      `The action ${operation} is not valid for this web service.`,
    );
  },
  throttling() {
    return new AwsError('Throttling', 'Rate exceeded');
  },
  internalFailure(code = 'InternalFailure', status = 500, message = INTERNAL_FAILURE_MESSAGE) {
    return new AwsError(code, message, status);
  },
};

/** The ec2 protocol: form-encoded requests, XML `<OpResponse>` answers, `<Response><Errors>` errors. */
export const ec2Codec: ProtocolCodec = {
  decode(_service, request) {
    const { action, input } = decodeEc2Request(formOf(request));
    return { operation: requireAction(action), input };
  },
  encodeResult(service, operation, output, requestId) {
    return xml(200, requestId, encodeEc2Result(service, operation, output, requestId));
  },
  encodeError(_service, error, requestId) {
    return xml(error.status, requestId, encodeEc2Error(error, requestId));
  },
  unknownOperation(operation) {
    return new AwsError(
      'InvalidAction',
      `The action ${operation} is not valid for this web service.`,
    );
  },
  throttling() {
    // EC2 throttles with RequestLimitExceeded and HTTP 503, unlike the query services.
    return new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
  },
  internalFailure(
    code = 'InternalError',
    status = 500,
    message = 'An internal error has occurred.',
  ) {
    return new AwsError(code, message, status);
  },
};

const CODECS: Readonly<Record<ProtocolName, ProtocolCodec>> = {
  json: jsonCodec,
  query: queryCodec,
  ec2: ec2Codec,
};

/** The codec of a protocol. */
export function codecFor(protocol: ProtocolName): ProtocolCodec {
  return CODECS[protocol];
}
