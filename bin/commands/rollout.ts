import { Command, Option } from 'commander';
import { rollout } from '../../controller/flows/rollout.js';
import { rolloutExitCode } from '../../controller/model/rollout-outcome.js';
import { resolveConfig } from '../config.js';
import type { CliIo } from '../io.js';
import { dirOption, endpointOption, tableOption } from '../options.js';
import { renderOutcome, renderOutcomeJson } from '../render-outcome.js';
import { cliOwner, Wiring } from '../wiring.js';

interface RolloutOptions {
  env: string;
  ref?: string;
  waitLock: string;
  endpoint?: string;
  dir: string;
  table: string;
  templateBucket?: string;
  format: 'text' | 'json';
}

/**
 * `plumbline rollout --env E [--ref REF] [--wait-lock SECONDS]`:
 * exit 0 success (including nothing to do), 1 failed, 3 blocked by the stateful guard, 4 lock held.
 */
export function rolloutCommand(io: CliIo, setCode: (code: number) => void): Command {
  return new Command('rollout')
    .description(
      'lock, synth, change set, guard, execute, wait, verify; exit 0 ok, 1 failed, 3 blocked, 4 lock held',
    )
    .requiredOption('--env <env>', 'the environment to roll out')
    .option('--ref <ref>', 'the git ref being rolled out (recorded in the outcome)')
    .option('--wait-lock <seconds>', 'wait this long for a held lock before giving up', '0')
    .addOption(endpointOption())
    .addOption(dirOption())
    .addOption(tableOption())
    .option(
      '--template-bucket <name>',
      'bucket for templates over 51,200 bytes (default plumbline-templates-<account>-<region>)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (opts: RolloutOptions) => {
      const wiring = new Wiring(resolveConfig(opts, io.env));
      try {
        const locks = await wiring.lockStore(opts.env);
        const deps = wiring.rolloutDeps(locks, (line) => io.stderr(`  ${line}\n`));
        const outcome = await rollout(deps, {
          env: opts.env,
          owner: cliOwner(),
          waitLockMs: Number(opts.waitLock) * 1000,
          ...(opts.ref ? { ref: opts.ref } : {}),
        });
        io.stdout(opts.format === 'json' ? renderOutcomeJson(outcome) : renderOutcome(outcome));
        setCode(rolloutExitCode(outcome.result));
      } finally {
        wiring.close();
      }
    });
}
