import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** A running dynalite in a child process. */
export interface Dynalite {
  /** `http://127.0.0.1:<port>`, for a `DynamoDBClient` `endpoint`. */
  readonly endpoint: string;
  /** Stops the child process and its in-memory store. */
  close(): Promise<void>;
}

/**
 * The child's program: dynalite with in-memory storage and instant table state changes, on a
 * free port, which it prints as its first line. dynalite's options are its only typed surface.
 */
const CHILD_PROGRAM = `
const createDynalite = require(process.argv[1]);
const server = createDynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/**
 * Starts dynalite in a child process on a free port. It runs apart from the test so that the
 * SDK clients (most of the CPU in a busy lock test) and the server use different cores.
 */
export async function startDynalite(): Promise<Dynalite> {
  const child = spawn(process.execPath, ['-e', CHILD_PROGRAM, require.resolve('dynalite')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const firstLine = await Promise.race([
    once(child.stdout, 'data').then(([chunk]) => String(chunk)),
    exited.then(([code]) => {
      throw new Error(`dynalite exited with code ${String(code)} before listening`);
    }),
  ]);
  const port = Number.parseInt(firstLine, 10);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill();
      await exited;
    },
  };
}
