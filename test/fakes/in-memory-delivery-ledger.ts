import { isDeliveryId } from '../../controller/model/delivery-id.js';
import { DeliveryLedgerError } from '../../controller/model/errors.js';
import type { DeliveryLedger } from '../../controller/ports/delivery-ledger.js';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * An in-memory {@link DeliveryLedger} with the semantics of `DynamoDbDeliveryLedger`, for flow tests.
 *
 * Spec (times in whole epoch seconds, `now` as the caller passes it):
 * - `claim(id, now)` answers `true` and remembers the id until `now + retainDays` when the id is
 *   unknown or its time has passed (`expiry < now`); otherwise `false`, changing nothing.
 * - `forget(id)` drops the id, known or not.
 * - Both throw a terminal `DeliveryLedgerError` for an id that is not 1 to 128 letters, digits
 *   and dashes. Every call is atomic and resolves asynchronously. `calls` lists them in order.
 */
export class InMemoryDeliveryLedger implements DeliveryLedger {
  readonly calls: string[] = [];
  private readonly expiries = new Map<string, number>();

  constructor(private readonly retainDays = 7) {}

  async claim(deliveryId: string, now: Date): Promise<boolean> {
    this.calls.push(`claim ${deliveryId}`);
    check('claim', deliveryId);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const expiry = this.expiries.get(deliveryId);
    if (expiry !== undefined && expiry >= nowSeconds) return false;
    this.expiries.set(deliveryId, nowSeconds + this.retainDays * DAY_SECONDS);
    return true;
  }

  async forget(deliveryId: string): Promise<void> {
    this.calls.push(`forget ${deliveryId}`);
    check('forget', deliveryId);
    this.expiries.delete(deliveryId);
  }
}

function check(operation: 'claim' | 'forget', deliveryId: string): void {
  if (!isDeliveryId(deliveryId)) {
    throw new DeliveryLedgerError(operation, deliveryId, 'not a delivery id', { terminal: true });
  }
}
