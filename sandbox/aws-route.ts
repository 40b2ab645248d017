import { randomUUID } from 'node:crypto';
import { recordApiCall } from './cloudtrail/record.js';
import type { FaultOutcome, FaultTarget } from './faults.js';
import { type LongPollRequest, LongPollWait } from './long-poll.js';
import type { ProtocolCodec } from './protocols/codec.js';
import { codecFor } from './protocols/codecs.js';
import type { QuotaTarget } from './quotas/quota-enforcer.js';
import { jsonResponse, type Route, type SandboxRequest, type SandboxResponse } from './route.js';
import { type SandboxRuntime, serviceContext } from './runtime.js';
import { AwsError, type ServiceContext } from './service.js';
import { accountIdFor, parseCredentialScope } from './sigv4-scope.js';

/** Operations that only read; every other operation that reaches its handler persists the state. */
export function isReadOperation(operation: string): boolean {
  return /^(Describe|List|Get|Lookup)/.test(operation);
}

/** The request's `User-Agent`, which CloudTrail records. */
export function userAgentOf(request: SandboxRequest): { userAgent?: string } {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' ? { userAgent: agent } : {};
}

/**
 * True for requests that look like AWS API calls: SigV4-signed (header or presigned query), or unsigned
 * but shaped like a JSON-target or query-protocol call (those get a clear authentication error).
 */
export function looksLikeAws(request: SandboxRequest): boolean {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('AWS4-')) return true;
  if (request.url.searchParams.has('X-Amz-Credential')) return true;
  if (request.headers['x-amz-target'] !== undefined) return true;
  const contentType = request.headers['content-type'] ?? '';
  return (
    request.method === 'POST' &&
    contentType.startsWith('application/x-www-form-urlencoded') &&
    /(^|&)Action=/.test(request.body.toString('utf8'))
  );
}

/**
 * The route of every emulated AWS service. It picks the service by the signing name of the SigV4
 * credential scope, decodes the request with the service's protocol, counts it, applies injected
 * faults, then the quota buckets of the caller's account and region (when on), runs the operation
 * handler through the runtime's queue (again, after waiting outside the queue, while it answers a
 * long poll's wait), persists the state after any operation that is not a read, and encodes the
 * result or error as AWS does.
 */
export function createAwsRoute(runtime: SandboxRuntime): Route {
  return {
    name: 'aws',
    matches: looksLikeAws,
    handle: (request) => handleAwsRequest(runtime, request),
  };
}

