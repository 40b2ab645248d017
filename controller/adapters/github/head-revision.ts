import { githubFailure } from './github-errors.js';
import type { GitHubRepository } from './repository.js';

/**
 * The commit a branch points at (`main`'s head): a scan reads every manifest at this one revision
 * and reports its statuses on it.
 *
 * @example
 * const sha = await headRevision(repo, 'main');
 */
export async function headRevision(github: GitHubRepository, branch: string): Promise<string> {
  try {
    const commit = await github.octokit.rest.repos.getCommit({
      owner: github.owner,
      repo: github.repo,
      ref: branch,
      per_page: 1,
    });
    return commit.data.sha;
  } catch (error) {
    throw githubFailure(`resolve ${branch}`, error);
  }
}
