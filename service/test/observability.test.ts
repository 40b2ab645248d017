import type { Task } from '../src/tasks/schema.js';
import { type RunningApp, startApp } from './support/app-server.js';
import { call } from './support/http.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';

let cluster: PgCluster;
let service: RunningApp;

beforeAll(async () => {
  cluster = await startPgCluster();
  service = await startApp({ connection: cluster.connection, poolMax: 3 });
}, PG_CLUSTER_TIMEOUT_MS);

afterAll(async () => {
  await service?.close();
  await cluster?.destroy();
});

/** The value of one sample line, e.g. `metric{a="b"} 3`, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('exposes request durations by route template and status, in-flight requests and pool gauges', async () => {
    // Prepare
    const created = await call<Task>(service.baseUrl, 'POST', '/tasks', { json: { title: 'm' } });
    await call(service.baseUrl, 'GET', `/tasks/${created.body.id}`);
    await call(service.baseUrl, 'GET', '/tasks/00000000-0000-4000-8000-000000000000');
    await call(service.baseUrl, 'GET', '/no/such/path/42');

    // Act
    const reply = await call<string>(service.baseUrl, 'GET', '/metrics');

    // Assess
    const text = reply.body;
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const histogram = 'http_request_duration_seconds';
    expect(sample(text, `${histogram}_count{method="POST",route="/tasks",status_code="201"}`)).toBe(
      1,
    );
    expect(
      sample(text, `${histogram}_count{method="GET",route="/tasks/:id",status_code="200"}`),
    ).toBe(1);
    expect(
      sample(
        text,
        `${histogram}_bucket{le="+Inf",method="GET",route="/tasks/:id",status_code="404"}`,
      ),
    ).toBe(1);
    expect(
      sample(text, `${histogram}_count{method="GET",route="unmatched",status_code="404"}`),
    ).toBe(1);
    expect(text).not.toContain('/no/such/path');
    // The scrape itself is the one request in flight.
    expect(sample(text, 'http_requests_in_flight')).toBe(1);
    expect(sample(text, 'db_pool_connections_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'db_pool_connections_total')).toBeLessThanOrEqual(3);
    expect(sample(text, 'db_pool_connections_idle')).toBe(
      sample(text, 'db_pool_connections_total'),
    );
    expect(sample(text, 'db_pool_requests_waiting')).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});

describe('request logging', () => {
  it('writes one JSON line per request with the caller request id, echoed in the response', async () => {
    // Prepare
    const requestId = 'trace-7f3a.01';

    // Act
    const reply = await call(service.baseUrl, 'GET', '/tasks?limit=2', {
      headers: { 'x-request-id': requestId },
    });

    // Assess
    expect(reply.headers.get('x-request-id')).toBe(requestId);
    const lines = service.logs.filter((line) => line.requestId === requestId);
    expect(lines).toEqual([
      {
        time: expect.any(String),
        level: 'info',
        message: 'request',
        requestId,
        method: 'GET',
        path: '/tasks',
        route: '/tasks',
        status: 200,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('generates a request id when the caller sends none or an unusable one', async () => {
    // Act
    const none = await call(service.baseUrl, 'GET', '/health');
    const unusable = await call(service.baseUrl, 'GET', '/health', {
      headers: { 'x-request-id': 'x'.repeat(201) },
    });

    // Assess
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = [none, unusable].map((reply) => reply.headers.get('x-request-id') ?? '');
    for (const id of ids) {
      expect(id).toMatch(uuid);
      expect(service.logs.filter((line) => line.requestId === id)).toHaveLength(1);
    }
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers 500 without internals and logs the error with the request id', async () => {
    // Prepare
    await service.pool.query('ALTER TABLE tasks RENAME TO tasks_elsewhere');

    try {
      // Act
      const reply = await call(service.baseUrl, 'GET', '/tasks', {
        headers: { 'x-request-id': 'broken-1' },
      });

      // Assess
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({ error: 'internal', requestId: 'broken-1' });
      const [line] = service.logs.filter((entry) => entry.requestId === 'broken-1');
      expect(line).toMatchObject({
        level: 'error',
        status: 500,
        error: { code: '42P01', message: 'relation "tasks" does not exist' },
      });
    } finally {
      await service.pool.query('ALTER TABLE tasks_elsewhere RENAME TO tasks');
    }
  });
});
