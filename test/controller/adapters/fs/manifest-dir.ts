import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { edit } from '../../../fixtures/manifests/base.js';

/** BASE declaring `env`, optionally promoted after `after`. */
export function manifestFor(env: string, after?: string): string {
  const text = edit('  name: dev', `  name: ${env}`);
  return after === undefined ? text : `${text}rollout:\n  after: ${after}\n`;
}

/** A throwaway desired-state directory holding `files` under `environments/`. */
export async function desiredStateDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plumbline-desired-state-'));
  await mkdir(path.join(dir, 'environments'));
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(dir, 'environments', name), text);
  }
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
