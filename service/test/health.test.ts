import { createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type RunningApp, startApp } from './support/app-server.js';
import { call } from './support/http.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';

let cluster: PgCluster;
let service: RunningApp;

beforeAll(async () => {
  cluster = await startPgCluster();
  service = await startApp({ connection: cluster.connection, healthTimeoutMs: 1_000 });
}, PG_CLUSTER_TIMEOUT_MS);

afterAll(async () => {
  await service?.close();
  await cluster?.destroy();
});

describe('GET /health', () => {
  it('returns 200 with the database round trip', async () => {
    // Act
    const reply = await call<{ status: string; database: { roundTripMs: number } }>(
      service.baseUrl,
      'GET',
      '/health',
    );

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', database: { roundTripMs: expect.any(Number) } });
    expect(reply.body.database.roundTripMs).toBeGreaterThan(0);
  });

  it('returns 503 while PostgreSQL is stopped and 200 once it is started again', async () => {
    // Prepare
    expect((await call(service.baseUrl, 'GET', '/health')).status).toBe(200);

    // Act
    await cluster.stop();
    const down = await call(service.baseUrl, 'GET', '/health');
    const tasksWhileDown = await call(service.baseUrl, 'GET', '/tasks');
    await cluster.start();
    const up = await call(service.baseUrl, 'GET', '/health');

    // Assess
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable', database: { error: 'failed' } });
    expect(tasksWhileDown.status).toBe(503);
    expect(tasksWhileDown.body).toMatchObject({ error: 'database_unavailable' });
    expect(up.status).toBe(200);
  });

  it('answers 503 within its timeout when the database accepts connections but never answers', async () => {
    // Prepare: a peer that accepts TCP connections and stays silent, like a hung server.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const hung = await startApp({
      connection: { host: '127.0.0.1', port: address.port, user: 'postgres' },
      migrate: false,
      healthTimeoutMs: 300,
      connectionTimeoutMs: 10_000,
    });

    try {
      // Act
      const started = performance.now();
      const reply = await call(hung.baseUrl, 'GET', '/health');
      const elapsedMs = performance.now() - started;

      // Assess
      expect(reply.status).toBe(503);
      expect(reply.body).toEqual({ status: 'unavailable', database: { error: 'timeout' } });
      expect(elapsedMs).toBeGreaterThanOrEqual(290);
      expect(elapsedMs).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await hung.close();
    }
  });
});
