import type { OpenAlert } from '../model/alert.js';

/** An environment's open alerts and the version they were read at. */
export interface AlertLedgerEntry {
  readonly open: readonly OpenAlert[];
  /** Increases with every write; `0` when nothing was ever written. */
  readonly version: number;
}

/**
 * Where open alerts live between scans. Writes are conditional on the version read, so of two scans
 * that decided the same trigger, only one may record it (and send it): the other's `replace`
 * answers `false`, and that scan reads again and decides again.
 *
 * @example
 * const entry = await ledger.read('prod');
 * if (await ledger.replace('prod', entry.version, next)) await publishAll(send);
 */
export interface AlertLedger {
  read(env: string): Promise<AlertLedgerEntry>;
  /** Writes `open` if the entry is still at `version`; `false` when another scan wrote first. */
  replace(env: string, version: number, open: readonly OpenAlert[]): Promise<boolean>;
}
