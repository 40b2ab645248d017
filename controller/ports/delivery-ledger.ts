/**
 * Remembers webhook deliveries (`X-GitHub-Delivery`) for a while, so a repeated delivery does
 * nothing the second time.
 *
 * @example
 * if (!(await deliveries.claim(id, now))) return { status: 202, body: { ignored: 'duplicate' } };
 */
export interface DeliveryLedger {
  /** `true` when this is the first time `deliveryId` is seen; `false` for a repeat. */
  claim(deliveryId: string, now: Date): Promise<boolean>;
  /** Forgets a claimed delivery whose work could not be handed on, so GitHub may redeliver it. */
  forget(deliveryId: string): Promise<void>;
}
