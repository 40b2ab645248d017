import { type ChildProcess, spawn } from 'node:child_process';

/** The sandbox running in a child process. */
export interface SandboxProcess {
  /** Where it listens, e.g. `http://127.0.0.1:4566`. */
  readonly url: string;
  /** The child; a benchmark stops it with `child.kill('SIGTERM')`. */
  readonly child: ChildProcess;
}

/**
 * Starts the sandbox in a process of its own, so a benchmark's timings and memory are not shared
 * with the emulator's work: `node <args>`, which prints `listening on <url>` once it listens.
 * Rejects when the child exits before that.
 *
 * @example
 * const { url, child } = await startSandboxProcess(['--import', 'tsx', 'bench/sandbox-worker.ts']);
 */
export function startSandboxProcess(args: readonly string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(seen)?.[1];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
}
