/**
 * Scheduled-scan benchmark: a full scan of 50 environments with reports, alerts and commit statuses
 * at 50 ms of injected latency per call; the SNS, S3 and GitHub calls of a scan where nothing
 * changed since the last one; the scanning process's peak memory (the sandbox runs in another
 * process); and the peak memory of the bundled reconcile handler running one scheduled scan.
 *
 * Run: npx tsx bench/scan.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import { parse, stringify } from 'yaml';
import { ensureReconcileQueue } from '../bin/serve/reconcile-queue.js';
import { buildEnvironment } from '../test/support/hand-built/build-environment.js';
import { startSandboxProcess } from './sandbox-process.js';

const ENVIRONMENTS = 50;
const LATENCY_MS = 50;
const TOKEN = 'sandbox-token';

process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';

interface Stats {
  total: number;
  byService: Record<string, Record<string, number>>;
}

async function main(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'plumbline-scan-bench-data-'));
  const dir = mkdtempSync(join(tmpdir(), 'plumbline-scan-bench-'));
  mkdirSync(join(dir, 'environments'));
  const sandbox = ['sandbox', '--port', '0', '--data', data, '--github-token', TOKEN];
  const { url, child } = await startSandboxProcess(['bin/plumbline.js', ...sandbox]);
  // One retry: an idle keep-alive socket the sandbox closed between scans fails the first attempt.
  const admin = async (path: string, body?: unknown): Promise<unknown> => {
    const call = async () =>
      (
        await fetch(
          `${url}/_sandbox/${path}`,
          body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
        )
      ).json();
    return call().catch(call);
  };
  try {
    const dev = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
    const names = Array.from(
      { length: ENVIRONMENTS },
      (_, i) => `env${String(i + 1).padStart(2, '0')}`,
    );
    for (let i = 0; i < names.length; i += 8) {
      await Promise.all(
        names.slice(i, i + 8).map(async (name) => {
          const doc = { ...dev, environment: { ...dev.environment, name } };
          const file = join(dir, 'environments', `${name}.yaml`);
          writeFileSync(file, stringify(doc));
          await buildEnvironment({ endpoint: url, manifestPath: file });
        }),
      );
    }
    const env = {
      ...process.env,
      AWS_REGION: 'eu-west-1',
      GITHUB_API_URL: `${url}/github`,
      GITHUB_REPOSITORY: 'local/plumbline',
      GITHUB_TOKEN: TOKEN,
    };
    const scan = () => {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'bench/scan-worker.ts', url, dir],
        {
          encoding: 'utf8',
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
        ms: number;
        maxRssMb: number;
        statuses: Record<string, number>;
      };
    };

    // First scan: everything new (statuses written, reports stored), no latency.
    const first = scan();
    // Second scan, nothing changed: what does it still send?
    await admin('stats/reset', {});
    const unchanged = scan();
    const quiet = (await admin('stats')) as Stats;
    // Timed scan with latency on every AWS call.
    await admin('faults', { latencyMs: LATENCY_MS });
    await admin('stats/reset', {});
    const timed = scan();
    await admin('faults', {});

    // The handler as Lambda runs it: bundled, no TypeScript loader, one scheduled scan delivered
    // by the reconcile queue.
    const sqs = new SQSClient({
      region: 'eu-west-1',
      endpoint: url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const queueUrl = await ensureReconcileQueue(sqs);
    sqs.destroy();
    const scanEvent = {
      Records: [
        {
          messageId: 'bench',
          receiptHandle: 'bench',
          body: JSON.stringify({ kind: 'scan', source: 'schedule' }),
          attributes: {},
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:plumbline-reconcile',
          awsRegion: 'eu-west-1',
        },
      ],
    };
    mkdirSync('.tmp', { recursive: true });
    await build({
      entryPoints: ['lambdas/reconcile.ts'],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: '.tmp/reconcile.cjs',
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    const lambda = spawnSync(
      process.execPath,
      [
        '-e',
        `require('./.tmp/reconcile.cjs').handler(${JSON.stringify(scanEvent)}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 900000 })
          .then((r) => process.stdout.write(JSON.stringify({ ok: r.batchItemFailures.length === 0, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })),
                (e) => process.stdout.write(JSON.stringify({ ok: false, error: String(e) })));`,
      ],
      {
        encoding: 'utf8',
        env: {
          ...env,
          AWS_ENDPOINT_URL: url,
          RECONCILE_QUEUE_URL: queueUrl,
          REPORT_BUCKET: 'plumbline-reports-000000000000-eu-west-1',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const handlerRun = JSON.parse(lambda.stdout || '{}') as { maxRssMb?: number; ok?: boolean };

    const sns = quiet.byService.SNS?.Publish ?? 0;
    const s3 = Object.values(quiet.byService.S3 ?? {}).reduce((a, b) => a + b, 0);
    const github = quiet.byService.GitHub ?? {};
    const statusWrites = github.CreateCommitStatus ?? 0;
    const githubCalls = Object.values(github).reduce((a, b) => a + b, 0);
    const rows: [string, string][] = [
      [
        `first scan of ${ENVIRONMENTS} environments (reports, alerts, statuses)`,
        `${first.ms} ms ${JSON.stringify(first.statuses)}`,
      ],
      [
        `${ENVIRONMENTS} environments, ${LATENCY_MS} ms per AWS call`,
        `${timed.ms} ms ${JSON.stringify(timed.statuses)}`,
      ],
      ['unchanged scan: SNS messages / status writes', `${sns} / ${statusWrites}`],
      ['unchanged scan: S3 calls / GitHub calls', `${s3} / ${githubCalls}`],
      [
        'peak RSS of the scanning CLI process under tsx (sandbox elsewhere)',
        `${Math.max(first.maxRssMb, unchanged.maxRssMb, timed.maxRssMb)} MB`,
      ],
      [
        `peak RSS of the bundled reconcile handler, one scheduled scan${handlerRun.ok ? '' : ' (FAILED)'}`,
        `${handlerRun.maxRssMb ?? '?'} MB`,
      ],
    ];
    for (const [what, value] of rows) process.stdout.write(`${what.padEnd(72)} ${value}\n`);
    process.stdout.write(
      `BENCH ${JSON.stringify({
        name: 'scan',
        environments: ENVIRONMENTS,
        firstScanMs: first.ms,
        latencyMs: LATENCY_MS,
        scanWithLatencyMs: timed.ms,
        unchanged: { snsMessages: sns, statusWrites, s3Calls: s3, githubCalls },
        peakRssMb: Math.max(first.maxRssMb, unchanged.maxRssMb, timed.maxRssMb),
        handlerPeakRssMb: handlerRun.maxRssMb ?? null,
      })}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
}

await main();
