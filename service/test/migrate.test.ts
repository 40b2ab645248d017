import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MigrationChecksumError, MigrationFailedError } from '../src/db/errors.js';
import { migrate } from '../src/db/migrate.js';
import { migrationsDir } from './support/app-server.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';

let cluster: PgCluster;
let databases = 0;
const scratchDirs: string[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
}, PG_CLUSTER_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  await cluster?.destroy();
});

async function freshDatabase(): Promise<pg.ClientConfig> {
  databases += 1;
  return cluster.createDatabase(`migrate_${databases}`);
}

async function migrationFiles(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'task-api-migrations-'));
  scratchDirs.push(dir);
  await Promise.all(
    Object.entries(files).map(([name, sql]) => writeFile(path.join(dir, name), sql)),
  );
  return dir;
}

async function query<T extends pg.QueryResultRow>(
  connection: pg.ClientConfig,
  sql: string,
): Promise<T[]> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  it('applies the service migrations to an empty database and records them', async () => {
    // Prepare
    const connection = await freshDatabase();

    // Act
    const result = await migrate({ connection, directory: migrationsDir() });

    // Assess
    expect(result).toEqual({ applied: ['001_create_tasks.sql'], alreadyApplied: 0 });
    const recorded = await query(connection, 'SELECT version, name FROM schema_migrations');
    expect(recorded).toEqual([{ version: '001', name: '001_create_tasks.sql' }]);
    const tasks = await query(connection, 'SELECT count(*)::int AS n FROM tasks');
    expect(tasks).toEqual([{ n: 0 }]);
  });

  it('applies nothing the second time and leaves existing data intact', async () => {
    // Prepare
    const connection = await freshDatabase();
    await migrate({ connection, directory: migrationsDir() });
    await query(connection, "INSERT INTO tasks (title) VALUES ('survivor')");

    // Act
    const second = await migrate({ connection, directory: migrationsDir() });

    // Assess
    expect(second).toEqual({ applied: [], alreadyApplied: 1 });
    expect(await query(connection, 'SELECT title FROM tasks')).toEqual([{ title: 'survivor' }]);
    expect(await query(connection, 'SELECT count(*)::int AS n FROM schema_migrations')).toEqual([
      { n: 1 },
    ]);
  });

  it('applies each file once when several instances migrate at the same time', async () => {
    // Prepare
    const connection = await freshDatabase();
    const directory = await migrationFiles({
      '001_slow.sql': 'SELECT pg_sleep(0.3); CREATE TABLE widgets (id int PRIMARY KEY);',
      '002_seed.sql': 'INSERT INTO widgets VALUES (1);',
    });

    // Act
    const results = await Promise.all([1, 2, 3].map(() => migrate({ connection, directory })));

    // Assess
    expect(results.flatMap((result) => result.applied).sort()).toEqual([
      '001_slow.sql',
      '002_seed.sql',
    ]);
    expect(await query(connection, 'SELECT id FROM widgets')).toEqual([{ id: 1 }]);
  });

  it('applies files in numeric order, not name order', async () => {
    // Prepare
    const connection = await freshDatabase();
    const directory = await migrationFiles({
      '1_create.sql': 'CREATE TABLE steps (n int);',
      '2_first.sql': 'INSERT INTO steps VALUES (2);',
      '10_second.sql': 'INSERT INTO steps VALUES (10);',
    });

    // Act
    const result = await migrate({ connection, directory });

    // Assess
    expect(result.applied).toEqual(['1_create.sql', '2_first.sql', '10_second.sql']);
  });

  it('rolls back a failing migration, keeps the earlier ones and names the file', async () => {
    // Prepare
    const connection = await freshDatabase();
    const directory = await migrationFiles({
      '001_good.sql': 'CREATE TABLE kept (id int);',
      '002_bad.sql': 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;',
    });

    // Act
    const outcome = migrate({ connection, directory });

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(outcome).rejects.toMatchObject({
      file: '002_bad.sql',
      cause: expect.objectContaining({ code: '42P01' }),
    });
    const tables = await query<{ name: string }>(
      connection,
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    expect(tables.map((table) => table.name)).toEqual(['kept', 'schema_migrations']);
    expect(await query(connection, 'SELECT version FROM schema_migrations')).toEqual([
      { version: '001' },
    ]);
  });

  it('refuses to run when an applied migration has been edited', async () => {
    // Prepare
    const connection = await freshDatabase();
    const directory = await migrationFiles({ '001_table.sql': 'CREATE TABLE t (id int);' });
    await migrate({ connection, directory });
    await writeFile(path.join(directory, '001_table.sql'), 'CREATE TABLE t (id bigint);');

    // Act
    const outcome = migrate({ connection, directory });

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(outcome).rejects.toMatchObject({ file: '001_table.sql' });
  });
});
