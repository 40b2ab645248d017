import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutOutcome } from '../../controller/model/rollout-outcome.js';
import { cli } from './cli-harness.js';

/** A copy of desired-state/ that a test may edit. */
export class ManifestWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'plumbline-manifests-'));

  constructor() {
    cpSync('desired-state', this.dir, { recursive: true });
  }

  /** Applies a text edit to an environment's manifest; fails if the edit changes nothing. */
  edit(env: string, from: string | RegExp, to: string): void {
    const file = join(this.dir, 'environments', `${env}.yaml`);
    const before = readFileSync(file, 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`edit of ${env}.yaml matched nothing: ${from}`);
    writeFileSync(file, after);
  }

  /** Puts an environment's manifest back as shipped. */
  restore(env: string): void {
    cpSync(
      join('desired-state', 'environments', `${env}.yaml`),
      join(this.dir, 'environments', `${env}.yaml`),
    );
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs `plumbline rollout --format json` in-process and parses the outcome. */
export async function rolloutJson(
  endpoint: string,
  env: string,
  dir: string,
  extra: string[] = [],
) {
  const run = await cli([
    'rollout',
    '--env',
    env,
    '--dir',
    dir,
    '--endpoint',
    endpoint,
    '--format',
    'json',
    ...extra,
  ]);
  if (!run.stdout)
    throw new Error(
      `rollout printed no outcome (exit ${run.code}): ${run.stderr.split('\n').slice(-3).join('\n')}`,
    );
  return { code: run.code, outcome: JSON.parse(run.stdout) as RolloutOutcome, stderr: run.stderr };
}
