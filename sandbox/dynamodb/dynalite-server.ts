import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { lockDataDirectory } from './data-lock.js';

/** A dynalite server listening on a loopback port. */
export interface DynaliteServer {
  readonly port: number;
  /** Stops listening, closes the database and releases its directory. */
  close(): Promise<void>;
}

/**
 * Starts dynalite on `127.0.0.1` with an ephemeral port. Tables become ACTIVE, and disappear, at
 * once. With `path` the tables live in that LevelDB directory, claimed for this sandbox; without, in
 * memory.
 *
 * @throws DynamoDbDataInUseError when another sandbox has `path` open.
 */
export async function startDynalite(path?: string): Promise<DynaliteServer> {
  const unlock = path === undefined ? async () => {} : await lockDataDirectory(path);
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path === undefined ? {} : { path }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // dynalite answers `null` when it closed cleanly.
        server.close((error) => (error ? reject(error) : resolve()));
      }).finally(unlock),
  };
}
