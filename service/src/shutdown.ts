import type { Server } from 'node:http';
import type { Logger } from './logger.js';

/** What {@link drainAndClose} needs to stop. */
export interface ShutdownTargets {
  readonly server: Server;
  /** Usually the pg pool; ended once no request can use it any more. */
  readonly pool: { end(): Promise<void> };
  readonly logger: Logger;
  /** Budget for the whole shutdown; keep it below the orchestrator's stop timeout. */
  readonly timeoutMs: number;
}

/** `drained` when every request finished in time, `forced` when connections had to be cut. */
export type ShutdownOutcome = 'drained' | 'forced';

// Once connections are cut, handlers still holding a pool client get this long to release it.
const FORCED_POOL_GRACE_MS = 1_000;
const IDLE_SWEEP_MS = 100;

/**
 * Stops accepting connections, lets in-flight requests finish, then ends the pool.
 *
 * Keep-alive sockets become idle as their last response completes; they are swept repeatedly so
 * the server closes as soon as the last request is done instead of after the keep-alive timeout.
 * Past `timeoutMs`, remaining connections are destroyed and the outcome is `forced`.
 */
export async function drainAndClose(targets: ShutdownTargets): Promise<ShutdownOutcome> {
  const { server, pool, logger, timeoutMs } = targets;
  const deadline = Date.now() + timeoutMs;
  // Close the listener first: once this line is logged, new connections are refused.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  logger.info('shutdown started', { timeoutMs });
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const drained = await settlesWithin(closed, timeoutMs);
  clearInterval(sweep);
  if (!drained) {
    logger.warn('shutdown timed out; closing remaining connections', { timeoutMs });
    server.closeAllConnections();
  }

  const poolBudget = drained ? Math.max(deadline - Date.now(), 0) : FORCED_POOL_GRACE_MS;
  const ended = pool.end().catch((error: unknown) => logger.warn('pool end failed', { error }));
  const poolEnded = await settlesWithin(ended, poolBudget);
  if (!poolEnded) logger.warn('database pool did not close in time');

  const outcome: ShutdownOutcome = drained && poolEnded ? 'drained' : 'forced';
  logger.info('shutdown finished', { outcome });
  return outcome;
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
