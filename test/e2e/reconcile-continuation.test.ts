import { type ChildProcess, spawn } from 'node:child_process';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from '../../bin/serve/lambda-context.js';
import { ensureReconcileQueue } from '../../bin/serve/reconcile-queue.js';
import { ensureLockTable } from '../../controller/adapters/aws/lock-table.js';
import type { ReconcileRequest } from '../../controller/model/reconcile-request.js';
import { reconcileHandler } from '../../lambdas/reconcile.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { stats } from './sandbox-admin.js';
import { PlatformRepo, REPOSITORY, statusReaches, TOKEN, waitFor } from './serve-harness.js';

const client = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};
let sandbox: Sandbox;
let repo: PlatformRepo;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let queueUrl: string;
let env: Record<string, string>;
let base: string;
const saved = { ...process.env };
const children: ChildProcess[] = [];

beforeAll(async () => {
  repo = new PlatformRepo();
  base = repo.commit('The platform').sha;
  // Slow enough that a stack operation is still under way when the invocation is stopped.
  sandbox = await startSandbox({
    port: 0,
    stepDelayMs: 40,
    repoDir: repo.dir,
    githubRepository: REPOSITORY,
    githubToken: TOKEN,
  });
  sqs = new SQSClient({ ...client, endpoint: sandbox.url });
  dynamodb = new DynamoDBClient({ ...client, endpoint: sandbox.url });
  await ensureLockTable(dynamodb, 'plumbline-state');
  queueUrl = await ensureReconcileQueue(sqs);
  env = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL: sandbox.url,
    RECONCILE_QUEUE_URL: queueUrl,
    GITHUB_API_URL: `${sandbox.url}/github`,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_TOKEN: TOKEN,
    REPORT_BUCKET: 'plumbline-reports-000000000000-eu-west-1',
    LEASE_TTL_SECONDS: '10',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  Object.assign(process.env, env);
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  sqs.destroy();
  dynamodb.destroy();
  await sandbox.close();
  repo.remove();
});

function record(request: ReconcileRequest, messageId = `m-${Math.random()}`): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: JSON.stringify(request),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:plumbline-reconcile',
    awsRegion: 'eu-west-1',
  };
}

/** A push of a dev.yaml change, handled: returns the commit and the queued advance of dev. */
async function pushDevChange(owner: string) {
  repo.edit('desired-state/environments/dev.yaml', (doc) => doc.setIn(['tags', 'owner'], owner));
  const change = repo.commit(`dev: ${owner} owns it`);
  const handler = reconcileHandler(env);
  const push: ReconcileRequest = {
    kind: 'push',
    deliveryId: `delivery-${owner}`,
    sha: change.sha,
    before: base,
    branch: 'main',
    changedFiles: ['desired-state/environments/dev.yaml'],
    committedAt: change.timestamp,
    pusher: 'ada',
  };
  await handler(
    { Records: [record(push)] },
    lambdaContext('plumbline-reconcile', () => 900_000),
  );
  const received = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  const advance = (received.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}'));
  expect(advance).toEqual([{ kind: 'advance', env: 'dev', sha: change.sha }]);
  base = change.sha;
  return { sha: change.sha, advance: advance[0] as ReconcileRequest };
}

async function item(pk: string) {
  const out = await dynamodb.send(
    new GetItemCommand({
      TableName: 'plumbline-state',
      Key: { pk: { S: pk } },
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

const executed = async () =>
  (await stats(sandbox.url)).byService.CloudFormation?.ExecuteChangeSet ?? 0;

describe('a rollout that outlives one invocation', () => {
  it('is finished by a later invocation with the same lease token after the first was killed mid-wait', async () => {
    // Prepare
    const { sha, advance } = await pushDevChange('payments');
    const executions = await executed();
    // Act 1: an invocation in its own process, killed while CloudFormation works (as a timeout would)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/e2e/support/invoke-reconcile.ts'],
      {
        env: {
          ...process.env,
          ...env,
          SQS_EVENT: JSON.stringify({ Records: [record(advance, 'first')] }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    const checkpoint = await waitFor(
      async () => {
        const found = await item('checkpoint#dev');
        return found?.body?.S && JSON.parse(found.body.S).phase === 'waiting' ? found : undefined;
      },
      { what: () => 'the rollout to wait for CloudFormation', timeoutMs: 120_000 },
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // Assess 1: its lease is live and not parked; the stack still in progress
    const token = Number(checkpoint.token?.N);
    const lease = await item('lock#dev');
    expect(lease?.token?.N).toBe(String(token));
    expect(lease?.parked?.BOOL ?? false).toBe(false);
    expect(await executed()).toBe(executions + 1);

    // Act 2: SQS delivers the message again once its visibility timeout is over (past the lease's TTL)
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const response = await reconcileHandler(env)(
      { Records: [record(advance, 'first')] } as SQSEvent,
      lambdaContext('plumbline-reconcile', () => 900_000) as Context,
    );
    // Assess 2: finished under the same token, the change set executed once in all
    expect(response).toEqual({ batchItemFailures: [] });
    const statuses = await statusReaches(`${sandbox.url}/github`, sha, 'dev', 'success');
    expect(statuses.map((s) => s.description)).toContain('rolling out (continued)');
    expect((await item('lock#dev'))?.token?.N).toBe(String(token));
    expect(await item('checkpoint#dev')).toBeUndefined();
    expect(await executed()).toBe(executions + 1);
  }, 180_000);

  it('parks when the invocation runs out of time, queues its continuation, and the continuation finishes it', async () => {
    // Prepare
    const { sha, advance } = await pushDevChange('checkout');
    const executions = await executed();
    // Act 1: an invocation with 60.2 s left: it may wait 0.2 s before parking
    const first = await reconcileHandler(env)(
      { Records: [record(advance)] },
      lambdaContext('plumbline-reconcile', () => 60_200),
    );
    // Assess 1: parked, its continuation on the queue with a delay
    expect(first).toEqual({ batchItemFailures: [] });
    const lease = await item('lock#dev');
    expect(lease?.parked?.BOOL).toBe(true);
    const token = lease?.token?.N;
    const attributes = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    expect(attributes.Messages ?? []).toEqual([]); // delayed, not yet visible
    // Act 2: the continuation (delivered after its delay)
    const second = await reconcileHandler(env)(
      { Records: [record(advance)] },
      lambdaContext('plumbline-reconcile', () => 900_000),
    );
    // Assess 2
    expect(second).toEqual({ batchItemFailures: [] });
    await statusReaches(`${sandbox.url}/github`, sha, 'dev', 'success');
    expect((await item('lock#dev'))?.token?.N).toBe(token);
    expect(await executed()).toBe(executions + 1);
  }, 180_000);
});
