import type { Observation } from '../../model/live-state.js';

/** The resource exists and was read. */
export function present<T>(value: T): Observation<T> {
  return { state: 'present', value };
}

/** AWS says the resource does not exist. */
export const MISSING: Observation<never> = { state: 'missing' };

/** The resource could not be read; `reason` says why. */
export function unchecked(reason: string): Observation<never> {
  return { state: 'unchecked', reason };
}
