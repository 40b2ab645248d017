import { WebhookSignatureVerifier } from '../../../controller/adapters/github/webhook-signature.js';
import {
  MAX_PAYLOAD_BYTES,
  type ReceiveWebhookDeps,
  receiveWebhook,
  type WebhookHttpRequest,
} from '../../../controller/flows/receive-webhook.js';
import { InMemoryDeliveryLedger } from '../../fakes/in-memory-delivery-ledger.js';
import { RecordingQueue } from '../../fakes/recording-queue.js';
import {
  commit,
  commitCommentEvent,
  NULL_SHA,
  pingEvent,
  pushEvent,
  repository,
  SHA_A,
  SHA_B,
  signature,
} from '../../fixtures/webhook-payloads.js';

const SECRET = 'whsec-receive-7Hq2Lm9Zp';
const NOW = new Date('2026-12-04T12:00:00Z');
const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const config = { repository: 'acme/platform', branch: 'main' };

function setup(queueFailures = 0) {
  const deliveries = new InMemoryDeliveryLedger();
  const queue = new RecordingQueue();
  const send = jest.spyOn(queue, 'send');
  for (let i = 0; i < queueFailures; i++) {
    send.mockRejectedValueOnce(
      Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' }),
    );
  }
  const verifier = new WebhookSignatureVerifier(SECRET);
  const verify = jest.spyOn(verifier, 'verify');
  const deps: ReceiveWebhookDeps = { verifier, deliveries, queue, clock: { now: () => NOW } };
  return { deps, deliveries, queue, verify };
}

/** A delivery as GitHub POSTs it: JSON, signed with the secret, with its three headers. */
function delivery(
  event: string,
  payload: unknown,
  overrides: Partial<WebhookHttpRequest> & { headers?: Record<string, string | undefined> } = {},
): WebhookHttpRequest {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return {
    method: 'POST',
    body,
    isBase64Encoded: false,
    ...overrides,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/4e5ad33',
      'x-github-event': event,
      'x-github-delivery': DELIVERY,
      'x-github-hook-id': '479321',
      'x-hub-signature-256': signature(SECRET, body),
      ...overrides.headers,
    },
  };
}

const pushBody = JSON.stringify(pushEvent());

