import type { DesiredState } from '../model/manifest.js';

/** A manifest as loaded: the parsed desired state plus where it came from. */
export interface LoadedManifest {
  readonly desired: DesiredState;
  /** Path or URL of the manifest file, as used in messages. */
  readonly source: string;
  /** Git ref or `working-tree`. */
  readonly ref: string;
}

/**
 * Loads and validates environment manifests.
 * Implementations throw `ManifestInvalidError` (with file:line:col issues) or `ManifestNotFoundError`.
 *
 * @example
 * const { desired } = await manifests.load('dev');
 */
export interface ManifestSource {
  /** Names of the environments that have a manifest, in promotion order when known. */
  list(): Promise<string[]>;
  load(env: string, ref?: string): Promise<LoadedManifest>;
}
