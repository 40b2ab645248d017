import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * Throwaway PostgreSQL clusters for tests and benchmarks: `initdb` into a temporary directory,
 * `pg_ctl start` on a free loopback port with the Unix socket inside that directory, and
 * `destroy()` to stop it and delete everything.
 *
 * Binaries are taken from PATH or `/usr/lib/postgresql/<version>/bin`; when neither has them and
 * the process runs as root, the Debian `postgresql` package is installed once. `initdb` refuses
 * to run as root, so as root every server command runs as the `postgres` system user (created if
 * missing) through `runuser`, or `su` where `runuser` is absent.
 */
export interface PgCluster {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Connection settings for the default `postgres` database. */
  readonly connection: ClusterConnection;
  /** `postgres://` URL for the default database. */
  readonly url: string;
  /** Stops the server (fast shutdown); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Creates an empty database and returns its connection settings. */
  createDatabase(name: string): Promise<ClusterConnection>;
  /** Stops the server if it runs and deletes the cluster directory. */
  destroy(): Promise<void>;
}

/** Where a cluster database listens; usable as `pg` client settings. */
export interface ClusterConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/** Generous hook timeout for {@link startPgCluster}: installing PostgreSQL can take minutes. */
export const PG_CLUSTER_TIMEOUT_MS = 300_000;

const SUPERUSER = 'postgres';
const HOST = '127.0.0.1';
const INSTALL_LOCK = path.join(tmpdir(), 'plumbline-postgresql-install.lock');

/**
 * Creates and starts a cluster.
 *
 * @example
 * let cluster: PgCluster;
 * beforeAll(async () => { cluster = await startPgCluster(); }, PG_CLUSTER_TIMEOUT_MS);
 * afterAll(() => cluster.destroy());
 */
export async function startPgCluster(): Promise<PgCluster> {
  const binDir = await postgresBinDir();
  const runAs = await serverUser();
  const root = await mkdtemp(path.join(tmpdir(), 'plumbline-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  const pgCtl = path.join(binDir, 'pg_ctl');
  try {
    if (runAs !== undefined) await chown(root, runAs.uid, runAs.gid);
    const initdb = ['-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C'];
    await run(path.join(binDir, 'initdb'), [...initdb, '--no-sync'], { runAs, cwd: root });
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  let running = false;
  const start = async () => {
    const options = [
      `-p ${port}`,
      `-k ${root}`,
      `-c listen_addresses=${HOST}`,
      // Durability is irrelevant for a throwaway cluster; skipping fsync makes it much faster.
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    ].join(' ');
    await run(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options, 'start'], {
      runAs,
      cwd: root,
      logFile,
    });
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate') => {
    await run(pgCtl, ['-D', dataDir, '-m', mode, '-w', 'stop'], { runAs, cwd: root, logFile });
    running = false;
  };

  // Another process may grab the free port before the server binds it: retry with a new one.
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt >= 3) {
        await rm(root, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const connection: ClusterConnection = { host: HOST, port, user: SUPERUSER, database: 'postgres' };
  return {
    host: HOST,
    port,
    user: SUPERUSER,
    connection,
    url: `postgres://${SUPERUSER}@${HOST}:${port}/postgres`,
    start,
    stop: () => stop('fast'),
    async createDatabase(name) {
      const client = new pg.Client(connection);
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return { ...connection, database: name };
    },
    async destroy() {
      try {
        if (running) await stop('immediate');
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

interface SystemUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

interface RunOptions {
  readonly runAs: SystemUser | undefined;
  readonly cwd: string;
  /** Server log appended to the error message when the command fails. */
  readonly logFile?: string;
}

async function run(command: string, args: readonly string[], options: RunOptions): Promise<void> {
  const [file, argv] = asUser(command, args, options.runAs);
  const result = await exec(file, argv, options.cwd);
  if (result.code === 0) return;
  const log =
    options.logFile === undefined ? '' : await readFile(options.logFile, 'utf8').catch(() => '');
  throw new Error(
    `${path.basename(command)} ${args.join(' ')} exited with ${result.code}:\n${result.output}${log ? `\nserver log:\n${log}` : ''}`,
  );
}

function asUser(
  command: string,
  args: readonly string[],
  user: SystemUser | undefined,
): [string, string[]] {
  if (user === undefined) return [command, [...args]];
  if (which('runuser') !== undefined) return ['runuser', ['-u', user.name, '--', command, ...args]];
  const quoted = [command, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  return ['su', ['-s', '/bin/sh', user.name, '-c', quoted]];
}

function exec(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function findBinDir(): string | undefined {
  const initdb = which('initdb');
  if (initdb !== undefined && which('pg_ctl') !== undefined) return path.dirname(initdb);
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions
    .map((version) => path.join(base, version, 'bin'))
    .find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
}

let installation: Promise<string> | undefined;

async function postgresBinDir(): Promise<string> {
  const found = findBinDir();
  if (found !== undefined) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under ' +
        '/usr/lib/postgresql/*/bin. Install them (Debian: apt-get install postgresql) and retry.',
    );
  }
  installation ??= installPostgres();
  return installation;
}

// Several test workers may get here at once: one installs, the others wait for the binaries.
async function installPostgres(): Promise<string> {
  const lock = await open(INSTALL_LOCK, 'wx').catch(() => undefined);
  if (lock === undefined) {
    for (let waited = 0; waited < PG_CLUSTER_TIMEOUT_MS; waited += 1_000) {
      await sleep(1_000);
      const dir = findBinDir();
      if (dir !== undefined) return dir;
      if (!existsSync(INSTALL_LOCK)) break;
    }
    throw new Error('Timed out waiting for another process to install PostgreSQL');
  }
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', 'postgresql'],
    ]) {
      const result = await exec('apt-get', args, tmpdir(), env);
      if (result.code !== 0) {
        throw new Error(`apt-get ${args.join(' ')} failed (${result.code}):\n${result.output}`);
      }
    }
  } finally {
    await lock.close();
    await rm(INSTALL_LOCK, { force: true });
  }
  const dir = findBinDir();
  if (dir === undefined) throw new Error('PostgreSQL was installed but initdb is still missing');
  return dir;
}

// initdb and postgres refuse to run as root.
async function serverUser(): Promise<SystemUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  let ids = await userIds(SUPERUSER);
  if (ids === undefined) {
    const created = await exec(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER],
      tmpdir(),
    );
    ids = await userIds(SUPERUSER);
    if (ids === undefined) {
      throw new Error(`Could not create the ${SUPERUSER} system user:\n${created.output}`);
    }
  }
  return { name: SUPERUSER, ...ids };
}

async function userIds(name: string): Promise<{ uid: number; gid: number } | undefined> {
  const [uid, gid] = await Promise.all([
    exec('id', ['-u', name], tmpdir()),
    exec('id', ['-g', name], tmpdir()),
  ]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port assigned');
  return address.port;
}
