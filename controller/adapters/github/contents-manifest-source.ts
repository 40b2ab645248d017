import { promotionOrder } from '../../core/promotion-order.js';
import { DEFAULT_MANIFEST_DIR } from '../../model/conventions.js';
import { declaredAfter } from '../../model/declared-after.js';
import { ManifestInvalidError, ManifestNotFoundError } from '../../model/errors.js';
import { parseManifest } from '../../model/parse-manifest.js';
import type { LoadedManifest, ManifestSource } from '../../ports/manifest-source.js';
import { githubFailure } from './github-errors.js';
import type { GitHubRepository } from './repository.js';

const MANIFEST = /^([a-z][a-z0-9-]{0,22})\.yaml$/;

/**
 * Reads manifests from the repository through GitHub's contents API, at a given revision (main's
 * head, resolved once per scan, so every environment of a scan reads the same commit).
 *
 * @example
 * const manifests = new GitHubManifestSource(repo, { ref: headSha });
 * const { desired } = await manifests.load('prod');
 */
export class GitHubManifestSource implements ManifestSource {
  readonly #texts = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly github: GitHubRepository,
    private readonly options: { readonly ref: string; readonly dir?: string },
  ) {}

  /** Environments with a manifest at the revision, in promotion order. */
  async list(): Promise<string[]> {
    const { octokit, owner, repo } = this.github;
    let entries: readonly { name: string; type: string }[];
    try {
      const listing = await octokit.rest.repos.getContent({
        owner,
        repo,
        path: `${this.dir}/environments`,
        ref: this.options.ref,
      });
      entries = Array.isArray(listing.data) ? listing.data : [];
    } catch (error) {
      if ((error as { status?: number }).status === 404) return [];
      throw githubFailure('list manifests', error);
    }
    const envs = entries.flatMap((e) => {
      const m = e.type === 'file' ? MANIFEST.exec(e.name) : null;
      return m?.[1] ? [m[1]] : [];
    });
    const after = new Map<string, string | undefined>();
    for (const env of envs) after.set(env, declaredAfter((await this.#text(env)) ?? ''));
    return promotionOrder(after).order;
  }

  /**
   * @throws ManifestNotFoundError when the revision has no manifest for `env`
   * @throws ManifestInvalidError with file:line:col issues when it does not validate
   * @throws GitHubUnavailableError when GitHub is down or rate-limited
   */
  async load(env: string, ref?: string): Promise<LoadedManifest> {
    const at = ref ?? this.options.ref;
    const source = `${this.dir}/environments/${env}.yaml`;
    const text =
      ref === undefined || ref === this.options.ref
        ? await this.#text(env)
        : await this.#fetch(env, at);
    if (text === undefined) throw new ManifestNotFoundError(env, `${source}@${at}`);
    const result = parseManifest(text, source, { expectedEnvironment: env });
    if (!result.ok) throw new ManifestInvalidError(result.errors);
    return { desired: result.value, source, ref: at };
  }

  get dir(): string {
    return this.options.dir ?? DEFAULT_MANIFEST_DIR;
  }

  /** Each manifest is fetched once per revision. */
  #text(env: string): Promise<string | undefined> {
    let text = this.#texts.get(env);
    if (text === undefined) {
      text = this.#fetch(env, this.options.ref);
      this.#texts.set(env, text);
    }
    return text;
  }

  async #fetch(env: string, ref: string): Promise<string | undefined> {
    if (!MANIFEST.test(`${env}.yaml`)) return undefined;
    const { octokit, owner, repo } = this.github;
    try {
      const file = await octokit.rest.repos.getContent({
        owner,
        repo,
        path: `${this.dir}/environments/${env}.yaml`,
        ref,
      });
      const data = file.data as { type?: string; content?: string; encoding?: string };
      if (data.type !== 'file' || data.content === undefined) return undefined;
      return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString(
        'utf8',
      );
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw githubFailure('read manifest', error);
    }
  }
}
