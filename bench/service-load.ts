/**
 * Load benchmark for the task API: a throwaway PostgreSQL cluster, the service in-process on a
 * free port, then autocannon at fixed concurrency against `GET /tasks?limit=20` and `POST /tasks`.
 *
 * Run with `npx tsx bench/service-load.ts`. Prints a table and one `BENCH {...}` JSON line.
 * The load generator runs in a worker thread so it does not share the server's event loop.
 *
 * Environment: BENCH_CONNECTIONS (default 32), BENCH_DURATION_S (default 10), BENCH_POOL_MAX
 * (default 10), BENCH_SEED_ROWS (default 1000).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { silentLogger } from '../service/src/logger.js';
import { type RunningApp, startApp } from '../service/test/support/app-server.js';
import { type PgCluster, startPgCluster } from '../service/test/support/pg-cluster.js';

interface Scenario {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

interface ScenarioResult {
  readonly scenario: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

const settings = {
  connections: positiveInt('BENCH_CONNECTIONS', 32),
  durationSeconds: positiveInt('BENCH_DURATION_S', 10),
  poolMax: positiveInt('BENCH_POOL_MAX', 10),
  seedRows: positiveInt('BENCH_SEED_ROWS', 1_000),
};

const scenarios: readonly Scenario[] = [
  { name: 'GET /tasks?limit=20', method: 'GET', path: '/tasks?limit=20' },
  {
    name: 'POST /tasks',
    method: 'POST',
    path: '/tasks',
    body: JSON.stringify({ title: 'Benchmark task', status: 'doing', dueDate: '2030-01-31' }),
  },
];

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

async function load(baseUrl: string, scenario: Scenario, seconds: number): Promise<ScenarioResult> {
  const result = await autocannon({
    url: `${baseUrl}${scenario.path}`,
    method: scenario.method,
    connections: settings.connections,
    duration: seconds,
    workers: 1,
    headers: { 'content-type': 'application/json' },
    ...(scenario.body === undefined ? {} : { body: scenario.body }),
  });
  return {
    scenario: scenario.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function printTable(results: readonly ScenarioResult[]): void {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'];
  const rows = results.map((r) => [
    r.scenario,
    String(r.requestsPerSecond),
    String(r.p50Ms),
    String(r.p99Ms),
    String(r.requests),
    String(r.non2xx),
    String(r.errors),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  for (const row of [header, ...rows]) {
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  }
}

async function main(): Promise<number> {
  let cluster: PgCluster | undefined;
  let service: RunningApp | undefined;
  try {
    cluster = await startPgCluster();
    service = await startApp({
      connection: cluster.connection,
      migrationsDir: fileURLToPath(new URL('../service/migrations', import.meta.url)),
      logger: silentLogger,
      poolMax: settings.poolMax,
    });
    await service.pool.query(
      "INSERT INTO tasks (title, description) SELECT 'Seed ' || n, 'seeded' FROM generate_series(1, $1::int) AS n",
      [settings.seedRows],
    );
    console.log(
      `task-api load: ${settings.connections} connections, ${settings.durationSeconds} s per scenario, ` +
        `pool ${settings.poolMax}, ${settings.seedRows} seeded rows, node ${process.version}, ` +
        `${availableParallelism()} CPUs (server and load generator share them)`,
    );
    const first = scenarios[0];
    if (first !== undefined) await load(service.baseUrl, first, 1); // warm-up, discarded

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      results.push(await load(service.baseUrl, scenario, settings.durationSeconds));
    }
    printTable(results);
    console.log(
      `BENCH ${JSON.stringify({ name: 'service-load', ...settings, node: process.version, results })}`,
    );
    return results.every((r) => r.non2xx === 0 && r.errors === 0) ? 0 : 1;
  } finally {
    await service?.close();
    await cluster?.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
