import type { OpenAlert } from '../../controller/model/alert.js';
import type { AlertLedger, AlertLedgerEntry } from '../../controller/ports/alert-ledger.js';

/**
 * An in-memory {@link AlertLedger} with the DynamoDB adapter's semantics: one entry per
 * environment, `replace` succeeds only at the version read and then increments it.
 */
export class InMemoryAlertLedger implements AlertLedger {
  readonly entries = new Map<string, AlertLedgerEntry>();
  replaces = 0;

  async read(env: string): Promise<AlertLedgerEntry> {
    return this.entries.get(env) ?? { open: [], version: 0 };
  }

  async replace(env: string, version: number, open: readonly OpenAlert[]): Promise<boolean> {
    const current = this.entries.get(env)?.version ?? 0;
    if (current !== version) return false;
    this.replaces += 1;
    this.entries.set(env, { open: [...open], version: version + 1 });
    return true;
  }
}
