import { promotionOrder } from '../../core/promotion-order.js';
import { DEFAULT_MANIFEST_DIR, WORKING_TREE_REF } from '../../model/conventions.js';
import { declaredAfter } from '../../model/declared-after.js';
import { ManifestInvalidError, ManifestNotFoundError, PlumblineError } from '../../model/errors.js';
import { parseManifest } from '../../model/parse-manifest.js';
import type { LoadedManifest, ManifestSource } from '../../ports/manifest-source.js';
import { listManifestFiles, manifestFile, readIfExists } from './manifest-files.js';

export { type ManifestDirValidation, validateManifestDir } from './validate-manifest-dir.js';

/** Environment names as the schema allows them; anything else cannot name a manifest file. */
const ENV_NAME = /^[a-z][a-z0-9-]{0,22}$/;

/**
 * Reads environment manifests from a checked-out desired-state directory
 * (`<dir>/environments/<env>.yaml`), for the CLI and local runs.
 *
 * @example
 * const manifests = new WorkingTreeManifestSource('desired-state');
 * for (const env of await manifests.list()) console.log((await manifests.load(env)).source);
 */
export class WorkingTreeManifestSource implements ManifestSource {
  /** @param dir - the desired-state directory; relative paths resolve against the working directory. */
  constructor(private readonly dir: string = DEFAULT_MANIFEST_DIR) {}

  /**
   * Environments with a manifest, in promotion order (`rollout.after` first, ties alphabetical).
   * A manifest that does not validate is still listed; loading it reports why.
   */
  async list(): Promise<string[]> {
    const files = await listManifestFiles(this.dir);
    const after = new Map<string, string | undefined>();
    for (const { env, file } of files) {
      after.set(env, declaredAfter((await readIfExists(file)) ?? ''));
    }
    return promotionOrder(after).order;
  }

  /**
   * Loads and validates one manifest from disk.
   * @throws ManifestNotFoundError when the file does not exist
   * @throws ManifestInvalidError with file:line:col issues when it does not validate
   * @throws PlumblineError for a ref other than the working tree, which this source cannot read
   */
  async load(env: string, ref?: string): Promise<LoadedManifest> {
    const source = manifestFile(this.dir, env);
    if (ref !== undefined && ref !== WORKING_TREE_REF) {
      throw new PlumblineError(`cannot load ref "${ref}" from the working tree at ${source}`, {
        terminal: true,
      });
    }
    const text = ENV_NAME.test(env) ? await readIfExists(source) : undefined;
    if (text === undefined) throw new ManifestNotFoundError(env, source);
    const result = parseManifest(text, source, { expectedEnvironment: env });
    if (!result.ok) throw new ManifestInvalidError(result.errors);
    return { desired: result.value, source, ref: WORKING_TREE_REF };
  }
}
