import { Command, Option } from 'commander';
import { ensureTemplateBucket } from '../../controller/adapters/aws/template-bucket.js';
import { rollout } from '../../controller/flows/rollout.js';
import { rolloutExitCode } from '../../controller/model/rollout-outcome.js';
import type { CliIo } from '../io.js';
import { withLockStore } from '../lock-wiring.js';
import { endpointOption } from '../options.js';
import { renderOutcome } from '../render-outcome.js';
import { cliOwner, rolloutDeps, templateBucketFor } from '../rollout-wiring.js';

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
    .option('--dir <dir>', 'the desired-state directory', 'desired-state')
    .option('--table <name>', 'the lock table', 'plumbline-state')
    .option(
      '--template-bucket <name>',
      'bucket for templates over 51,200 bytes (default plumbline-templates-<account>-<region>)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (opts: RolloutOptions) => {
      const endpoint = opts.endpoint ?? io.env.AWS_ENDPOINT_URL;
      const configuredRegion = io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
      const wiring = {
        dir: opts.dir,
        ...(endpoint === undefined ? {} : { endpoint }),
        ...(configuredRegion === undefined ? {} : { configuredRegion }),
        ...(opts.templateBucket === undefined ? {} : { templateBucket: opts.templateBucket }),
        onProgress: (line: string) => io.stderr(`  ${line}\n`),
      };
      const target = {
        env: opts.env,
        dir: opts.dir,
        table: opts.table,
        ...(endpoint === undefined ? {} : { endpoint }),
      };
      const outcome = await withLockStore(io, target, (locks, aws) =>
        rollout(
          {
            ...rolloutDeps(wiring, locks),
            // Against an emulator, create what the controller's own stack would provide on AWS.
            ...(endpoint === undefined
              ? {}
              : {
                  prepare: async (desired) => {
                    await locks.ensureTable();
                    await ensureTemplateBucket(aws.s3, templateBucketFor(wiring, desired));
                  },
                }),
          },
          {
            env: opts.env,
            owner: cliOwner(),
            waitLockMs: Number(opts.waitLock) * 1000,
            ...(opts.ref ? { ref: opts.ref } : {}),
          },
        ),
      );
      io.stdout(
        opts.format === 'json' ? `${JSON.stringify(outcome, null, 2)}\n` : renderOutcome(outcome),
      );
      setCode(rolloutExitCode(outcome.result));
    });
}
