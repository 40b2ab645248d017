import type { DesiredState } from '../model/manifest.js';
import type { ChangedBy } from '../model/report.js';

/**
 * Finds who last changed a resource: the newest write event recorded for it since `since`.
 * `undefined` when none is recorded; never a guess.
 *
 * @example
 * const who = await attribution.lastWrite('prod-api', lastInSyncAt);
 */
export interface AttributionReader {
  lastWrite(resourceName: string, since: Date): Promise<ChangedBy | undefined>;
}

/**
 * The reader of an environment's own trail (its account and region).
 *
 * @example
 * const who = await attributions.forEnvironment(desired).lastWrite('prod-api', since);
 */
export interface AttributionReaderFactory {
  forEnvironment(desired: DesiredState): AttributionReader;
}
