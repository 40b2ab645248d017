import { inspect } from 'node:util';
import { WebhookSignatureVerifier } from '../../../../controller/adapters/github/webhook-signature.js';
import { signature } from '../../../fixtures/webhook-payloads.js';

const SECRET = 'whsec-Xq9vT2mLr8KpZ4aN';
const BODY = '{"zen":"Design for failure.","hook_id":479321}';

describe('WebhookSignatureVerifier', () => {
  const verifier = new WebhookSignatureVerifier(SECRET);

  it('accepts GitHub’s signature of the exact body', async () => {
    // Act
    const ok = await verifier.verify(BODY, signature(SECRET, BODY));
    // Assess
    expect(ok).toBe(true);
  });

  it('accepts the signature of a body with non-ASCII characters, hashed as UTF-8 bytes', async () => {
    // Prepare
    const body = '{"message":"Déploiement — ステージング ✓"}';
    // Act
    const ok = await verifier.verify(body, signature(SECRET, body));
    // Assess
    expect(ok).toBe(true);
  });

  it.each([
    ['another secret', signature('another-secret', BODY)],
    ['another body', signature(SECRET, `${BODY} `)],
    ['a truncated signature', signature(SECRET, BODY).slice(0, 40)],
    ['the sha1= form', `sha1=${signature(SECRET, BODY).slice(7, 47)}`],
    ['no algorithm prefix', signature(SECRET, BODY).slice(7)],
    ['upper-case hex', `sha256=${signature(SECRET, BODY).slice(7).toUpperCase()}`],
    ['an empty signature', ''],
    ['non-ASCII garbage', 'sha256=ü'.padEnd(71, '€')],
  ])('refuses %s without throwing', async (_, candidate) => {
    // Act
    const ok = await verifier.verify(BODY, candidate);
    // Assess
    expect(ok).toBe(false);
  });

  it('refuses an empty body without throwing', async () => {
    // Act
    const ok = await verifier.verify('', signature(SECRET, 'x'));
    // Assess
    expect(ok).toBe(false);
  });

  it('never shows the secret when printed, serialized or inspected', () => {
    // Act
    const shown = [
      String(verifier),
      `${verifier}`,
      JSON.stringify(verifier),
      JSON.stringify({ deps: { verifier } }),
      inspect(verifier, { showHidden: true, depth: Infinity }),
      Object.keys(verifier).join(','),
      Object.getOwnPropertyNames(verifier).join(','),
    ];
    // Assess
    for (const text of shown) expect(text).not.toContain(SECRET);
    expect(String(verifier)).toBe('WebhookSignatureVerifier');
  });

  it('refuses to be built with an empty secret', () => {
    // Act + Assess
    expect(() => new WebhookSignatureVerifier('')).toThrow('the webhook secret is empty');
  });
});
