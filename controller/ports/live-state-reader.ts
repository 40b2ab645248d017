import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';

/**
 * Observes the live resources a manifest declares (and the undeclared ones attached to its load balancer).
 * Never throws for a missing or unreadable resource: those are `missing` and `unchecked` observations.
 * Throws only when nothing could be attempted at all (e.g. invalid configuration).
 *
 * @example
 * const live = await reader.read(desired);
 * if (live.database?.state === 'unchecked') console.warn(live.database.reason);
 */
export interface LiveStateReader {
  read(desired: DesiredState): Promise<LiveState>;
}
