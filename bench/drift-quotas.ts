/**
 * Fleet-scan benchmark against AWS's request quotas: 100 environments of 10 services each, in one
 * account and region, scanned with `plumbline drift --all` while the sandbox throttles like AWS
 * (`quotas: 'aws'`). Reports whether any scan ended in `error`, how many calls were throttled, and
 * the wall time next to the floor the buckets allow: for each bucket, the calls drawn from it beyond
 * its burst divided by its refill rate; the slowest bucket sets the floor.
 *
 * The sandbox runs in this process. The environments are built with plain SDK calls (the
 * hand-built path) while quotas are off, a few at a time; quotas are switched on (every bucket full)
 * just before the scan, which goes through the real CLI flow and SDK clients.
 *
 * Run: npx tsx bench/drift-quotas.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import { runCli } from '../bin/cli.js';
import type { CliIo } from '../bin/io.js';
import type { DriftReport } from '../controller/model/report.js';
import { AWS_BUCKETS, bucketsOf } from '../sandbox/quotas/aws-buckets.js';
import { startSandbox } from '../sandbox/server.js';
import type { Stats } from '../sandbox/stats.js';
import { buildEnvironment } from '../test/support/hand-built/build-environment.js';

const ENVIRONMENTS = 100;
const SERVICES = 10;
const BUILD_CONCURRENCY = 8;
/** The goals: wall time within this factor of the floor, and fewer than this share of calls throttled. */
const FLOOR_FACTOR_GOAL = 1.25;
const THROTTLED_SHARE_GOAL = 0.01;

process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';

/** One bucket's share of the floor. */
interface BucketFloor {
  readonly bucket: string;
  readonly calls: number;
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly floorMs: number;
}

/**
 * The floor per bucket: the admitted calls of the scan (throttled attempts excluded), grouped by
 * the buckets their operations draw from, beyond the burst, at the refill rate.
 */
function floors(stats: Stats): BucketFloor[] {
  const calls = new Map<string, number>();
  for (const [service, operations] of Object.entries(stats.byService)) {
    for (const [operation, count] of Object.entries(operations)) {
      const admitted = count - (stats.quota.byService[service]?.[operation] ?? 0);
      for (const bucket of bucketsOf(service, operation)) {
        const key = `${service} ${bucket.name}`;
        calls.set(key, (calls.get(key) ?? 0) + admitted);
      }
    }
  }
  const result: BucketFloor[] = [];
  for (const [service, buckets] of Object.entries(AWS_BUCKETS)) {
    for (const bucket of buckets) {
      const n = calls.get(`${service} ${bucket.name}`) ?? 0;
      if (n === 0) continue;
      result.push({
        bucket: `${service} ${bucket.name}`,
        calls: n,
        capacity: bucket.capacity,
        refillPerSecond: bucket.refillPerSecond,
        floorMs: Math.max(0, ((n - bucket.capacity) / bucket.refillPerSecond) * 1000),
      });
    }
  }
  return result.sort((a, b) => b.floorMs - a.floorMs);
}

/** A copy of dev named `name` with {@link SERVICES} services, each with its own task definition. */
function manifest(name: string): string {
  const doc = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
  doc.environment.name = name;
  const worker = doc.services.find((s: { name: string }) => s.name === 'worker');
  for (let i = 1; i <= SERVICES - 2; i++) doc.services.push({ ...worker, name: `worker-${i}` });
  return stringify(doc);
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: size }, worker));
}

async function driftAll(dir: string, endpoint: string) {
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
  const code = await runCli(
    ['drift', '--all', '--format', 'json', '--dir', dir, '--endpoint', endpoint],
    io,
  );
  const ms = Math.round(performance.now() - started);
  return { code, ms, reports: JSON.parse(out) as DriftReport[] };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'plumbline-bench-quotas-'));
  mkdirSync(join(dir, 'environments'));
  try {
    const names = Array.from(
      { length: ENVIRONMENTS },
      (_, i) => `fleet${String(i + 1).padStart(3, '0')}`,
    );
    const buildStarted = performance.now();
    await inBatches(names, BUILD_CONCURRENCY, async (name) => {
      const file = join(dir, 'environments', `${name}.yaml`);
      writeFileSync(file, manifest(name));
      await buildEnvironment({ endpoint: sandbox.url, manifestPath: file });
    });
    const buildMs = Math.round(performance.now() - buildStarted);

    sandbox.setQuotas('aws');
    await fetch(`${sandbox.url}/_sandbox/stats/reset`, { method: 'POST' });
    const scan = await driftAll(dir, sandbox.url);
    const stats = sandbox.stats();

    const errors = scan.reports.filter((r) => r.status === 'error').length;
    const inSync = scan.reports.filter((r) => r.status === 'in-sync').length;
    const calls = stats.total;
    const throttled = stats.quota.throttled;
    const perBucket = floors(stats);
    const floorMs = Math.round(perBucket[0]?.floorMs ?? 0);
    const ratio = floorMs === 0 ? Number.NaN : scan.ms / floorMs;
    const throttledShare = calls === 0 ? 0 : throttled / calls;
    const goalsMet =
      errors === 0 && ratio <= FLOOR_FACTOR_GOAL && throttledShare < THROTTLED_SHARE_GOAL;

    const rows: [string, string][] = [
      [`environments x services (one account, one region)`, `${ENVIRONMENTS} x ${SERVICES}`],
      ['build, quotas off (hand-built SDK calls)', `${buildMs} ms`],
      [
        'scans in sync / drifted / error',
        `${inSync} / ${ENVIRONMENTS - inSync - errors} / ${errors}`,
      ],
      ['calls the sandbox served (attempts)', String(calls)],
      ['calls throttled', `${throttled} (${(throttledShare * 100).toFixed(2)} %)`],
      ...Object.entries(stats.quota.byService).flatMap(([service, operations]) =>
        Object.entries(operations).map(([operation, n]): [string, string] => [
          `  throttled ${service}.${operation}`,
          String(n),
        ]),
      ),
      ['scan wall time', `${scan.ms} ms`],
      [`floor the buckets allow (${perBucket[0]?.bucket ?? '-'})`, `${floorMs} ms`],
      ['wall time / floor', ratio.toFixed(3)],
      ...perBucket.map((b): [string, string] => [
        `  ${b.bucket}: ${b.calls} calls, burst ${b.capacity}, ${b.refillPerSecond}/s`,
        `${Math.round(b.floorMs)} ms`,
      ]),
      [
        `goals: no error, <= ${FLOOR_FACTOR_GOAL}x floor, < ${THROTTLED_SHARE_GOAL * 100} % throttled`,
        goalsMet ? 'met' : 'NOT met',
      ],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(72)} ${v}\n`);
    process.stdout.write(
      `BENCH ${JSON.stringify({
        name: 'drift-quotas',
        sandbox: 'in-process',
        environments: ENVIRONMENTS,
        servicesPerEnvironment: SERVICES,
        buildMs,
        errors,
        calls,
        throttled,
        throttledByService: stats.quota.byService,
        throttledShare,
        scanMs: scan.ms,
        floorMs,
        floorBucket: perBucket[0]?.bucket,
        wallOverFloor: ratio,
        goalsMet,
      })}\n`,
    );
    if (errors > 0) throw new Error(`${errors} scans ended in error`);
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
