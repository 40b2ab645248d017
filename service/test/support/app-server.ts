import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type pg from 'pg';
import { Registry } from 'prom-client';
import { createApp } from '../../src/app.js';
import type { DatabaseConnection } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { createPool, type PoolConfig } from '../../src/db/pool.js';
import { createJsonLogger, type Logger } from '../../src/logger.js';

/** The service's own migrations directory (resolved lazily: `__dirname` exists only under CommonJS). */
export function migrationsDir(): string {
  return path.resolve(__dirname, '..', '..', 'migrations');
}

/** An app listening on a loopback port, with its pool, registry and captured log lines. */
export interface RunningApp {
  readonly baseUrl: string;
  readonly pool: pg.Pool;
  readonly registry: Registry;
  /** Every log line written so far, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Settings for {@link startApp}; unspecified pool settings use small test-friendly values. */
export interface StartAppOptions extends Partial<Omit<PoolConfig, 'connection'>> {
  readonly connection: DatabaseConnection;
  /** @default true */
  readonly migrate?: boolean;
  /** @default - {@link migrationsDir}, which needs CommonJS; ESM callers pass it */
  readonly migrationsDir?: string;
  /** @default - a logger whose lines are parsed into {@link RunningApp.logs} */
  readonly logger?: Logger;
  /** @default 1500 */
  readonly healthTimeoutMs?: number;
}

/** Migrates the database, then serves the app in-process on a free port. */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  if (options.migrate ?? true) {
    const directory = options.migrationsDir ?? migrationsDir();
    await migrate({ connection: options.connection, directory });
  }
  const logs: Record<string, unknown>[] = [];
  const logger =
    options.logger ??
    createJsonLogger((line) => {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    });
  const pool = createPool(
    {
      connection: options.connection,
      poolMax: options.poolMax ?? 5,
      statementTimeoutMs: options.statementTimeoutMs ?? 5_000,
      connectionTimeoutMs: options.connectionTimeoutMs ?? 2_000,
    },
    logger,
  );
  const registry = new Registry();
  const app = createApp({
    pool,
    logger,
    registry,
    healthTimeoutMs: options.healthTimeoutMs ?? 1_500,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pool,
    registry,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
