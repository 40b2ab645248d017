/**
 * The sandbox in a process of its own, its state in memory (nothing persisted between calls), so a
 * benchmark's timings are not shared with the emulator's work. Prints `sandbox listening on <url>`
 * and runs until SIGTERM.
 *
 * Started by bench/webhook.ts (see `sandbox-process.ts`): npx tsx bench/sandbox-worker.ts
 */
import { startSandbox } from '../sandbox/index.js';

const sandbox = await startSandbox({ port: 0 });
process.stdout.write(`sandbox listening on ${sandbox.url}\n`);
process.once('SIGTERM', () => {
  void sandbox.close().finally(() => process.exit(0));
});
