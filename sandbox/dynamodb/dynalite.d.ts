/** The part of dynalite's (untyped) API the sandbox uses. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  /** Options of {@link dynalite}; times are how long tables stay in their transitional states. */
  interface DynaliteOptions {
    /** LevelDB directory; in memory when absent. */
    readonly path?: string;
    /** @default 500 */
    readonly createTableMs?: number;
    /** @default 500 */
    readonly deleteTableMs?: number;
    /** @default 500 */
    readonly updateTableMs?: number;
    /** @default 400 */
    readonly maxItemSizeKb?: number;
  }

  /** An HTTP server answering the DynamoDB API; its `close` also closes the database. */
  function dynalite(options?: DynaliteOptions): Server;

  export = dynalite;
}
