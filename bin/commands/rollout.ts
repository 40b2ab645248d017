import { Command, Option } from 'commander';
import { silentLogger } from '../../controller/adapters/logging/powertools-logger.js';
import {
  type RolloutReportDeps,
  reportRollout,
  reportRolloutPending,
} from '../../controller/flows/report-rollout.js';
import { rollout } from '../../controller/flows/rollout.js';
import { rolloutExitCode } from '../../controller/model/rollout-outcome.js';
import { resolveConfig } from '../config.js';
import { githubSettings } from '../github-settings.js';
import type { CliIo } from '../io.js';
import { dirOption, endpointOption, tableOption } from '../options.js';
import { renderOutcome, renderOutcomeJson } from '../render-outcome.js';
import { scanWiring } from '../scan-wiring.js';
import { cliOwner, Wiring } from '../wiring.js';

interface RolloutOptions {
  alert?: boolean;
  status?: boolean;
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
    .option('--alert', 'raise a P1 on SNS when the rollout fails or is blocked')
    .option('--status', 'set plumbline/<env> on the commit (--ref SHA, else main’s head)')
    .action(async (opts: RolloutOptions) => {
      // CDK is loaded only by the commands that synthesize.
      const { cdkSynthesizer } = await import('../cdk-synthesizer.js');
      const wiring = new Wiring(resolveConfig(opts, io.env), cdkSynthesizer);
      try {
        const locks = await wiring.lockStore(opts.env);
        const deps = wiring.rolloutDeps(locks, (line) => io.stderr(`  ${line}\n`));
        const report = await rolloutReporting(wiring, opts, io);
        await reportRolloutPending(report, opts.env).catch((error: unknown) =>
          io.stderr(`warning: commit status: ${error instanceof Error ? error.message : error}\n`),
        );
        const outcome = await rollout(deps, {
          env: opts.env,
          owner: cliOwner(),
          waitLockMs: Number(opts.waitLock) * 1000,
          ...(opts.ref ? { ref: opts.ref } : {}),
        });
        io.stdout(opts.format === 'json' ? renderOutcomeJson(outcome) : renderOutcome(outcome));
        for (const error of await reportRollout(report, outcome)) io.stderr(`warning: ${error}\n`);
        setCode(rolloutExitCode(outcome.result));
      } finally {
        wiring.close();
      }
    });
}

/** Where the outcome is told (`--alert`, `--status`), over the scan's wiring. */
async function rolloutReporting(
  wiring: Wiring,
  opts: RolloutOptions,
  io: CliIo,
): Promise<RolloutReportDeps> {
  if (!opts.alert && !opts.status) return { clock: wiring.clock };
  const github = githubSettings(io.env);
  const { deps } = await scanWiring(
    wiring,
    { alert: Boolean(opts.alert), status: Boolean(opts.status), attribute: false },
    {
      ...(github ? { github } : {}),
      manifestsFromGitHub: false,
      logger: silentLogger,
      owner: cliOwner(),
    },
  );
  const sha = opts.ref && /^[0-9a-f]{40}$/.test(opts.ref) ? opts.ref : deps.statuses?.sha;
  return {
    clock: wiring.clock,
    ...(deps.alerts ? { alerts: deps.alerts } : {}),
    ...(deps.statuses && sha ? { statuses: { reporter: deps.statuses.reporter, sha } } : {}),
  };
}
