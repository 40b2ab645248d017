/**
 * Identifiers derived from a seed (an account and region, or a resource id), for values AWS keeps
 * stable per account or per resource, such as the RDS endpoint's account part. Ids of new resources
 * come from the state counter (`./ids.js`).
 */
import { createHash } from 'node:crypto';

/** `length` lowercase hexadecimal characters derived from `seed` (same seed, same characters). */
export function stableHex(seed: string, length: number): string {
  let hex = '';
  for (let round = 0; hex.length < length; round++) {
    hex += createHash('sha256').update(`${seed}#${round}`).digest('hex');
  }
  return hex.slice(0, length);
}

/** `length` characters from `alphabet` derived from `seed`. */
export function stableChars(seed: string, length: number, alphabet: string): string {
  const hex = stableHex(seed, length * 2);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet.charAt(Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length);
  }
  return out;
}

/** A version-4-shaped UUID derived from `seed`. */
export function stableUuid(seed: string): string {
  const h = stableHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
