import type pg from 'pg';
import type { Logger } from './logger.js';

/**
 * Counts the tasks past their due date that are not done. `today` is an ISO date (`2026-11-21`),
 * passed in so the sweep is deterministic.
 */
export async function countOverdue(pool: Pick<pg.Pool, 'query'>, today: string): Promise<number> {
  const result = await pool.query<{ count: string }>(
    "SELECT count(*) AS count FROM tasks WHERE due_date < $1::date AND status <> 'done'",
    [today],
  );
  return Number(result.rows[0]?.count ?? 0);
}

/** A running worker; `stop` lets the current sweep finish and resolves when no sweep runs. */
export interface Worker {
  stop(): Promise<void>;
}

/**
 * The background worker the manifests run next to the API (`node dist/main.js worker`): every
 * `intervalMs` it counts overdue tasks and logs the count, so alarms and dashboards can follow it
 * from the logs. A failed sweep is logged and retried at the next interval, never fatal.
 */
export function startWorker(deps: {
  readonly pool: Pick<pg.Pool, 'query'>;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly now?: () => Date;
}): Worker {
  const now = deps.now ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = countOverdue(deps.pool, now().toISOString().slice(0, 10)).then(
      (count) => deps.logger.info('overdue tasks', { count }),
      (error: unknown) => deps.logger.warn('overdue sweep failed', { error }),
    );
  };
  sweep();
  const timer = setInterval(sweep, deps.intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
