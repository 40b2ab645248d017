import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { type Logger, silentLogger } from '../logger.js';
import { MigrationChecksumError, MigrationFailedError, MigrationFileError } from './errors.js';

/** One ordered SQL file from the migrations directory. */
export interface MigrationFile {
  /** Numeric prefix, e.g. `001`; files apply in ascending numeric order. */
  readonly version: string;
  /** File name, e.g. `001_create_tasks.sql`. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 of the file, recorded so later edits are detected. */
  readonly checksum: string;
}

/** Options for {@link migrate}. */
export interface MigrateOptions {
  /** Connection settings; the runner opens and closes its own dedicated connection. */
  readonly connection: pg.ClientConfig;
  /** Directory holding `NNN_name.sql` files. */
  readonly directory: string;
  /** @default - logs nothing */
  readonly logger?: Logger;
  /** How long to wait for another instance holding the migration lock. @default 60000 */
  readonly lockTimeoutMs?: number;
}

/** What a run of {@link migrate} did. */
export interface MigrationResult {
  /** File names applied by this run, in order. */
  readonly applied: readonly string[];
  /** Number of files that were already recorded. */
  readonly alreadyApplied: number;
}

// Session-level advisory lock key shared by every instance of this service ('task' in ASCII).
const LOCK_KEY = '1952539499';
const FILE_PATTERN = /^(\d+)_[A-Za-z0-9_-]+\.sql$/;

/**
 * Applies pending migrations, each in its own transaction, recording them in `schema_migrations`.
 *
 * A session advisory lock serialises concurrent runs, so two instances starting together apply
 * each file once; the second waits, then finds nothing to do. Running it again is a no-op.
 *
 * @throws {MigrationFailedError} when a file fails (its transaction is rolled back).
 * @throws {MigrationChecksumError} when an applied file has been edited since.
 * @example
 * await migrate({ connection: { connectionString }, directory: 'migrations', logger });
 */
export async function migrate(options: MigrateOptions): Promise<MigrationResult> {
  const logger = options.logger ?? silentLogger;
  const files = await readMigrations(options.directory);
  const client = new pg.Client(options.connection);
  client.on('error', (error) => logger.warn('migration connection failed', { error }));
  await client.connect();
  try {
    await client.query('SELECT set_config($1, $2, false)', [
      'statement_timeout',
      String(options.lockTimeoutMs ?? 60_000),
    ]);
    // Released when the session ends below, even if a migration fails or the connection drops.
    await client.query('SELECT pg_advisory_lock($1::bigint)', [LOCK_KEY]);
    // Migrations may legitimately run long (index builds); only the lock wait is bounded.
    await client.query('SET statement_timeout = 0');
    return await applyPending(client, files, logger);
  } finally {
    await client.end();
  }
}

/** Reads and orders the migration files in `directory`; other file types are ignored. */
export async function readMigrations(directory: string): Promise<MigrationFile[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql'));
  const files = await Promise.all(
    names.map(async (name): Promise<MigrationFile> => {
      const version = FILE_PATTERN.exec(name)?.[1];
      if (version === undefined) {
        throw new MigrationFileError(name, 'does not match NNN_name.sql');
      }
      const sql = await readFile(path.join(directory, name), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      return { version, name, sql, checksum };
    }),
  );
  files.sort((a, b) => Number(a.version) - Number(b.version));
  files.forEach((file, index) => {
    if (index > 0 && Number(files[index - 1]?.version) === Number(file.version)) {
      throw new MigrationFileError(file.name, `repeats version ${file.version}`);
    }
  });
  return files;
}

async function applyPending(
  client: pg.Client,
  files: readonly MigrationFile[],
  logger: Logger,
): Promise<MigrationResult> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const recorded = await client.query<{ version: string; checksum: string }>(
    'SELECT version, checksum FROM schema_migrations',
  );
  const checksums = new Map(recorded.rows.map((row) => [row.version, row.checksum]));
  const applied: string[] = [];
  for (const file of files) {
    const checksum = checksums.get(file.version);
    if (checksum !== undefined) {
      if (checksum !== file.checksum) throw new MigrationChecksumError(file.name);
      continue;
    }
    await applyOne(client, file);
    logger.info('migration applied', { migration: file.name });
    applied.push(file.name);
  }
  return { applied, alreadyApplied: files.length - applied.length };
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    // No parameters: the simple query protocol runs every statement in the file.
    await client.query(file.sql);
    await client.query(
      'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
      [file.version, file.name, file.checksum],
    );
    await client.query('COMMIT');
  } catch (error) {
    // A failed rollback (connection gone) must not hide the migration's own error.
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationFailedError(file.name, { cause: error });
  }
}
