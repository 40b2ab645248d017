import express, { type Express } from 'express';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { healthHandler } from './health.js';
import { accessLog } from './http/access-log.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { requestId } from './http/request-id.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { TaskRepository } from './tasks/repository.js';
import { taskRoutes } from './tasks/routes.js';

/** Everything the HTTP application needs, built by the caller. */
export interface AppDeps {
  readonly pool: pg.Pool;
  readonly logger: Logger;
  /** Registry the service's metrics are registered on and `/metrics` serves. */
  readonly registry: Registry;
  /** Upper bound on `GET /health` when the database hangs. @default 1500 */
  readonly healthTimeoutMs?: number;
  /** Largest accepted JSON body. @default '16kb' */
  readonly bodyLimit?: string;
}

/**
 * Builds the Express application from injected dependencies; it opens no sockets and starts no
 * timers, so tests and benchmarks can create as many as they need.
 *
 * @example
 * const app = createApp({ pool, logger: createJsonLogger(), registry: new Registry() });
 * app.listen(8080);
 */
export function createApp(deps: AppDeps): Express {
  const metrics = createMetrics(deps.registry, deps.pool);
  const app = express();
  app.disable('x-powered-by');
  // ETags carry task versions; Express's automatic body hashes would blur that meaning.
  app.set('etag', false);

  app.use(requestId());
  app.use(accessLog(deps.logger));
  app.use(metrics.middleware);
  app.use(express.json({ limit: deps.bodyLimit ?? '16kb' }));

  app.get('/health', healthHandler(deps.pool, deps.healthTimeoutMs ?? 1_500, deps.logger));
  app.get('/metrics', metrics.handler);
  app.use(taskRoutes(new TaskRepository(deps.pool)));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
