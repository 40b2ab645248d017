import type { ReconcileRequest } from '../model/reconcile-request.js';

/**
 * The queue between the producers (webhook, schedule, `plumbline approve`) and the reconciler.
 * Delivery is at least once; consumers are idempotent.
 *
 * @example
 * await queue.send({ kind: 'advance', env: 'staging', sha }, { delaySeconds: 60 });
 */
export interface ReconcileQueue {
  /** @param options.delaySeconds 0..900 (SQS's limit), @default 0 */
  send(request: ReconcileRequest, options?: { readonly delaySeconds?: number }): Promise<void>;
}
