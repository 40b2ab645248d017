import pg from 'pg';
import { countOverdue } from '../src/worker.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';
import { spawnService } from './support/service-process.js';

let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPgCluster();
  await cluster.createDatabase('worker');
}, PG_CLUSTER_TIMEOUT_MS);

afterAll(async () => {
  await cluster?.destroy();
});

const url = () => `postgres://postgres@${cluster.host}:${cluster.port}/worker`;

describe('worker', () => {
  it('runs as `main worker`: migrates, logs the overdue count, stops on SIGTERM with exit 0', async () => {
    // Prepare
    const service = spawnService({ DATABASE_URL: url(), WORKER_INTERVAL_MS: '100' }, ['worker']);
    await service.waitForLog((line) => line.message === 'overdue tasks');
    const pool = new pg.Pool({ connectionString: url() });
    await pool.query(
      `INSERT INTO tasks (title, status, due_date) VALUES
         ('late', 'todo', DATE '2020-01-01'),
         ('late but done', 'done', DATE '2020-01-01'),
         ('later', 'doing', DATE '2999-01-01')`,
    );
    // Act
    const counted = await service.waitForLog(
      (line) => line.message === 'overdue tasks' && line.count === 1,
    );
    service.child.kill('SIGTERM');
    const { code } = await service.exited;
    // Assess
    expect(counted).toMatchObject({ count: 1 });
    expect(code).toBe(0);
    expect(service.logs.map((l) => l.message)).toContain('worker stopped');
    expect(await countOverdue(pool, '2020-01-02')).toBe(1);
    expect(await countOverdue(pool, '2020-01-01')).toBe(0);
    await pool.end();
  });
});
