import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ensureLockTable } from '../../controller/adapters/aws/lock-table.js';
import { reconcileRequestSchema } from '../../controller/model/reconcile-request.js';
import { handler } from '../../lambdas/webhook.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { stats } from '../e2e/sandbox-admin.js';
import { functionUrlEvent, webhookContext } from '../fixtures/function-url-event.js';
import { pushEvent, SHA_A, SHA_B, signature } from '../fixtures/webhook-payloads.js';

const SECRET = 'whsec-lambda-Nw4pQ8rT1zX6';
const TABLE = 'plumbline-state-webhook-test';
const QUEUE = 'plumbline-reconcile-webhook-test';
const DELIVERY = 'd5a0f6b0-d1c3-11f0-8e2b-7a3c1f0e9b21';
const client = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

const context = webhookContext('8f0c1d2e-7b61-11e6-9a41-93e8deadbeef');

let sandbox: Sandbox;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let queueUrl: string;
const saved = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  sqs = new SQSClient({ ...client, endpoint: sandbox.url });
  dynamodb = new DynamoDBClient({ ...client, endpoint: sandbox.url });
  await ensureLockTable(dynamodb, TABLE);
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: QUEUE }))).QueueUrl ?? '';
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL: sandbox.url,
    STATE_TABLE: TABLE,
    // A name, as the stack may pass it: resolved once with GetQueueUrl.
    RECONCILE_QUEUE_URL: QUEUE,
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_WEBHOOK_SECRET: SECRET,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  sqs.destroy();
  dynamodb.destroy();
  await sandbox.close();
});

/** Runs the handler with stdout captured; returns its result and the JSON log lines. */
async function invoke(event: APIGatewayProxyEventV2) {
  const lines: string[] = [];
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  try {
    const result = await handler(event, context);
    const logs = lines
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    return { result, logs, text: lines.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('webhook handler', () => {
  const body = JSON.stringify(pushEvent());
  const signed = { 'x-github-delivery': DELIVERY, 'x-hub-signature-256': signature(SECRET, body) };

  it('queues a signed push once, ignores its redelivery and refuses a forged one without writing', async () => {
    // Act 1: the delivery
    const first = await invoke(functionUrlEvent(body, signed));
    // Assess 1
    expect(first.result).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accepted: 'push', deliveryId: DELIVERY }),
    });
    expect(first.logs).toContainEqual(
      expect.objectContaining({
        message: 'webhook answered',
        level: 'INFO',
        deliveryId: DELIVERY,
        status: 202,
        event: 'push',
        function_request_id: context.awsRequestId,
      }),
    );
    expect(first.text).not.toContain(SECRET);
    expect(first.text).not.toContain('desired-state/environments/staging.yaml');

    // Act 2: GitHub redelivers it
    const again = await invoke(functionUrlEvent(body, signed));
    // Assess 2
    expect(again.result.statusCode).toBe(202);
    expect(JSON.parse(again.result.body ?? '')).toEqual({
      ignored: `delivery ${DELIVERY} was already received`,
    });

    // Act 3: a forged delivery (another secret, another delivery id)
    const before = await stats(sandbox.url);
    const forged = await invoke(
      functionUrlEvent(body, {
        'x-github-delivery': 'a4b3c2d1-0000-4000-8000-000000000001',
        'x-hub-signature-256': signature('guessed-secret', body),
      }),
    );
    const after = await stats(sandbox.url);
    // Assess 3
    expect(forged.result.statusCode).toBe(401);
    expect(JSON.parse(forged.result.body ?? '')).toEqual({ error: 'signature does not match' });
    expect(after.byService.SQS?.SendMessage).toBe(before.byService.SQS?.SendMessage);
    expect(after.byService.SQS?.SendMessage).toBe(1);
    for (const write of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']) {
      expect(after.byService.DynamoDB?.[write]).toBe(before.byService.DynamoDB?.[write]);
    }

    // Assess: exactly one message on the queue, holding the parsed request
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    expect(received.Messages).toHaveLength(1);
    const message = JSON.parse(received.Messages?.[0]?.Body ?? '');
    expect(reconcileRequestSchema.parse(message)).toEqual({
      kind: 'push',
      deliveryId: DELIVERY,
      sha: SHA_B,
      before: SHA_A,
      branch: 'main',
      changedFiles: ['desired-state/environments/staging.yaml'],
      committedAt: '2026-12-04T11:58:21+01:00',
      pusher: 'ada',
    });
    // and one delivery recorded in the state table
    const items = await dynamodb.send(new ScanCommand({ TableName: TABLE }));
    expect(items.Items?.map((i) => i.pk?.S)).toEqual([`delivery#${DELIVERY}`]);
  });
});
