/**
 * Turns an AWS list of pairs (`[{ key, value }]`, `[{ Key, Value }]`, `[{ name, value }]`) into a
 * record. Entries without a key are dropped; a missing value reads as the empty string.
 */
export function pairsToRecord<T>(
  pairs: readonly T[] | undefined,
  key: (pair: T) => string | undefined,
  value: (pair: T) => string | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const k = key(pair);
    if (k !== undefined) record[k] = value(pair) ?? '';
  }
  return record;
}
