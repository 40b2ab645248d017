/**
 * One scheduled scan in a process of its own (so its peak memory is its own): `plumbline drift
 * --all --report --alert --status` against the endpoint given, printing one JSON line of figures.
 *
 * Run by bench/scan.ts: npx tsx bench/scan-worker.ts <endpoint> <desired-state dir>
 */
import { performance } from 'node:perf_hooks';
import { runCli } from '../bin/cli.js';

async function main(): Promise<void> {
  const [endpoint, dir] = process.argv.slice(2);
  if (!endpoint || !dir) throw new Error('usage: scan-worker <endpoint> <dir>');
  let out = '';
  const started = performance.now();
  const code = await runCli(
    [
      'drift',
      '--all',
      '--dir',
      dir,
      '--endpoint',
      endpoint,
      '--format',
      'json',
      '--report',
      '--alert',
      '--status',
      '--concurrency',
      '8',
    ],
    {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => process.stderr.write(t),
      env: process.env,
      isTTY: false,
      untilStopped: async () => {},
    },
  );
  const ms = Math.round(performance.now() - started);
  const reports = JSON.parse(out) as { status: string }[];
  const statuses: Record<string, number> = {};
  for (const r of reports) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  process.stdout.write(
    `${JSON.stringify({ code, ms, statuses, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
}

await main();