describe('receiveWebhook', () => {
  describe('accepted deliveries', () => {
    it('queues a push to main with the delivery id and answers 202 at once', async () => {
      // Prepare
      const { deps, queue, deliveries } = setup();
      // Act
      const response = await receiveWebhook(deps, config, delivery('push', pushBody));
      // Assess
      expect(response).toEqual({
        status: 202,
        body: { accepted: 'push', deliveryId: DELIVERY },
        deliveryId: DELIVERY,
      });
      expect(queue.sent).toEqual([
        {
          delaySeconds: 0,
          request: {
            kind: 'push',
            deliveryId: DELIVERY,
            sha: SHA_B,
            before: SHA_A,
            branch: 'main',
            changedFiles: ['desired-state/environments/staging.yaml'],
            committedAt: '2026-12-04T11:58:21+01:00',
            pusher: 'ada',
          },
        },
      ]);
      expect(deliveries.calls).toEqual([`claim ${DELIVERY}`]);
    });

    it('queues an approval from a /approve commit comment', async () => {
      // Prepare
      const { deps, queue } = setup();
      // Act
      const response = await receiveWebhook(
        deps,
        config,
        delivery('commit_comment', commitCommentEvent('/approve prod')),
      );
      // Assess
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 'approve', deliveryId: DELIVERY });
      expect(queue.sent.map((m) => m.request)).toEqual([
        {
          kind: 'approve',
          env: 'prod',
          sha: SHA_B,
          by: 'github:grace',
          via: 'commit-comment',
          deliveryId: DELIVERY,
        },
      ]);
    });

    it('verifies and reads a base64-encoded body (Function URLs encode what they do not know)', async () => {
      // Prepare: signed over the bytes, delivered as base64
      const { deps, queue } = setup();
      const request = delivery('push', pushBody);
      // Act
      const response = await receiveWebhook(deps, config, {
        ...request,
        body: Buffer.from(pushBody).toString('base64'),
        isBase64Encoded: true,
      });
      // Assess
      expect(response.status).toBe(202);
      expect(queue.sent).toHaveLength(1);
    });

    it('accepts application/json with a charset parameter', async () => {
      // Prepare
      const { deps, queue } = setup();
      // Act
      const response = await receiveWebhook(
        deps,
        config,
        delivery('push', pushBody, {
          headers: { 'content-type': 'Application/JSON; charset=utf-8' },
        }),
      );
      // Assess
      expect(response.status).toBe(202);
      expect(queue.sent).toHaveLength(1);
    });

    it('answers a ping with pong and GitHub’s zen, queueing nothing', async () => {
      // Prepare
      const { deps, queue, deliveries } = setup();
      // Act
      const response = await receiveWebhook(deps, config, delivery('ping', pingEvent()));
      // Assess
      expect(response).toEqual({
        status: 200,
        body: { pong: true, zen: 'Keep it logically awesome.' },
        deliveryId: DELIVERY,
      });
      expect(queue.sent).toEqual([]);
      expect(deliveries.calls).toEqual([]);
    });
  });

  describe('idempotency and failures', () => {
    it('queues a repeated delivery once', async () => {
      // Prepare
      const { deps, queue } = setup();
      // Act
      const first = await receiveWebhook(deps, config, delivery('push', pushBody));
      const second = await receiveWebhook(deps, config, delivery('push', pushBody));
      // Assess
      expect(first.status).toBe(202);
      expect(second).toEqual({
        status: 202,
        body: { ignored: `delivery ${DELIVERY} was already received` },
        deliveryId: DELIVERY,
      });
      expect(queue.sent).toHaveLength(1);
    });

    it('answers 503 and forgets the delivery when the queue fails, so a redelivery goes through', async () => {
      // Prepare
      const { deps, queue, deliveries } = setup(1);
      // Act
      const failed = await receiveWebhook(deps, config, delivery('push', pushBody));
      const redelivered = await receiveWebhook(deps, config, delivery('push', pushBody));
      // Assess
      expect(failed).toEqual({
        status: 503,
        body: { error: 'the delivery could not be queued; redeliver it later' },
        deliveryId: DELIVERY,
        failure: 'ServiceUnavailable: Service Unavailable',
      });
      expect(deliveries.calls).toEqual([
        `claim ${DELIVERY}`,
        `forget ${DELIVERY}`,
        `claim ${DELIVERY}`,
      ]);
      expect(redelivered.status).toBe(202);
      expect(queue.sent).toHaveLength(1);
    });

    it('answers 503 without queueing when the delivery cannot be recorded', async () => {
      // Prepare
      const { deps, queue, deliveries } = setup();
      jest
        .spyOn(deliveries, 'claim')
        .mockRejectedValue(
          Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
        );
      // Act
      const response = await receiveWebhook(deps, config, delivery('push', pushBody));
      // Assess
      expect(response).toEqual({
        status: 503,
        body: { error: 'the delivery could not be recorded; redeliver it later' },
        deliveryId: DELIVERY,
        failure: 'ThrottlingException: Rate exceeded',
      });
      expect(queue.sent).toEqual([]);
    });
  });

  describe('refused and ignored requests', () => {
    const signed = signature(SECRET, pushBody);
    const cases: [string, () => WebhookHttpRequest, number, Record<string, unknown>][] = [
      [
        'an unsigned delivery',
        () => delivery('push', pushBody, { headers: { 'x-hub-signature-256': undefined } }),
        401,
        { error: 'X-Hub-Signature-256 is missing: give the webhook a secret' },
      ],
      [
        'a delivery signed with another secret',
        () =>
          delivery('push', pushBody, {
            headers: { 'x-hub-signature-256': signature('not-the-secret', pushBody) },
          }),
        401,
        { error: 'signature does not match' },
      ],
      [
        'a truncated signature',
        () =>
          delivery('push', pushBody, { headers: { 'x-hub-signature-256': signed.slice(0, 30) } }),
        401,
        { error: 'signature does not match' },
      ],
      [
        'a sha1= signature (X-Hub-Signature’s form)',
        () =>
          delivery('push', pushBody, {
            headers: { 'x-hub-signature-256': `sha1=${signed.slice(7, 47)}` },
          }),
        401,
        { error: 'signature does not match' },
      ],
      [
        'the signature of another body',
        () =>
          delivery('push', pushBody, {
            headers: {
              'x-hub-signature-256': signature(SECRET, JSON.stringify(pushEvent({ forced: true }))),
            },
          }),
        401,
        { error: 'signature does not match' },
      ],
      [
        'a signed body flagged as base64 although it is not',
        () => ({ ...delivery('push', pushBody), isBase64Encoded: true }),
        401,
        { error: 'signature does not match' },
      ],
      [
        'a base64 body not flagged as such',
        () => ({ ...delivery('push', pushBody), body: Buffer.from(pushBody).toString('base64') }),
        401,
        { error: 'signature does not match' },
      ],
      [
        'a signed body that is not JSON',
        () => delivery('push', '{"ref": "refs/heads/main",'),
        400,
        { error: 'the body is not JSON' },
      ],
      [
        'a form-encoded delivery',
        () =>
          delivery('push', `payload=${encodeURIComponent(pushBody)}`, {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
        415,
        {
          error:
            "content type application/x-www-form-urlencoded is not accepted: set the webhook's content type to application/json",
        },
      ],
      [
        'a GET',
        () => ({ ...delivery('push', pushBody), method: 'GET', body: '' }),
        405,
        { error: 'method GET is not allowed: GitHub POSTs deliveries' },
      ],
      [
        'a delivery without X-GitHub-Event',
        () => delivery('push', pushBody, { headers: { 'x-github-event': undefined } }),
        400,
        { error: 'X-GitHub-Event is missing' },
      ],
      [
        'a push without X-GitHub-Delivery',
        () => delivery('push', pushBody, { headers: { 'x-github-delivery': undefined } }),
        400,
        { error: 'X-GitHub-Delivery is missing' },
      ],
      [
        'a push whose X-GitHub-Delivery is not a delivery id',
        () => delivery('push', pushBody, { headers: { 'x-github-delivery': 'x y' } }),
        400,
        { error: 'X-GitHub-Delivery is not a delivery id' },
      ],
      [
        'a push that lacks the fields of a push',
        () => delivery('push', { ...pushEvent(), head_commit: { id: SHA_B } }),
        400,
        { error: expect.stringMatching(/^push payload: head_commit\.timestamp: /) },
      ],
      [
        'another repository',
        () => delivery('push', pushEvent({ repository: repository('acme/website') })),
        202,
        { ignored: 'repository acme/website is not the configured acme/platform' },
      ],
      [
        'an event type it does not handle',
        () => delivery('issues', { action: 'opened', repository: repository() }),
        202,
        { ignored: 'event issues is not handled (only push and commit_comment are)' },
      ],
      [
        'a push to another branch',
        () => delivery('push', pushEvent({ ref: 'refs/heads/feature' })),
        202,
        { ignored: 'push to refs/heads/feature (only pushes to refs/heads/main roll out)' },
      ],
      [
        'a tag push',
        () => delivery('push', pushEvent({ ref: 'refs/tags/v2.0.0' })),
        202,
        { ignored: 'tag push refs/tags/v2.0.0 (only pushes to refs/heads/main roll out)' },
      ],
      [
        'a branch deletion',
        () =>
          delivery(
            'push',
            pushEvent({ after: NULL_SHA, deleted: true, commits: [], head_commit: null }),
          ),
        202,
        { ignored: 'branch main was deleted' },
      ],
      [
        'a commit comment without a command',
        () => delivery('commit_comment', commitCommentEvent('Nice work!')),
        202,
        { ignored: 'commit comment has no /approve <environment> line' },
      ],
      [
        'an edited commit comment',
        () =>
          delivery('commit_comment', { ...commitCommentEvent('/approve prod'), action: 'edited' }),
        202,
        { ignored: 'commit comment edited, only new comments are read' },
      ],
    ];

    it.each(cases)(
      'answers %s with its status and reason, claiming and queueing nothing',
      async (_, request, status, body) => {
        // Prepare
        const { deps, queue, deliveries } = setup();
        // Act
        const response = await receiveWebhook(deps, config, request());
        // Assess
        expect(response.status).toBe(status);
        expect(response.body).toEqual(body);
        expect(queue.sent).toEqual([]);
        expect(deliveries.calls).toEqual([]);
        expect(JSON.stringify(response)).not.toContain(SECRET);
      },
    );

    it('refuses a body over 25 MB with 413 before hashing it', async () => {
      // Prepare: the size is what the body decodes to
      const { deps, queue, verify } = setup();
      const big = 'a'.repeat(MAX_PAYLOAD_BYTES + 1);
      // Act
      const response = await receiveWebhook(deps, config, delivery('push', big));
      // Assess
      expect(response).toEqual({
        status: 413,
        body: { error: `payload of ${MAX_PAYLOAD_BYTES + 1} bytes is over GitHub's 25 MB limit` },
      });
      expect(verify).not.toHaveBeenCalled();
      expect(queue.sent).toEqual([]);
    });

    it('measures a base64 body by its decoded size', async () => {
      // Prepare: exactly 25 MB once decoded, a third more as base64
      const { deps, verify } = setup();
      const body = Buffer.alloc(MAX_PAYLOAD_BYTES, 0x20).toString('base64');
      // Act
      const response = await receiveWebhook(deps, config, {
        ...delivery('push', pushBody),
        body,
        isBase64Encoded: true,
      });
      // Assess: not refused for its size; refused for its signature
      expect(response.status).toBe(401);
      expect(verify).toHaveBeenCalledTimes(1);
    });

    it('does not say who sent a wrongly signed delivery or what it carried', async () => {
      // Prepare
      const { deps } = setup();
      const forged = delivery(
        'push',
        pushEvent({ commits: [commit(SHA_B, { modified: ['stacks/secret-plan.ts'] })] }),
        { headers: { 'x-hub-signature-256': signature('guess', 'x') } },
      );
      // Act
      const response = await receiveWebhook(deps, config, forged);
      // Assess
      expect(response).toEqual({ status: 401, body: { error: 'signature does not match' } });
      expect(response.deliveryId).toBeUndefined();
    });
  });
});
