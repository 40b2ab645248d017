import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../../bin/serve/lambda-context.js';
import { ensureReconcileQueue } from '../../bin/serve/reconcile-queue.js';
import { handler } from '../../lambdas/reconcile.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { admin } from '../e2e/sandbox-admin.js';

const TOKEN = 'ghp_lambdaScanToken9876543210zyxwvuTSRQ';

/** What EventBridge's rate rule puts on the reconcile queue, as the SQS event source delivers it. */
const event: SQSEvent = {
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
      body: JSON.stringify({ kind: 'scan', source: 'schedule', time: '2026-12-04T10:00:00Z' }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1796378400000',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1796378400100',
      },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:plumbline-reconcile',
      awsRegion: 'eu-west-1',
    },
  ],
};

const context = lambdaContext('plumbline-reconcile', () => 900_000);

let sandbox: Sandbox;
const saved = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, githubToken: TOKEN });
  const sqs = new SQSClient({
    region: 'eu-west-1',
    endpoint: sandbox.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const queueUrl = await ensureReconcileQueue(sqs);
  sqs.destroy();
  Object.assign(process.env, {
    RECONCILE_QUEUE_URL: queueUrl,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL: sandbox.url,
    REPORT_BUCKET: 'plumbline-reports-000000000000-eu-west-1',
    GITHUB_REPOSITORY: 'local/plumbline',
    GITHUB_API_URL: `${sandbox.url}/github`,
    GITHUB_TOKEN: TOKEN,
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await sandbox.close();
});

describe('reconcile handler, scheduled scan', () => {
  it('scans every environment at main’s head and logs JSON with persistent keys, never the token', async () => {
    // Prepare: capture what the function would write to CloudWatch
    const lines: string[] = [];
    const spy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    const logSpy = jest.spyOn(console, 'info').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    let response: Awaited<ReturnType<typeof handler>>;
    try {
      // Act
      response = await handler(event, context);
    } finally {
      spy.mockRestore();
      logSpy.mockRestore();
    }
    // Assess: nothing is deployed in the sandbox, so every environment drifts (all missing)
    expect(response).toEqual({ batchItemFailures: [] });
    const json = lines
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = json.find((l) => l.kind === 'scan');
    expect(summary?.message).toMatch(
      /^scan scan-2026-12-04T10-00-00-000Z-[0-9a-f]{8} at [0-9a-f]{7}: dev drifted, staging drifted, prod drifted$/,
    );
    const scanned = json.filter((l) => l.message === 'scanned');
    expect(scanned.map((l) => l.environment).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const l of scanned) {
      expect(l).toMatchObject({ service: 'plumbline', scanId: expect.any(String), level: 'INFO' });
      expect(l.function_request_id).toBe(context.awsRequestId);
    }
    expect(lines.join('\n')).not.toContain(TOKEN);
    const statuses = (await admin(sandbox.url, 'stats')) as {
      byService: Record<string, Record<string, number>>;
    };
    expect(statuses.byService.GitHub?.CreateCommitStatus).toBe(3);
    expect(statuses.byService.SNS?.Publish).toBeGreaterThan(0);
  });
});
