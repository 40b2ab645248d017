import { Command, Option } from 'commander';
import { silentLogger } from '../../controller/adapters/logging/powertools-logger.js';
import { renderMarkdown } from '../../controller/core/render/markdown.js';
import { COLOURS, PLAIN, renderText } from '../../controller/core/render/text.js';
import { detectDriftAll } from '../../controller/flows/detect-drift.js';
import { scan } from '../../controller/flows/scan.js';
import { type DriftReport, exitCodeFor, worstStatus } from '../../controller/model/report.js';
import type { ScanRun } from '../../controller/model/scan-run.js';
import { resolveConfig } from '../config.js';
import { githubSettings } from '../github-settings.js';
import { type CliIo, EXIT } from '../io.js';
import { dirOption, endpointOption, tableOption } from '../options.js';
import { newScanId, scanWiring } from '../scan-wiring.js';
import { Wiring } from '../wiring.js';

interface DriftOptions {
  env?: string;
  all?: boolean;
  format: 'text' | 'json' | 'md';
  endpoint?: string;
  dir: string;
  table: string;
  concurrency: string;
  report?: boolean;
  alert?: boolean;
  status?: boolean;
  heal?: boolean;
  reportBucket?: string;
  branch: string;
}

/** `plumbline drift (--env E | --all) [--report] [--alert] [--status] [--heal]`: exit 0 in sync, 2 drift, 1 error. */
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
    .addOption(tableOption())
    .option('--concurrency <n>', 'environments scanned at once', '8')
    .option('--report', 'store the reports (JSON, Markdown, HTML) in the report bucket')
    .option('--alert', 'raise and resolve tiered alerts on SNS')
    .option('--status', "set plumbline/drift/<env> on the branch head's commit (GITHUB_* settings)")
    .option('--heal', 'put declared values back where the manifest allows self-heal')
    .option('--report-bucket <name>', 'default plumbline-reports-<account>-<region>')
    .option('--branch <name>', 'the branch whose head gets the statuses', 'main')
    .action(async (opts: DriftOptions) => {
      if (Boolean(opts.env) === Boolean(opts.all)) {
        io.stderr('plumbline drift: give exactly one of --env <env> or --all\n');
        setCode(EXIT.error);
        return;
      }
      const wiring = new Wiring(resolveConfig(opts, io.env));
      let reports: readonly DriftReport[];
      let run: ScanRun | undefined;
      try {
        const envs = opts.all ? await wiring.manifests.list() : [opts.env as string];
        const concurrency = Number(opts.concurrency);
        if (opts.report || opts.alert || opts.status || opts.heal) {
          const scanId = newScanId(new Date(), 'cli');
          const github = githubSettings(io.env);
          const { deps } = await scanWiring(
            wiring,
            {
              report: Boolean(opts.report),
              alert: Boolean(opts.alert),
              status: Boolean(opts.status),
              heal: Boolean(opts.heal),
            },
            {
              ...(opts.reportBucket ? { reportBucket: opts.reportBucket } : {}),
              ...(github ? { github } : {}),
              branch: opts.branch,
              manifestsFromGitHub: false,
              logger: silentLogger,
              owner: `cli-scan:${scanId}`,
            },
          );
          ({ reports, run } = await scan(deps, { scanId, envs, concurrency }));
        } else {
          reports = await detectDriftAll(wiring.driftDeps(), envs, { concurrency });
        }
      } finally {
        wiring.close();
      }

      if (opts.format === 'json') {
        io.stdout(`${JSON.stringify(opts.all ? reports : reports[0], null, 2)}\n`);
      } else {
        const render =
          opts.format === 'md'
            ? renderMarkdown
            : (r: DriftReport) => renderText(r, io.isTTY ? COLOURS : PLAIN);
        io.stdout(reports.map(render).join('\n'));
      }
      for (const e of run?.environments ?? []) {
        for (const error of e.errors) io.stderr(`warning: ${e.environment}: ${error}\n`);
        if (e.reportUrl) io.stderr(`${e.environment}: report ${e.reportUrl}\n`);
      }
      setCode(exitCodeFor(worstStatus(reports.map((r) => r.status))));
    });
}
