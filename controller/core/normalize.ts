/**
 * Normalizers bring declared and live values to one canonical form before comparison.
 * They return new values and never modify their inputs.
 */

/** `traffic-port` stays as is; a numeric string becomes a number. */
export function normalizeHealthCheckPort(
  port: 'traffic-port' | number | string,
): 'traffic-port' | number {
  if (port === 'traffic-port') return port;
  const n = typeof port === 'number' ? port : Number(port);
  return Number.isInteger(n) ? n : 'traffic-port';
}

/** `200,202-204` becomes the sorted list `['200', '202-204']`, so order does not matter. */
export function normalizeMatcher(matcher: string): string[] {
  return matcher
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();
}

/** The subset of live tags the manifest declares; system tags such as `aws:*` are never compared. */
export function selectTags(
  live: Readonly<Record<string, string>>,
  keys: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = live[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
