import { Command } from 'commander';
import type { CliIo } from '../io.js';

/** `plumbline sandbox [--port 4566] [--data DIR]`: the local AWS stand-in, until stopped. */
export function sandboxCommand(io: CliIo): Command {
  return new Command('sandbox')
    .description('start the local AWS stand-in on one loopback port and run until stopped')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4566')
    .option('--data <dir>', 'directory that keeps the state across restarts', '.sandbox-data')
    .action(async (opts: { port: string; data: string }) => {
      // Loaded only here: no other command pulls the emulator (and its DynamoDB) into the process.
      const { startSandbox } = await import('../../sandbox/index.js');
      const sandbox = await startSandbox({ port: Number(opts.port), dataDir: opts.data });
      io.stdout(`sandbox listening on ${sandbox.url} (state in ${opts.data})\n`);
      io.stdout(
        `try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test npx plumbline drift --env dev --endpoint ${sandbox.url}\n`,
      );
      await io.untilStopped();
      await sandbox.close();
    });
}
