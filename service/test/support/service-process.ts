import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

/** A log line the service wrote to stdout. */
export type LogLine = Record<string, unknown>;

/** The real service (`node --import tsx src/main.ts`) running as a child process. */
export interface ServiceProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Parsed stdout lines so far. */
  readonly logs: LogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first log line matching `predicate`, including lines already written. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Settles when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const SERVICE_DIR = path.resolve(__dirname, '..', '..');

/**
 * Starts the service entry point with only `env` (plus PATH and HOME), so the host's own
 * configuration cannot leak in.
 */
export function spawnService(
  env: Record<string, string>,
  args: readonly string[] = [],
): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: SERVICE_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() !== '') logs.push(JSON.parse(line) as LogLine);
    }
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });

  return {
    child,
    logs,
    stderr: () => stderr,
    exited,
    waitForLog(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log line within ${timeoutMs} ms; stderr:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          const line = logs.find(predicate);
          if (line === undefined) {
            if (child.exitCode === null && child.signalCode === null) return;
            reject(new Error(`service exited before the expected log line; stderr:\n${stderr}`));
          } else {
            resolve(line);
          }
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
