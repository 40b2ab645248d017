/**
 * `npm run bench`: runs every benchmark in its own process (so peak memory is per benchmark) and
 * prints their figures. Each benchmark prints a human table and one `BENCH {json}` line.
 */
import { spawnSync } from 'node:child_process';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BENCHMARKS = [
  'bench/drift-scan.ts',
  'bench/drift-quotas.ts',
  'bench/rollout.ts',
  'bench/scan.ts',
  'bench/service-load.ts',
  'bench/webhook.ts',
  'bench/bundles.ts',
];

const results: unknown[] = [];
for (const file of BENCHMARKS) {
  process.stdout.write(`\n=== ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(run.stdout);
  for (const line of run.stdout.split('\n'))
    if (line.startsWith('BENCH ')) results.push(JSON.parse(line.slice(6)));
  if (run.status !== 0) {
    process.stderr.write(`${file} failed with exit code ${run.status}\n`);
    process.exitCode = 1;
  }
}
process.stdout.write(`\n=== summary\n${JSON.stringify(results, null, 2)}\n`);
