import type { ScanRun } from '../model/scan-run.js';

/**
 * Records scan runs, and remembers per environment when it was last seen in sync (the window in
 * which drift attribution looks for the change).
 *
 * @example
 * await runs.record(run);
 * const since = await runs.lastInSync('prod');
 */
export interface RunStore {
  record(run: ScanRun): Promise<void>;
  /** Remembers that the environment was scanned in sync at `at`. */
  markInSync(env: string, at: Date): Promise<void>;
  /** When the environment was last scanned in sync; `undefined` when never. */
  lastInSync(env: string): Promise<Date | undefined>;
}
