import { runCli, systemIo } from './cli.js';

/** Process entry: runs the CLI with the process's arguments and sets the exit code. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), systemIo());
}
