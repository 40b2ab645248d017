import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type RunningApp, startApp } from './support/app-server.js';
import { call } from './support/http.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';

let cluster: PgCluster;
let locker: pg.Client;

beforeAll(async () => {
  cluster = await startPgCluster();
  locker = new pg.Client(cluster.connection);
  await locker.connect();
}, PG_CLUSTER_TIMEOUT_MS);

afterAll(async () => {
  await locker?.end();
  await cluster?.destroy();
});

/** Holds an exclusive lock on `tasks` so every query on it blocks until `release()`. */
async function lockTasks(): Promise<{ release(): Promise<void> }> {
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
  return { release: async () => void (await locker.query('COMMIT')) };
}

async function metricValue(service: RunningApp, name: string): Promise<number | undefined> {
  const text = (await call<string>(service.baseUrl, 'GET', '/metrics')).body;
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('database pool', () => {
  it('cancels a statement that outlives the statement timeout and answers 503', async () => {
    // Prepare
    const service = await startApp({ connection: cluster.connection, statementTimeoutMs: 300 });
    const lock = await lockTasks();

    try {
      // Act
      const started = Date.now();
      const reply = await call(service.baseUrl, 'GET', '/tasks');
      const elapsedMs = Date.now() - started;

      // Assess
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({ error: 'database_timeout' });
      expect(reply.headers.get('retry-after')).toBe('1');
      expect(elapsedMs).toBeGreaterThanOrEqual(250);
      expect(elapsedMs).toBeLessThan(3_000);
    } finally {
      await lock.release();
      await service.close();
    }
  });

  it('opens at most poolMax connections and queues the other queries', async () => {
    // Prepare
    const service = await startApp({ connection: cluster.connection, poolMax: 2 });
    const lock = await lockTasks();

    try {
      // Act
      const replies = Promise.all([1, 2, 3, 4].map(() => call(service.baseUrl, 'GET', '/tasks')));
      await until(async () => (await metricValue(service, 'db_pool_requests_waiting')) === 2);
      const total = await metricValue(service, 'db_pool_connections_total');
      const inFlight = await metricValue(service, 'http_requests_in_flight');
      await lock.release();
      const statuses = (await replies).map((reply) => reply.status);

      // Assess
      expect(total).toBe(2);
      expect(inFlight).toBe(5);
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(await metricValue(service, 'db_pool_requests_waiting')).toBe(0);
    } finally {
      await service.close();
    }
  });
});
