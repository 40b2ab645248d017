import type { ReconcileRequest } from '../../model/reconcile-request.js';
import { advance } from './advance.js';
import { onApprove } from './on-approve.js';
import { onPush } from './on-push.js';
import type { ReconcileDeps, ReconcileResult } from './reconcile-deps.js';

/**
 * Handles one request from the queue: a push starts a promotion, an approval or an advance moves one
 * environment on, the schedule scans. Every handler is idempotent (delivery is at least once); an
 * error means the message is to be delivered again.
 *
 * @example
 * const { summary } = await reconcile(deps, reconcileRequestSchema.parse(JSON.parse(body)));
 */
export async function reconcile(
  deps: ReconcileDeps,
  request: ReconcileRequest,
): Promise<ReconcileResult> {
  switch (request.kind) {
    case 'push':
      return onPush(deps, request);
    case 'approve':
      return onApprove(deps, request);
    case 'advance':
      return advance(deps, request);
    case 'scan':
      return { summary: await deps.scan(request) };
  }
}
