import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type pg from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import { routeTemplate } from './http/route.js';

/** Pool counters exposed as gauges. */
export type PoolStats = Pick<pg.Pool, 'totalCount' | 'idleCount' | 'waitingCount'>;

/** The HTTP side of the service's metrics. */
export interface HttpMetrics {
  /** Times every request and tracks in-flight requests. */
  readonly middleware: RequestHandler;
  /** Serves the registry in the Prometheus text format. */
  readonly handler: RequestHandler;
}

/**
 * Registers the service's metrics on `registry`: request duration by method, route template and
 * status; requests in flight; pool total/idle/waiting; and prom-client's default process metrics.
 *
 * @example
 * const metrics = createMetrics(new Registry(), pool);
 * app.use(metrics.middleware);
 * app.get('/metrics', metrics.handler);
 */
export function createMetrics(registry: Registry, pool: PoolStats): HttpMetrics {
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests currently being served',
    registers: [registry],
  });
  poolGauge(
    registry,
    'db_pool_connections_total',
    'Connections open in the pool',
    () => pool.totalCount,
  );
  poolGauge(
    registry,
    'db_pool_connections_idle',
    'Idle connections in the pool',
    () => pool.idleCount,
  );
  poolGauge(
    registry,
    'db_pool_requests_waiting',
    'Queries waiting for a pool connection',
    () => pool.waitingCount,
  );

  return {
    middleware: (req, res, next) => {
      const started = performance.now();
      inFlight.inc();
      res.once('close', () => {
        inFlight.dec();
        duration.observe(
          { method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) },
          (performance.now() - started) / 1_000,
        );
      });
      next();
    },
    handler: async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}

function poolGauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
