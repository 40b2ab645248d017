import { Command, CommanderError } from 'commander';
import { approveCommand } from './commands/approve.js';
import { demoCommand } from './commands/demo.js';
import { driftCommand } from './commands/drift.js';
import { lockCommand } from './commands/lock.js';
import { rolloutCommand } from './commands/rollout.js';
import { sandboxCommand } from './commands/sandbox.js';
import { serveCommand } from './commands/serve.js';
import { synthCommand } from './commands/synth.js';
import { validateCommand } from './commands/validate.js';
import { type CliIo, EXIT } from './io.js';

export type { CliIo };

/** The process's own streams, environment and signals. */
export function systemIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    untilStopped: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}

/**
 * Runs `plumbline <command>` and resolves with the exit code. Never calls `process.exit`, so tests
 * can run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const setCode = (c: number) => {
    code = c;
  };
  const program = new Command('plumbline')
    .description(
      'GitOps for AWS: manifests in git, drift detection, rollouts through CloudFormation',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  for (const command of [
    validateCommand(io, setCode),
    synthCommand(io, setCode),
    driftCommand(io, setCode),
    rolloutCommand(io, setCode),
    lockCommand(io, setCode),
    approveCommand(io, setCode),
    serveCommand(io),
    sandboxCommand(io),
    demoCommand(io, setCode, runCli),
  ]) {
    program.addCommand(inheritSettings(command, program));
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed'
        ? EXIT.ok
        : EXIT.error;
    }
    io.stderr(`plumbline: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.error;
  }
  return code;
}

/** Output, exit override and help settings reach nested subcommands too (`lock status`). */
function inheritSettings(command: Command, from: Command): Command {
  command.copyInheritedSettings(from);
  for (const sub of command.commands) inheritSettings(sub as Command, from);
  return command;
}
