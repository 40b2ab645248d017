import type { GitHubSettings } from '../controller/adapters/github/repository.js';

/**
 * GitHub settings from the environment, with the names GitHub Actions uses: `GITHUB_REPOSITORY`
 * (owner/name), `GITHUB_TOKEN`, `GITHUB_API_URL`. `undefined` unless repository and token are set.
 */
export function githubSettings(
  env: Readonly<Record<string, string | undefined>>,
): GitHubSettings | undefined {
  const repository = env.GITHUB_REPOSITORY;
  const token = env.GITHUB_TOKEN;
  if (!repository || !token) return undefined;
  return { repository, token, ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}) };
}
