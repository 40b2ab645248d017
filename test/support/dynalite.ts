import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The options of dynalite 4 used here (the package ships no types). */
interface DynaliteOptions {
  /** Milliseconds a table stays CREATING / DELETING / UPDATING. */
  readonly createTableMs?: number;
  readonly deleteTableMs?: number;
  readonly updateTableMs?: number;
}

/** dynalite's export: builds an HTTP server holding an in-memory DynamoDB. */
type CreateDynalite = (options: DynaliteOptions) => Server;

/** A running in-process dynalite. */
export interface Dynalite {
  /** `http://127.0.0.1:<port>`, for a `DynamoDBClient` `endpoint`. */
  readonly endpoint: string;
  /** Drops open connections and stops the server and its store. */
  close(): Promise<void>;
}

/**
 * Starts dynalite in this process on a free port, with in-memory storage and instant table
 * state changes. Clients should be destroyed before `close()`; open keep-alive connections are
 * dropped anyway so closing never waits on them.
 */
export async function startDynalite(): Promise<Dynalite> {
  // dynalite is CommonJS without declarations; this is its whole typed surface.
  const createDynalite = require('dynalite') as CreateDynalite;
  const server = createDynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
