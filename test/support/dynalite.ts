import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** A running dynalite in a child process. */
export interface Dynalite {
  /** `http://127.0.0.1:<port>`, for a `DynamoDBClient` `endpoint`. */
  readonly endpoint: string;
  /** Stops the child process and its in-memory store. */
  close(): Promise<void>;
}

/**
 * Starts the sandbox's in-memory dynalite in a child process on a free port. It runs apart from
 * the test so that the SDK clients (most of the CPU in a busy lock test) and the server use
 * different cores.
 */
export async function startDynalite(): Promise<Dynalite> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'dynalite-process.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = once(child, 'exit');
  const firstLine = await Promise.race([
    once(child.stdout, 'data').then(([chunk]) => String(chunk)),
    exited.then(([code]) => {
      throw new Error(`dynalite exited with code ${String(code)} before listening`);
    }),
  ]);
  return {
    endpoint: `http://127.0.0.1:${Number.parseInt(firstLine, 10)}`,
    close: async () => {
      child.kill();
      await exited;
    },
  };
}
