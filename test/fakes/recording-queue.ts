import type { ReconcileRequest } from '../../controller/model/reconcile-request.js';
import type { ReconcileQueue } from '../../controller/ports/reconcile-queue.js';

/** A ReconcileQueue that keeps what was sent, with each message's delay. */
export class RecordingQueue implements ReconcileQueue {
  readonly sent: { request: ReconcileRequest; delaySeconds: number }[] = [];

  async send(request: ReconcileRequest, options: { delaySeconds?: number } = {}): Promise<void> {
    this.sent.push({ request, delaySeconds: options.delaySeconds ?? 0 });
  }

  /** Removes and returns everything sent so far. */
  drain(): { request: ReconcileRequest; delaySeconds: number }[] {
    return this.sent.splice(0, this.sent.length);
  }
}