async function handleAwsRequest(
  runtime: SandboxRuntime,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const requestId = randomUUID();
  const scope = parseCredentialScope(request.headers, request.url.searchParams);
  if (scope === undefined) {
    runtime.stats.recordUnidentified();
    return jsonResponse(400, {
      __type: 'MissingAuthenticationTokenException',
      message:
        'Missing SigV4 credential. The sandbox routes AWS requests by the credential scope of the Authorization header (Credential=AKID/date/region/service/aws4_request).',
    });
  }
  const service = runtime.registry.lookup(scope.signingName);
  if (service === undefined) {
    runtime.stats.recordUnidentified();
    return jsonResponse(400, {
      __type: 'UnknownServiceException',
      message: `The sandbox does not emulate the AWS service with signing name '${scope.signingName}'. Emulated: ${runtime.registry.signingNames().join(', ')}.`,
    });
  }
  const codec = codecFor(service.protocol);
  let operation: string;
  let input: Record<string, unknown>;
  try {
    ({ operation, input } = codec.decode(service, request));
  } catch (error) {
    runtime.stats.recordUnidentified();
    if (error instanceof AwsError) return codec.encodeError(service, error, requestId);
    throw error;
  }
  runtime.stats.record(service.name, operation);
  const handler = Object.hasOwn(service.operations, operation)
    ? service.operations[operation]
    : undefined;
  if (handler === undefined) {
    return codec.encodeError(service, codec.unknownOperation(operation), requestId);
  }
  const injected = await injectFaults(runtime, codec, {
    service: service.name,
    signingName: service.signingName,
    operation,
  });
  if (injected !== undefined) return codec.encodeError(service, injected, requestId);
  const caller = { accountId: accountIdFor(scope.accessKeyId), region: scope.region };
  const throttled = enforceQuota(runtime, codec, { service: service.name, operation, ...caller });
  if (throttled !== undefined) return codec.encodeError(service, throttled, requestId);

  const origin = `http://${request.headers.host ?? '127.0.0.1'}`;
  // A long poll (see ./long-poll.ts) runs the handler again until it answers; its wait counts from here.
  const firstRunAt = performance.now();
  let waitEndsAt: number | undefined;
  for (;;) {
    const mayWait = waitEndsAt === undefined || performance.now() < waitEndsAt;
    const step = await runtime.queue.run(async () => {
      const context: ServiceContext = {
        ...serviceContext(runtime, caller, requestId),
        accessKeyId: scope.accessKeyId,
        origin,
        ...(mayWait ? { waitFor: (poll: LongPollRequest) => new LongPollWait(poll) } : {}),
      };
      let response: SandboxResponse;
      let failure: AwsError | undefined;
      try {
        const output = handler(runtime.store.state, input, context);
        if (output instanceof LongPollWait) {
          waitEndsAt ??= firstRunAt + output.request.maxWaitMs;
          const retryAt = output.request.retryAt;
          const untilRetry =
            retryAt === undefined
              ? Number.POSITIVE_INFINITY
              : retryAt.getTime() - context.now.getTime();
          if (!isReadOperation(operation)) await runtime.store.persist();
          // Registered inside the queue task, so a notification from the next task is not missed.
          const woken = runtime.longPolls.wait(
            output.request.signal,
            Math.min(waitEndsAt - performance.now(), untilRetry),
          );
          return { woken };
        }
        response = codec.encodeResult(service, operation, output, requestId);
      } catch (error) {
        failure = asAwsError(codec, error);
        response = codec.encodeError(service, failure, requestId);
      }
      recordApiCall(
        runtime.store.state,
        {
          signingName: service.signingName,
          operation,
          input,
          caller: { accessKeyId: scope.accessKeyId },
          ...userAgentOf(request),
          ...(failure === undefined ? {} : { error: failure }),
        },
        context,
      );
      // Persisted even after an error, so disk never lags memory if a handler changed state before throwing.
      if (!isReadOperation(operation)) await runtime.store.persist();
      return { response };
    });
    if ('response' in step) return step.response;
    if ((await step.woken) === 'interrupted') waitEndsAt = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Applies the active fault rules to one identified request: waits out the injected latency, counts
 * what was injected, and returns the protocol's throttling or injected error when the request is to
 * be answered with one. Every route that serves AWS requests goes through here.
 */
export async function injectFaults(
  runtime: SandboxRuntime,
  codec: FaultCodec,
  target: FaultTarget,
): Promise<AwsError | undefined> {
  const decision = runtime.faults.decide(target);
  if (decision.delayMs > 0) {
    runtime.stats.recordDelay(decision.delayMs);
    await runtime.sleep(decision.delayMs);
  }
  return injectedError(runtime, codec, decision.outcome);
}

/**
 * Takes a token from every quota bucket the request draws from (its account, region and API group),
 * or counts it as throttled and returns the protocol's throttling error when one is empty. Time is
 * the runtime's clock, so tests move it by hand.
 */
function enforceQuota(
  runtime: SandboxRuntime,
  codec: FaultCodec,
  target: QuotaTarget,
): AwsError | undefined {
  if (runtime.quotas.admit(target, runtime.clock().getTime())) return undefined;
  runtime.stats.recordQuotaThrottle(target.service, target.operation);
  return codec.throttling();
}

/** What fault injection needs from a protocol: its throttling and internal-failure errors. */
export type FaultCodec = Pick<ProtocolCodec, 'throttling' | 'internalFailure'>;

function injectedError(
  runtime: SandboxRuntime,
  codec: FaultCodec,
  outcome: FaultOutcome,
): AwsError | undefined {
  switch (outcome.kind) {
    case 'none':
      return undefined;
    case 'throttle':
      runtime.stats.recordThrottle();
      return codec.throttling();
    case 'error':
      runtime.stats.recordError();
      return codec.internalFailure(outcome.code, outcome.status, outcome.message);
  }
}

/** A handler bug is answered as the protocol's internal failure, with the cause in the message. */
function asAwsError(codec: ProtocolCodec, error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return codec.internalFailure(undefined, 500, `Sandbox handler failed: ${detail}`);
}
