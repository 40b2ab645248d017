/**
 * Checks a webhook's `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the shared secret,
 * compared in constant time).
 *
 * @example
 * if (!(await verifier.verify(rawBody, request.headers['x-hub-signature-256']))) return unauthorized;
 */
export interface WebhookVerifier {
  /** `false` for a wrong or malformed signature; never throws for bad input. */
  verify(rawBody: string, signature: string): Promise<boolean>;
}
