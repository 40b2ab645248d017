import type { Context, ScheduledEvent } from 'aws-lambda';
import { handler } from '../../lambdas/scheduled-scan.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { admin } from '../e2e/sandbox-admin.js';

const TOKEN = 'ghp_lambdaScanToken9876543210zyxwvuTSRQ';

const event: ScheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: '2026-12-04T10:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:000000000000:rule/plumbline-scan'],
  detail: {},
};

const context = {
  functionName: 'plumbline-scheduled-scan',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:plumbline-scheduled-scan',
  memoryLimitInMB: '512',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/plumbline-scheduled-scan',
  logStreamName: '2026/12/04/[$LATEST]abc',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

let sandbox: Sandbox;
const saved = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, githubToken: TOKEN });
  Object.assign(process.env, {
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

describe('scheduled-scan handler', () => {
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
    let summary: Awaited<ReturnType<typeof handler>>;
    try {
      // Act
      summary = await handler(event, context);
    } finally {
      spy.mockRestore();
      logSpy.mockRestore();
    }
    // Assess: nothing is deployed in the sandbox, so every environment drifts (all missing)
    expect(Object.keys(summary.environments).sort()).toEqual(['dev', 'prod', 'staging']);
    expect(Object.values(summary.environments)).toEqual(['drifted', 'drifted', 'drifted']);
    expect(summary.ref).toMatch(/^[0-9a-f]{40}$/);
    const json = lines
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
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
