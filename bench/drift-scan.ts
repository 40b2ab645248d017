/**
 * Drift-scan benchmark against the sandbox: API calls per scan, and scan wall time for 1 and for 50
 * environments with 50 ms of injected latency on every AWS call.
 *
 * Run: npx tsx bench/drift-scan.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import { runCli } from '../bin/cli.js';
import type { CliIo } from '../bin/io.js';
import type { DriftReport } from '../controller/model/report.js';
import { startSandbox } from '../sandbox/server.js';
import { buildEnvironment } from '../test/support/hand-built/build-environment.js';

const LATENCY_MS = 50;
const ENVIRONMENTS = 50;

process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';

async function drift(
  args: string[],
): Promise<{ code: number; reports: DriftReport[]; ms: number }> {
  let out = '';
  const io: CliIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: false,
    untilStopped: async () => {},
  };
  const started = performance.now();
  const code = await runCli(['drift', '--format', 'json', ...args], io);
  const ms = Math.round(performance.now() - started);
  const parsed = JSON.parse(out) as DriftReport | DriftReport[];
  return { code, reports: Array.isArray(parsed) ? parsed : [parsed], ms };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'plumbline-bench-'));
  mkdirSync(join(dir, 'environments'));
  const stats = async () =>
    (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { total: number };
  const post = (path: string, body: unknown) =>
    fetch(`${sandbox.url}/_sandbox/${path}`, { method: 'POST', body: JSON.stringify(body) });
  try {
    // One manifest per environment: copies of dev under other names.
    const dev = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
    const names = Array.from(
      { length: ENVIRONMENTS },
      (_, i) => `env${String(i + 1).padStart(2, '0')}`,
    );
    for (const name of names) {
      const file = join(dir, 'environments', `${name}.yaml`);
      writeFileSync(file, stringify({ ...dev, environment: { ...dev.environment, name } }));
      await buildEnvironment({ endpoint: sandbox.url, manifestPath: file });
    }

    const common = ['--dir', dir, '--endpoint', sandbox.url];
    await post('stats/reset', {});
    const one = await drift(['--env', 'env01', ...common]);
    const counted = (await stats()).total;

    await post('faults', { latencyMs: LATENCY_MS });
    const oneSlow = await drift(['--env', 'env01', ...common]);
    const all = await drift(['--all', ...common]);
    const allWide = await drift(['--all', '--concurrency', String(ENVIRONMENTS), ...common]);
    await post('faults', {});

    const rows = [
      [
        'calls per scan (report / sandbox counter)',
        `${one.reports[0]?.stats.apiCalls} / ${counted}`,
      ],
      ['1 environment, no injected latency', `${one.ms} ms`],
      [`1 environment, ${LATENCY_MS} ms per call`, `${oneSlow.ms} ms`],
      [`${ENVIRONMENTS} environments, ${LATENCY_MS} ms per call, concurrency 8`, `${all.ms} ms`],
      [
        `${ENVIRONMENTS} environments, ${LATENCY_MS} ms per call, concurrency ${ENVIRONMENTS}`,
        `${allWide.ms} ms`,
      ],
      ['peak RSS of this process', `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`],
    ];
    for (const [k, v] of rows) process.stdout.write(`${String(k).padEnd(58)} ${v}\n`);
    const inSync = [one, oneSlow, all, allWide].every((r) => r.code === 0);
    if (!inSync) throw new Error('a benchmark scan did not come back in sync');
    process.stdout.write(
      `BENCH ${JSON.stringify({
        name: 'drift-scan',
        callsPerScan: one.reports[0]?.stats.apiCalls,
        sandboxCalls: counted,
        scanMs: one.ms,
        latencyMs: LATENCY_MS,
        scanWithLatencyMs: oneSlow.ms,
        environments: ENVIRONMENTS,
        allWithLatencyMs: all.ms,
        allWithLatencyUnboundedMs: allWide.ms,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      })}\n`,
    );
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
