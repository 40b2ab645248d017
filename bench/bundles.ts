/**
 * Lambda bundle benchmark: each handler bundled as the controller's stack bundles it (CommonJS,
 * minified, `@aws-sdk/*` external), its size plain and gzipped, and its cold load: the time a fresh
 * Node.js takes to `require` the bundle (with the AWS SDK resolvable from node_modules), with
 * `--enable-source-maps` as the stack sets it and without.
 *
 * Run: npx tsx bench/bundles.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleLambda } from './lambda-bundle.js';

const HANDLERS = { webhook: 'lambdas/webhook.ts', reconcile: 'lambdas/reconcile.ts' };
/** The webhook answers GitHub within 10 seconds, cold start included. */
const WEBHOOK_GOAL_BYTES = 300 * 1024;
/** Fresh processes per handler and mode; the median is reported. */
const LOADS = 7;
/** Packages listed per bundle, largest first. */
const LARGEST = 4;

const LOAD = `const { performance } = require('node:perf_hooks');
const started = performance.now();
for (const id of JSON.parse(process.argv[1])) require(id);
process.stdout.write(String(performance.now() - started));`;

/**
 * Milliseconds a fresh process spends in `require`-ing `ids` one after the other (resolved from the
 * working directory): the median of {@link LOADS} runs.
 */
function coldLoadMs(ids: readonly string[], sourceMaps: boolean): number | null {
  const runs: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const run = spawnSync(
      process.execPath,
      [...(sourceMaps ? ['--enable-source-maps'] : []), '-e', LOAD, JSON.stringify(ids)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (run.status !== 0) return null;
    runs.push(Number(run.stdout));
  }
  runs.sort((a, b) => a - b);
  return Math.round((runs[Math.floor(runs.length / 2)] ?? 0) * 10) / 10;
}

interface Figures {
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  inputs: number;
  largest: Record<string, number>;
  coldLoadMs: number | null;
  coldLoadNoSourceMapsMs: number | null;
  externals: readonly string[];
  /** The part of a cold load spent loading the packages left external (the SDK clients). */
  externalsLoadMs: number | null;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  // Inside the project, so `require('@aws-sdk/...')` resolves from its node_modules (git-ignored).
  const out = resolve('.tmp', 'bench-bundles');
  const figures: Record<string, Figures & { entry: string }> = {};
  try {
    for (const [name, entry] of Object.entries(HANDLERS)) {
      const bundle = await bundleLambda(entry);
      const dir = join(out, name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.js'), bundle.code);
      writeFileSync(join(dir, 'index.js.map'), bundle.sourceMap);
      const file = join(dir, 'index.js');
      figures[name] = {
        entry,
        bytes: bundle.bytes,
        gzipBytes: bundle.gzipBytes,
        sourceMapBytes: bundle.sourceMap.byteLength,
        inputs: bundle.inputs.length,
        largest: Object.fromEntries(bundle.bytesByPackage.slice(0, LARGEST)),
        externals: bundle.externals,
        coldLoadMs: coldLoadMs([file], true),
        coldLoadNoSourceMapsMs: coldLoadMs([file], false),
        externalsLoadMs: coldLoadMs(bundle.externals, false),
      };
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const webhookBytes = figures.webhook?.bytes ?? Number.NaN;
  const met = webhookBytes < WEBHOOK_GOAL_BYTES;
  for (const [name, f] of Object.entries(figures)) {
    const rows: [string, string][] = [
      [`${name} bundle (minified, SDK external)`, `${f.bytes} B (${kb(f.bytes)})`],
      [`${name} bundle gzipped`, `${f.gzipBytes} B (${kb(f.gzipBytes)})`],
      [`${name} source map`, `${f.sourceMapBytes} B, ${f.inputs} input files`],
      [
        `${name} largest parts`,
        Object.entries(f.largest)
          .map(([part, bytes]) => `${part} ${kb(bytes)}`)
          .join(', '),
      ],
      [
        `${name} cold load, --enable-source-maps / without (median of ${LOADS})`,
        `${f.coldLoadMs ?? '?'} ms / ${f.coldLoadNoSourceMapsMs ?? '?'} ms`,
      ],
      [
        `${name} of which its ${f.externals.length} external packages alone (median of ${LOADS})`,
        `${f.externalsLoadMs ?? '?'} ms (${f.externals.join(', ')})`,
      ],
    ];
    for (const [what, value] of rows) process.stdout.write(`${what.padEnd(72)} ${value}\n`);
  }
  process.stdout.write(
    `goal: webhook bundle under ${kb(WEBHOOK_GOAL_BYTES)}: ${met ? 'met' : 'NOT met'} (${kb(webhookBytes)})\n`,
  );
  process.stdout.write(
    `BENCH ${JSON.stringify({
      name: 'bundles',
      node: process.version,
      ...figures,
      goal: { webhookUnderBytes: WEBHOOK_GOAL_BYTES, met },
    })}\n`,
  );
}

await main();
