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

/** A reader bound to one environment's account and region, with the count of API calls it made. */
export interface EnvironmentReader {
  readonly reader: LiveStateReader;
  readonly calls: import('./api-call-counter.js').ApiCallCounter;
  /** Releases the reader's connections. */
  close(): void;
}

/**
 * Opens a reader for an environment: clients for its region, acting as the role its manifest declares.
 *
 * @example
 * const { reader, calls, close } = readers.open(desired);
 * try { await reader.read(desired); console.log(calls.count()); } finally { close(); }
 */
export interface LiveStateReaderFactory {
  open(desired: DesiredState): EnvironmentReader;
}
