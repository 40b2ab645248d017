import { Octokit } from '@octokit/rest';

/** The repository Plumbline reads manifests from and reports statuses to. */
export interface GitHubRepository {
  readonly octokit: Octokit;
  readonly owner: string;
  readonly repo: string;
}

/** How to reach GitHub, with the names GitHub Actions uses. */
export interface GitHubSettings {
  /** `owner/name` (`GITHUB_REPOSITORY`). */
  readonly repository: string;
  /** A token allowed to read contents and write statuses (`GITHUB_TOKEN`). */
  readonly token: string;
  /** `GITHUB_API_URL`. @default 'https://api.github.com' */
  readonly apiUrl?: string;
}

/**
 * The Octokit client for the configured repository. The token goes only into Octokit's auth,
 * which redacts it from errors and request logs.
 *
 * @example
 * const repo = githubRepository({ repository: 'acme/platform', token });
 */
export function githubRepository(settings: GitHubSettings): GitHubRepository {
  const [owner, repo, ...rest] = settings.repository.split('/');
  if (!owner || !repo || rest.length > 0)
    throw new RangeError(`GITHUB_REPOSITORY must be owner/name, got "${settings.repository}"`);
  return {
    octokit: new Octokit({
      auth: settings.token,
      baseUrl: settings.apiUrl ?? 'https://api.github.com',
      userAgent: 'plumbline',
      // Octokit logs warnings through console by default; the controller's logger decides instead.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    }),
    owner,
    repo,
  };
}
