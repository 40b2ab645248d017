import { verify } from '@octokit/webhooks-methods';
import type { WebhookVerifier } from '../../ports/webhook-verifier.js';

/**
 * {@link WebhookVerifier} over `@octokit/webhooks-methods`: the HMAC-SHA256 of the raw body with
 * the webhook's secret, compared in constant time with `X-Hub-Signature-256` (`sha256=<hex>`).
 *
 * The secret lives in a private field: it is not an own property, so `JSON.stringify`,
 * `util.inspect`, `String()` and structured logs of the object never show it.
 *
 * @example
 * const verifier = new WebhookSignatureVerifier(secret);
 * if (!(await verifier.verify(rawBody, headers['x-hub-signature-256']))) return unauthorized;
 */
export class WebhookSignatureVerifier implements WebhookVerifier {
  readonly #secret: string;

  /** @throws RangeError when the secret is empty: every delivery would be refused. */
  constructor(secret: string) {
    if (secret.length === 0) throw new RangeError('the webhook secret is empty');
    this.#secret = secret;
  }

  /** `false` for a wrong, malformed or empty signature or an empty body; never throws. */
  async verify(rawBody: string, signature: string): Promise<boolean> {
    // `verify` throws a TypeError for an empty body or signature: that is a mismatch too.
    if (rawBody.length === 0 || signature.length === 0) return false;
    try {
      return await verify(this.#secret, rawBody, signature);
    } catch {
      return false;
    }
  }

  toString(): string {
    return 'WebhookSignatureVerifier';
  }
}
