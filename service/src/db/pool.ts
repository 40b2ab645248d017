import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** The subset of {@link Config} the pool needs. */
export type PoolConfig = Config['database'];

/**
 * Creates the bounded connection pool the request handlers share.
 *
 * Every connection gets a server-side `statement_timeout`; a client-side `query_timeout` a little
 * longer covers a server that stops answering altogether. Idle-client errors (for example the
 * server restarting) are logged instead of crashing the process.
 */
export function createPool(config: PoolConfig, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    ...config.connection,
    max: config.poolMax,
    statement_timeout: config.statementTimeoutMs,
    query_timeout: config.statementTimeoutMs + 1_000,
    connectionTimeoutMillis: config.connectionTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: 'task-api',
  });
  pool.on('error', (error) => logger.warn('idle database client failed', { error }));
  return pool;
}
