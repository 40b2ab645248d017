import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { createJsonLogger, type Logger } from './logger.js';
import { drainAndClose } from './shutdown.js';
import { startWorker } from './worker.js';

// ALB keeps idle connections for 60 s; outliving it avoids 502s on reused sockets.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const USAGE = 'usage: main [serve|migrate|worker]';
const COMMANDS = ['serve', 'migrate', 'worker'];

async function main(args: readonly string[], logger: Logger): Promise<number> {
  const command = args[0] ?? 'serve';
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const result = await migrate({
    connection: {
      ...config.database.connection,
      connectionTimeoutMillis: config.database.connectionTimeoutMs,
    },
    directory: fileURLToPath(new URL('../migrations', import.meta.url)),
    logger,
  });
  logger.info('migrations up to date', {
    applied: result.applied,
    alreadyApplied: result.alreadyApplied,
  });
  if (command === 'migrate') return 0;
  return command === 'worker' ? work(config, logger) : serve(config, logger);
}

/** Runs the overdue-task worker until SIGTERM/SIGINT, then lets the current sweep finish. */
async function work(config: Config, logger: Logger): Promise<number> {
  const pool = createPool(config.database, logger);
  const worker = startWorker({ pool, logger, intervalMs: config.workerIntervalMs });
  logger.info('worker started', { intervalMs: config.workerIntervalMs });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  logger.info('signal received', { signal });
  await worker.stop();
  await pool.end();
  logger.info('worker stopped');
  return 0;
}

async function serve(config: Config, logger: Logger): Promise<number> {
  const pool = createPool(config.database, logger);
  const app = createApp({
    pool,
    logger,
    registry: new Registry(),
    healthTimeoutMs: config.healthTimeoutMs,
  });
  const server = createServer(app);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => resolve());
  });
  logger.info('listening', { port: (server.address() as AddressInfo).port });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn('shutdown already in progress', { signal });
        return;
      }
      stopping = true;
      logger.info('signal received', { signal });
      drainAndClose({ server, pool, logger, timeoutMs: config.shutdownTimeoutMs }).then(
        (outcome) => resolve(outcome === 'drained' ? 0 : 1),
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

const logger = createJsonLogger();
main(process.argv.slice(2), logger).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      logger.error('startup failed', { error });
    }
    process.exit(1);
  },
);
