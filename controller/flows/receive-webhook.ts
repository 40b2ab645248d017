import { describeFailure } from '../core/text.js';
import { classifyWebhook, type WebhookConfig } from '../core/webhook/classify-webhook.js';
import { isDeliveryId } from '../model/delivery-id.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryLedger } from '../ports/delivery-ledger.js';
import type { ReconcileQueue } from '../ports/reconcile-queue.js';
import type { WebhookVerifier } from '../ports/webhook-verifier.js';

/** The ports the receiver needs. */
export interface ReceiveWebhookDeps {
  readonly verifier: WebhookVerifier;
  readonly deliveries: DeliveryLedger;
  readonly queue: ReconcileQueue;
  readonly clock: Clock;
}

/** The HTTP request as Lambda Function URLs and API Gateway HTTP APIs (payload 2.0) give it. */
export interface WebhookHttpRequest {
  readonly method: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  /** The body is base64 of the bytes received (binary or unknown content types). */
  readonly isBase64Encoded: boolean;
}

/** The answer to GitHub, and what the handler logs. */
export interface WebhookResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** `X-GitHub-Delivery`, once the signature is verified. */
  readonly deliveryId?: string;
  /** Why the delivery could not be handed on (503), for the log; never sent to GitHub. */
  readonly failure?: string;
}

/**
 * GitHub's largest payload: "Payloads are capped at 25 MB. If an event generates a larger
 * payload, GitHub will not deliver a payload for that webhook event." (Webhook events and
 * payloads). Anything larger is not from GitHub, so it is refused before hashing.
 */
export const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

/**
 * Receives one GitHub webhook delivery: checks the request, verifies `X-Hub-Signature-256` over
 * the exact raw body before parsing anything, classifies the event, claims `X-GitHub-Delivery` so
 * a redelivery does nothing twice, and puts the request on the reconcile queue. The work itself
 * happens later, so GitHub gets its answer well inside its 10 seconds. Neither the secret nor the
 * body reaches the response.
 *
 * Answers: 405 not POST, 415 not JSON, 413 over {@link MAX_PAYLOAD_BYTES}, 401 unsigned or
 * wrongly signed, 400 a missing header or a malformed payload, 200 a ping, 202 accepted or
 * ignored (with the reason), 503 when the delivery could not be recorded or queued (GitHub can
 * redeliver it).
 *
 * @example
 * const response = await receiveWebhook(deps, { repository: 'acme/platform', branch: 'main' }, {
 *   method: 'POST', headers, body: event.body ?? '', isBase64Encoded: event.isBase64Encoded,
 * });
 */
export async function receiveWebhook(
  deps: ReceiveWebhookDeps,
  config: WebhookConfig,
  http: WebhookHttpRequest,
): Promise<WebhookResponse> {
  if (http.method.toUpperCase() !== 'POST') {
    return answer(405, { error: `method ${http.method} is not allowed: GitHub POSTs deliveries` });
  }
  const contentType = mediaType(http.headers['content-type']);
  if (contentType !== 'application/json') {
    return answer(415, {
      error: `content type ${contentType || '(none)'} is not accepted: set the webhook's content type to application/json`,
    });
  }
  // Computed from the string's length (base64) or its characters; nothing is decoded or hashed.
  const size = Buffer.byteLength(http.body, http.isBase64Encoded ? 'base64' : 'utf8');
  if (size > MAX_PAYLOAD_BYTES) {
    return answer(413, { error: `payload of ${size} bytes is over GitHub's 25 MB limit` });
  }
  const signature = http.headers['x-hub-signature-256'];
  if (!signature) {
    return answer(401, { error: 'X-Hub-Signature-256 is missing: give the webhook a secret' });
  }
  const raw = http.isBase64Encoded ? Buffer.from(http.body, 'base64').toString('utf8') : http.body;
  // The signature covers the exact bytes GitHub sent: verify before anything reads the body.
  if (!(await deps.verifier.verify(raw, signature))) {
    return answer(401, { error: 'signature does not match' });
  }
  const deliveryHeader = http.headers['x-github-delivery'];
  const deliveryId =
    deliveryHeader !== undefined && isDeliveryId(deliveryHeader) ? deliveryHeader : undefined;
  const verified = (status: number, body: Record<string, unknown>, failure?: string) =>
    answer(status, body, deliveryId, failure);

  const event = http.headers['x-github-event'];
  if (!event) return verified(400, { error: 'X-GitHub-Event is missing' });
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return verified(400, { error: 'the body is not JSON' });
  }
  const classified = classifyWebhook(event, payload, config);
  switch (classified.kind) {
    case 'ping':
      return verified(200, { pong: true, ...(classified.zen ? { zen: classified.zen } : {}) });
    case 'ignored':
      return verified(202, { ignored: classified.why });
    case 'invalid':
      return verified(400, { error: classified.why });
    case 'request':
      break;
  }
  if (deliveryHeader === undefined) return verified(400, { error: 'X-GitHub-Delivery is missing' });
  if (deliveryId === undefined) {
    return verified(400, { error: 'X-GitHub-Delivery is not a delivery id' });
  }

  let first: boolean;
  try {
    first = await deps.deliveries.claim(deliveryId, deps.clock.now());
  } catch (error) {
    return verified(
      503,
      { error: 'the delivery could not be recorded; redeliver it later' },
      describeFailure(error),
    );
  }
  if (!first) return verified(202, { ignored: `delivery ${deliveryId} was already received` });
  try {
    await deps.queue.send({ ...classified.request, deliveryId });
  } catch (error) {
    // Unclaim it, so the redelivery GitHub offers is not taken for a duplicate.
    const failures = [describeFailure(error)];
    try {
      await deps.deliveries.forget(deliveryId);
    } catch (forgetError) {
      failures.push(`and the delivery was not forgotten: ${describeFailure(forgetError)}`);
    }
    return verified(
      503,
      { error: 'the delivery could not be queued; redeliver it later' },
      failures.join(' '),
    );
  }
  return verified(202, { accepted: classified.request.kind, deliveryId });
}

/** `application/json` of `Application/JSON; charset=utf-8`; empty when absent. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function answer(
  status: number,
  body: Record<string, unknown>,
  deliveryId?: string,
  failure?: string,
): WebhookResponse {
  return {
    status,
    body,
    ...(deliveryId === undefined ? {} : { deliveryId }),
    ...(failure === undefined ? {} : { failure }),
  };
}
