import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Extension of environment manifests; `<env>.yaml` declares environment `<env>`. */
export const MANIFEST_EXTENSION = '.yaml';

/** One environment manifest file in a desired-state directory. */
export interface ManifestFile {
  /** The environment the file name declares. */
  readonly env: string;
  /** `<dir>/environments/<env>.yaml`, relative when `dir` is. */
  readonly file: string;
}

/** `<dir>/environments/<env>.yaml`. */
export function manifestFile(dir: string, env: string): string {
  return path.join(dir, 'environments', `${env}${MANIFEST_EXTENSION}`);
}

/**
 * Every file directly under `<dir>/environments`, sorted by name; empty when the folder is missing.
 * Callers pick the manifests by extension (and may warn about the rest).
 */
export async function listEnvironmentFiles(dir: string): Promise<string[]> {
  const folder = path.join(dir, 'environments');
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.join(folder, e.name))
      .sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** The environment manifests of `dir`, sorted by environment name. */
export async function listManifestFiles(dir: string): Promise<ManifestFile[]> {
  const files = await listEnvironmentFiles(dir);
  return files
    .filter((file) => file.endsWith(MANIFEST_EXTENSION))
    .map((file) => ({ env: path.basename(file, MANIFEST_EXTENSION), file }));
}

/** The file's text, or `undefined` when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
