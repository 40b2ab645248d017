/**
 * What a webhook delivery id (`X-GitHub-Delivery`) may look like: GitHub sends a GUID; anything of
 * 1 to 128 letters, digits and dashes is accepted, so an id is safe in a key and in a log line.
 */
export const DELIVERY_ID_PATTERN = /^[A-Za-z0-9-]{1,128}$/;

/** Whether `value` can be a webhook delivery id ({@link DELIVERY_ID_PATTERN}). */
export function isDeliveryId(value: string): boolean {
  return DELIVERY_ID_PATTERN.test(value);
}
