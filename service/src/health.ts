import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from './logger.js';
import type { Queryable } from './tasks/repository.js';

/** Outcome of one database probe. */
export type DatabaseHealth =
  | { readonly ok: true; readonly roundTripMs: number }
  | { readonly ok: false; readonly reason: 'timeout' | 'failed'; readonly error?: unknown };

/**
 * Runs `SELECT 1` and settles within `timeoutMs` whatever the database does: a server that
 * hangs (accepts connections but never answers) yields `timeout` rather than a stuck probe.
 */
export async function probeDatabase(db: Queryable, timeoutMs: number): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([db.query('SELECT 1'), timedOut]);
    if (outcome === 'timeout') return { ok: false, reason: 'timeout' };
    return { ok: true, roundTripMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { ok: false, reason: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health`: 200 `{ status: 'ok', database: { roundTripMs } }`, or 503
 * `{ status: 'unavailable', database: { error } }` when the probe fails or times out.
 */
export function healthHandler(db: Queryable, timeoutMs: number, logger: Logger): RequestHandler {
  return async (_req, res) => {
    const health = await probeDatabase(db, timeoutMs);
    res.setHeader('Cache-Control', 'no-store');
    if (health.ok) {
      res.json({ status: 'ok', database: { roundTripMs: health.roundTripMs } });
      return;
    }
    logger.warn('database health probe failed', { reason: health.reason, error: health.error });
    res.status(503).json({ status: 'unavailable', database: { error: health.reason } });
  };
}
