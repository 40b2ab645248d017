import { createHash } from 'node:crypto';
import type { SandboxState } from '../state.js';

/** Advances the state's monotonic counter and returns the new value. */
export function nextSeq(state: SandboxState): number {
  state.seq += 1;
  return state.seq;
}

/** A hex string derived from the next counter value and `salt`: unique within the state, repeatable across runs. */
export function nextHex(state: SandboxState, salt: string, length = 32): string {
  const seq = nextSeq(state);
  let hex = '';
  for (let block = 0; hex.length < length; block += 1) {
    hex += createHash('sha256').update(`${salt}:${seq}:${block}`).digest('hex');
  }
  return hex.slice(0, length);
}

/** A version-4-shaped UUID derived like {@link nextHex}. */
export function nextUuid(state: SandboxState, salt: string): string {
  const hex = nextHex(state, salt, 32);
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A string of `count` decimal digits derived like {@link nextHex}. */
export function nextDigits(state: SandboxState, salt: string, count: number): string {
  const value = BigInt(`0x${nextHex(state, salt, 32)}`) % 10n ** BigInt(count);
  return value.toString().padStart(count, '0');
}
