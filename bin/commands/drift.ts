import { Command, Option } from 'commander';
import { renderMarkdown } from '../../controller/core/render/markdown.js';
import { COLOURS, PLAIN, renderText } from '../../controller/core/render/text.js';
import { detectDriftAll } from '../../controller/flows/detect-drift.js';
import { exitCodeFor, worstStatus } from '../../controller/model/report.js';
import { resolveConfig } from '../config.js';
import { type CliIo, EXIT } from '../io.js';
import { dirOption, endpointOption } from '../options.js';
import { Wiring } from '../wiring.js';

interface DriftOptions {
  env?: string;
  all?: boolean;
  format: 'text' | 'json' | 'md';
  endpoint?: string;
  dir: string;
  concurrency: string;
}

/** `plumbline drift (--env E | --all)`: exit 0 in sync, 2 drift found, 1 error. */
export function driftCommand(io: CliIo, setCode: (code: number) => void): Command {
  return new Command('drift')
    .description(
      'compare environments with their manifests; exit 0 in sync, 2 drift found, 1 error',
    )
    .option('--env <env>', 'the environment to scan')
    .option('--all', 'scan every environment that has a manifest')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'md'])
        .default('text'),
    )
    .addOption(endpointOption())
    .addOption(dirOption())
    .option('--concurrency <n>', 'environments scanned at once', '8')
    .action(async (opts: DriftOptions) => {
      if (Boolean(opts.env) === Boolean(opts.all)) {
        io.stderr('plumbline drift: give exactly one of --env <env> or --all\n');
        setCode(EXIT.error);
        return;
      }
      const wiring = new Wiring(resolveConfig(opts, io.env));
      const reports = await (async () => {
        try {
          const envs = opts.all ? await wiring.manifests.list() : [opts.env as string];
          return await detectDriftAll(wiring.driftDeps(), envs, {
            concurrency: Number(opts.concurrency),
          });
        } finally {
          wiring.close();
        }
      })();

      if (opts.format === 'json') {
        io.stdout(`${JSON.stringify(opts.all ? reports : reports[0], null, 2)}\n`);
      } else {
        const render =
          opts.format === 'md'
            ? renderMarkdown
            : (r: (typeof reports)[number]) => renderText(r, io.isTTY ? COLOURS : PLAIN);
        io.stdout(reports.map(render).join('\n'));
      }
      setCode(exitCodeFor(worstStatus(reports.map((r) => r.status))));
    });
}
