import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { call } from './support/http.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';
import { type ServiceProcess, spawnService } from './support/service-process.js';

let cluster: PgCluster;
const running: ServiceProcess[] = [];
let databases = 0;

beforeAll(async () => {
  cluster = await startPgCluster();
}, PG_CLUSTER_TIMEOUT_MS);

afterEach(() => {
  for (const service of running.splice(0)) service.child.kill('SIGKILL');
});

afterAll(async () => {
  await cluster?.destroy();
});

async function databaseUrl(): Promise<string> {
  databases += 1;
  const name = `main_${databases}`;
  await cluster.createDatabase(name);
  return `postgres://postgres@${cluster.host}:${cluster.port}/${name}`;
}

function start(env: Record<string, string>, args: readonly string[] = []): ServiceProcess {
  const service = spawnService(env, args);
  running.push(service);
  return service;
}

async function listeningPort(service: ServiceProcess): Promise<number> {
  const line = await service.waitForLog((entry) => entry.message === 'listening');
  return Number(line.port);
}

/** Opens a transaction that holds an exclusive lock on `tasks` until `release()`. */
async function lockTasks(url: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
  return {
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Waits until one of the service's queries is blocked on a lock, i.e. a request is in flight. */
async function untilQueryBlocked(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'task-api' AND wait_event_type = 'Lock'",
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await sleep(25);
    }
    throw new Error('no service query became blocked');
  } finally {
    await client.end();
  }
}

function connectionOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('main', () => {
  it('exits 1 with a one-line message naming the invalid variable', async () => {
    // Act
    const service = start({ DATABASE_URL: cluster.url, PORT: 'eighty' });
    const { code } = await service.exited;

    // Assess
    expect(code).toBe(1);
    expect(service.stderr()).toBe(
      'Invalid configuration: PORT must be an integer between 0 and 65535\n',
    );
    expect(service.logs).toEqual([]);
  });

  it('applies migrations and exits 0 with the migrate command', async () => {
    // Prepare
    const url = await databaseUrl();

    // Act
    const service = start({ DATABASE_URL: url }, ['migrate']);
    const { code } = await service.exited;

    // Assess
    expect(code).toBe(0);
    expect(service.logs.map((line) => line.message)).toEqual([
      'migration applied',
      'migrations up to date',
    ]);
    expect(service.logs[1]).toMatchObject({ applied: ['001_create_tasks.sql'], alreadyApplied: 0 });
  });

  it('drains an in-flight request on SIGTERM, refuses new connections and exits 0', async () => {
    // Prepare
    const url = await databaseUrl();
    const service = start({ DATABASE_URL: url, PORT: '0' });
    const port = await listeningPort(service);
    const lock = await lockTasks(url);
    let settled = false;
    const inFlight = call(`http://127.0.0.1:${port}`, 'GET', '/tasks').finally(() => {
      settled = true;
    });
    await untilQueryBlocked(url);

    // Act
    service.child.kill('SIGTERM');
    await service.waitForLog((line) => line.message === 'shutdown started');
    const newConnection = await connectionOutcome(port);
    const stillInFlight = !settled;
    await lock.release();
    const reply = await inFlight;
    const { code, signal } = await service.exited;

    // Assess
    expect(newConnection).toBe('ECONNREFUSED');
    expect(stillInFlight).toBe(true);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ items: [], nextCursor: null });
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(service.logs.find((line) => line.message === 'shutdown finished')).toMatchObject({
      outcome: 'drained',
    });
  });

  it('cuts remaining connections and exits 1 when draining exceeds SHUTDOWN_TIMEOUT_MS', async () => {
    // Prepare
    const url = await databaseUrl();
    const service = start({ DATABASE_URL: url, PORT: '0', SHUTDOWN_TIMEOUT_MS: '300' });
    const port = await listeningPort(service);
    const lock = await lockTasks(url);
    const inFlight = call(`http://127.0.0.1:${port}`, 'GET', '/tasks').then(
      (reply) => reply.status,
      () => 'connection closed',
    );
    await untilQueryBlocked(url);

    try {
      // Act
      const signalledAt = Date.now();
      service.child.kill('SIGTERM');
      const { code } = await service.exited;
      const shutdownMs = Date.now() - signalledAt;

      // Assess
      expect(code).toBe(1);
      expect(await inFlight).toBe('connection closed');
      expect(shutdownMs).toBeLessThan(3_000);
      expect(service.logs.map((line) => line.message)).toContain(
        'shutdown timed out; closing remaining connections',
      );
    } finally {
      await lock.release();
    }
  });
});
