/**
 * Rollout benchmark: in-process synth time per environment, rollout time of `dev` on the sandbox
 * (create, no-op, update), and lease acquire/release latency against the sandbox's DynamoDB.
 *
 * Run: npx tsx bench/rollout.ts
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../bin/cli.js';
import type { CliIo } from '../bin/io.js';
import { createAwsClients } from '../controller/adapters/aws/clients.js';
import { DynamoDbLockStore } from '../controller/adapters/aws/dynamodb-lock-store.js';
import { WorkingTreeManifestSource } from '../controller/adapters/fs/working-tree-manifest-source.js';
import { startSandbox } from '../sandbox/server.js';
import { synthesizePlatform } from '../stacks/synth.js';

process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';

const SYNTH_RUNS = 5;
const LOCK_CYCLES = 200;

const silent: CliIo = {
  stdout: () => {},
  stderr: () => {},
  env: process.env,
  isTTY: false,
  untilStopped: async () => {},
};

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const result: Record<string, unknown> = { name: 'rollout' };

  // Synth: the first run pays for loading aws-cdk-lib; later runs are what a warm process pays.
  const manifests = new WorkingTreeManifestSource('desired-state');
  const synth: Record<string, { firstMs: number; warmMs: number; bytes: number }> = {};
  for (const env of ['dev', 'staging', 'prod']) {
    const { desired } = await manifests.load(env);
    const [first, firstMs] = await timed(() => synthesizePlatform(desired));
    const warm: number[] = [];
    for (let i = 0; i < SYNTH_RUNS; i++)
      warm.push((await timed(() => synthesizePlatform(desired)))[1]);
    synth[env] = {
      firstMs: round(firstMs),
      warmMs: round(warm.reduce((a, b) => a + b, 0) / warm.length),
      bytes: first.bytes,
    };
    rows.push([
      `synth ${env} (first / warm mean of ${SYNTH_RUNS}; template bytes)`,
      `${round(firstMs)} / ${synth[env].warmMs} ms; ${first.bytes} B`,
    ]);
  }
  result.synth = synth;

  const sandbox = await startSandbox({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'plumbline-bench-rollout-'));
  cpSync('desired-state', dir, { recursive: true });
  try {
    const rollout = async () => {
      const [code, ms] = await timed(() =>
        runCli(['rollout', '--env', 'dev', '--dir', dir, '--endpoint', sandbox.url], silent),
      );
      if (code !== 0) throw new Error(`rollout exited ${code}`);
      return round(ms);
    };
    const create = await rollout();
    const noop = await rollout();
    const file = join(dir, 'environments', 'dev.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /cpu: 256 # the smallest Fargate size.*\n {4}memory: 512/,
        'cpu: 512\n    memory: 1024',
      ),
    );
    const update = await rollout();
    rows.push([
      'rollout dev on the sandbox: create / no changes / cpu update',
      `${create} / ${noop} / ${update} ms`,
    ]);
    result.rolloutMs = { create, noChanges: noop, update };

    // Lease latency: one acquire and one release per cycle, through the SDK to the sandbox's DynamoDB.
    const aws = createAwsClients({ region: 'eu-west-1', endpoint: sandbox.url });
    const locks = new DynamoDbLockStore({ client: aws.dynamodb, tableName: 'plumbline-bench' });
    await locks.ensureTable();
    const acquire: number[] = [];
    const release: number[] = [];
    for (let i = 0; i < LOCK_CYCLES; i++) {
      const [lease, a] = await timed(() => locks.acquire('bench', `owner-${i}`, 60_000));
      const [, r] = await timed(() => locks.release(lease));
      acquire.push(a);
      release.push(r);
    }
    aws.destroy();
    acquire.sort((a, b) => a - b);
    release.sort((a, b) => a - b);
    const lock = {
      cycles: LOCK_CYCLES,
      acquireP50Ms: round(percentile(acquire, 50)),
      acquireP99Ms: round(percentile(acquire, 99)),
      releaseP50Ms: round(percentile(release, 50)),
      releaseP99Ms: round(percentile(release, 99)),
    };
    rows.push([
      `lease acquire p50 / p99 (${LOCK_CYCLES} cycles)`,
      `${lock.acquireP50Ms} / ${lock.acquireP99Ms} ms`,
    ]);
    rows.push([
      `lease release p50 / p99 (${LOCK_CYCLES} cycles)`,
      `${lock.releaseP50Ms} / ${lock.releaseP99Ms} ms`,
    ]);
    result.lock = lock;
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  rows.push(['peak RSS of this process', `${result.peakRssMb} MB`]);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(64)} ${v}\n`);
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
