import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Sandbox } from '../../sandbox/index.js';
import {
  commit,
  commitCommentEvent,
  pushEvent,
  SHA_A,
  SHA_B,
  signature,
} from '../fixtures/webhook-payloads.js';
import { type SandboxStats, stats } from './sandbox-admin.js';
import { PlatformRepo, SECRET, type Serving, startController } from './serve-harness.js';

let sandbox: Sandbox;
let repo: PlatformRepo;
let serving: Serving;
const saved = { ...process.env };
const client = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

beforeAll(async () => {
  repo = new PlatformRepo();
  repo.commit('The platform');
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  ({ sandbox, serving } = await startController(repo));
}, 60_000);

afterAll(async () => {
  await serving?.stop();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await sandbox?.close();
  repo?.remove();
});

interface Request {
  readonly method?: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const push = JSON.stringify(pushEvent());

/** A delivery of `payload` as `event`, correctly signed, with headers overridden or removed (''). */
function signed(event: string, payload: unknown, headers: Record<string, string> = {}): Request {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': DELIVERY,
      'x-hub-signature-256': signature(SECRET, body),
      ...headers,
    },
  };
}

const unsigned = (change: (r: Request) => Request) => change(signed('push', push));

async function send(request: Request) {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([, value]) => value !== ''),
  );
  const response = await fetch(`${serving.url}/webhook`, {
    method: request.method ?? 'POST',
    headers,
    ...(request.method === 'GET' ? {} : { body: request.body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Every write the controller could make, from the sandbox's counters. */
function writes(s: SandboxStats): Record<string, number> {
  const of = (service: string, ops: string[]) =>
    Object.fromEntries(ops.map((op) => [`${service}.${op}`, s.byService[service]?.[op] ?? 0]));
  return {
    ...of('SQS', ['SendMessage', 'SendMessageBatch']),
    ...of('DynamoDB', ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems']),
    ...of('CloudFormation', ['CreateChangeSet', 'ExecuteChangeSet']),
    ...of('GitHub', ['CreateCommitStatus']),
    ...of('SNS', ['Publish']),
  };
}

const HUGE = 26 * 1024 * 1024;

const cases: [string, Request, number, Record<string, unknown> | RegExp][] = [
  [
    'unsigned',
    unsigned((r) => ({ ...r, headers: { ...r.headers, 'x-hub-signature-256': '' } })),
    401,
    { error: 'X-Hub-Signature-256 is missing: give the webhook a secret' },
  ],
  [
    'signed with another secret',
    unsigned((r) => ({
      ...r,
      headers: { ...r.headers, 'x-hub-signature-256': signature('not-the-secret', r.body) },
    })),
    401,
    { error: 'signature does not match' },
  ],
  [
    'truncated signature',
    unsigned((r) => ({
      ...r,
      headers: {
        ...r.headers,
        'x-hub-signature-256': (r.headers['x-hub-signature-256'] ?? '').slice(0, 40),
      },
    })),
    401,
    { error: 'signature does not match' },
  ],
  [
    'a sha1 signature',
    unsigned((r) => ({
      ...r,
      headers: { ...r.headers, 'x-hub-signature-256': `sha1=${'0'.repeat(40)}` },
    })),
    401,
    { error: 'signature does not match' },
  ],
  [
    'the signature of another body',
    unsigned((r) => ({ ...r, body: r.body.replace('"ada"', '"eve"') })),
    401,
    { error: 'signature does not match' },
  ],
  [
    'a signature without its prefix',
    unsigned((r) => ({
      ...r,
      headers: {
        ...r.headers,
        'x-hub-signature-256': (r.headers['x-hub-signature-256'] ?? '').replace('sha256=', ''),
      },
    })),
    401,
    { error: 'signature does not match' },
  ],
  [
    'over 25 MB',
    { ...signed('push', push), body: `{"pad":"${'x'.repeat(HUGE)}"}` },
    413,
    /^payload of \d+ bytes is over GitHub's 25 MB limit$/,
  ],
  [
    'signed, not JSON',
    signed('push', 'ref=refs/heads/main'),
    400,
    { error: 'the body is not JSON' },
  ],
  [
    'form-encoded',
    signed('push', `payload=${encodeURIComponent(push)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    }),
    415,
    {
      error:
        "content type application/x-www-form-urlencoded is not accepted: set the webhook's content type to application/json",
    },
  ],
  [
    'a GET',
    { ...signed('push', push), method: 'GET' },
    405,
    { error: 'method GET is not allowed: GitHub POSTs deliveries' },
  ],
  [
    'no event header',
    signed('push', push, { 'x-github-event': '' }),
    400,
    { error: 'X-GitHub-Event is missing' },
  ],
  [
    'no delivery id',
    signed('push', push, { 'x-github-delivery': '' }),
    400,
    { error: 'X-GitHub-Delivery is missing' },
  ],
  ['a push that is not a push payload', signed('push', { zen: 'hello' }), 400, /^push payload: /],
  [
    'another repository',
    signed(
      'push',
      pushEvent({ repository: { ...pushEvent().repository, full_name: 'evil/fork' } }),
    ),
    202,
    { ignored: 'repository evil/fork is not the configured acme/platform' },
  ],
  [
    'an event not handled',
    signed('issues', { action: 'opened', repository: pushEvent().repository }),
    202,
    { ignored: 'event issues is not handled (only push and commit_comment are)' },
  ],
  [
    'a push to another branch',
    signed('push', pushEvent({ ref: 'refs/heads/feature' })),
    202,
    { ignored: 'push to refs/heads/feature (only pushes to refs/heads/main roll out)' },
  ],
  [
    'a tag push',
    signed('push', pushEvent({ ref: 'refs/tags/v1.0.0' })),
    202,
    { ignored: 'tag push refs/tags/v1.0.0 (only pushes to refs/heads/main roll out)' },
  ],
  [
    'a branch deletion',
    signed(
      'push',
      pushEvent({ deleted: true, after: '0'.repeat(40), commits: [], head_commit: null }),
    ),
    202,
    { ignored: 'branch main was deleted' },
  ],
  [
    'a comment that approves nothing',
    signed('commit_comment', commitCommentEvent('looks good to me')),
    202,
    { ignored: 'commit comment has no /approve <environment> line' },
  ],
  [
    'an edited comment',
    signed('commit_comment', { ...commitCommentEvent('/approve prod'), action: 'edited' }),
    202,
    { ignored: 'commit comment edited, only new comments are read' },
  ],
];

describe('plumbline serve: requests that must change nothing', () => {
  it(`answers ${cases.length} bad or foreign deliveries as specified, queueing, locking and writing nothing`, async () => {
    // Prepare
    const before = writes(await stats(sandbox.url));
    // Act
    const answers: [string, number, string][] = [];
    for (const [name, request] of cases) {
      const { status, body } = await send(request);
      answers.push([name, status, JSON.stringify(body)]);
    }
    // Assess: each answer
    for (const [i, [name, , status, expected]] of cases.entries()) {
      const [, gotStatus, gotBody] = answers[i] as [string, number, string];
      expect([name, gotStatus]).toEqual([name, status]);
      if (expected instanceof RegExp) {
        const text = JSON.parse(gotBody) as { error?: string };
        expect([name, expected.test(text.error ?? gotBody)]).toEqual([name, true]);
      } else expect([name, JSON.parse(gotBody)]).toEqual([name, expected]);
    }
    // ...and nothing written anywhere: no message, no delivery claimed, no lease, no status
    expect(writes(await stats(sandbox.url))).toEqual(before);
    const sqs = new SQSClient({ ...client, endpoint: sandbox.url });
    const dynamodb = new DynamoDBClient({ ...client, endpoint: sandbox.url });
    try {
      const queue = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: `${sandbox.url}/000000000000/plumbline-reconcile`,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      expect(queue.Attributes).toEqual({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
      const items = await dynamodb.send(new ScanCommand({ TableName: 'plumbline-state' }));
      expect(items.Count).toBe(0);
    } finally {
      sqs.destroy();
      dynamodb.destroy();
    }
  }, 120_000);

  it('queues one request for a signed push, and nothing for its repeated delivery', async () => {
    // Prepare
    const payload = pushEvent({
      before: SHA_A,
      commits: [commit(SHA_B, { modified: ['README.md'] })],
    });
    const before = writes(await stats(sandbox.url));
    // Act
    const first = await send(signed('push', payload, { 'x-github-delivery': 'b1f0d2c3-0001' }));
    const again = await send(signed('push', payload, { 'x-github-delivery': 'b1f0d2c3-0001' }));
    // Assess
    expect(first).toEqual({ status: 202, body: { accepted: 'push', deliveryId: 'b1f0d2c3-0001' } });
    expect(again).toEqual({
      status: 202,
      body: { ignored: 'delivery b1f0d2c3-0001 was already received' },
    });
    const after = writes(await stats(sandbox.url));
    expect(after['SQS.SendMessage']).toBe((before['SQS.SendMessage'] ?? 0) + 1);
  }, 60_000);
});
