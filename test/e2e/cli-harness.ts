import { runCli } from '../../bin/cli.js';
import type { CliIo } from '../../bin/io.js';

/** Runs the CLI in-process and captures what it prints. */
export async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: process.env,
    isTTY: false,
    untilStopped: async () => {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Runs `plumbline drift --format json` for one environment and parses the report. */
export async function driftJson(endpoint: string, env: string, dir = 'desired-state') {
  const run = await cli([
    'drift',
    '--env',
    env,
    '--format',
    'json',
    '--endpoint',
    endpoint,
    '--dir',
    dir,
  ]);
  if (run.stderr) throw new Error(`drift wrote to stderr: ${run.stderr}`);
  return {
    code: run.code,
    report: JSON.parse(run.stdout) as import('../../controller/model/report.js').DriftReport,
  };
}
