import type { CommitStatus, StatusReporter } from '../../ports/status-reporter.js';
import { githubFailure } from './github-errors.js';
import type { GitHubRepository } from './repository.js';

/**
 * {@link StatusReporter} over GitHub's commit statuses. Reads the combined status first (one call:
 * the latest status of every context) and writes only when the latest one of this context differs
 * in state or description: GitHub keeps at most 1000 statuses per commit and context.
 *
 * @example
 * const statuses = new GitHubStatusReporter(githubRepository(settings));
 */
export class GitHubStatusReporter implements StatusReporter {
  constructor(private readonly github: GitHubRepository) {}

  async report(status: CommitStatus): Promise<'written' | 'unchanged'> {
    const { octokit, owner, repo } = this.github;
    let latest: { state: string; description: string | null } | undefined;
    try {
      const combined = await octokit.rest.repos.getCombinedStatusForRef({
        owner,
        repo,
        ref: status.sha,
        per_page: 100,
      });
      latest = combined.data.statuses.find((s) => s.context === status.context);
    } catch (error) {
      throw githubFailure('get combined status', error);
    }
    if (latest?.state === status.state && latest.description === status.description)
      return 'unchanged';
    try {
      await octokit.rest.repos.createCommitStatus({
        owner,
        repo,
        sha: status.sha,
        state: status.state,
        context: status.context,
        description: status.description,
        ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      });
    } catch (error) {
      throw githubFailure('create commit status', error);
    }
    return 'written';
  }
}
