import type { ChangedFiles, ChangeLister } from '../../ports/change-lister.js';
import { githubFailure } from './github-errors.js';
import type { GitHubRepository } from './repository.js';

/**
 * How many files one comparison lists at most. GitHub's "Compare two commits" reference: the list
 * of changed files "includes up to 300 changed files for the entire comparison", and with
 * pagination it "is only shown on the first page of results" (the pages page through commits, not
 * files). A list this long may therefore be cut short.
 */
export const COMPARE_FILE_LIMIT = 300;

/** One direction of a comparison: the files `head` changed since the merge base. */
interface Comparison {
  readonly files: readonly string[];
  readonly complete: boolean;
  /** Commits `base` has that `head` lacks: a forced push dropped them. */
  readonly behindBy: number;
}

/**
 * {@link ChangeLister} over GitHub's compare API (`GET /repos/{owner}/{repo}/compare/{base}...{head}`).
 * A comparison lists what `head` changed since its merge base with `base`. When `base` is not an
 * ancestor of `head` (a forced push), the files the dropped commits changed count too, so the other
 * direction is compared as well. A renamed file counts under both names. `complete` is `false`
 * when either list reached {@link COMPARE_FILE_LIMIT}.
 *
 * @example
 * const changes = new CompareChangeLister(githubRepository({ repository, token }));
 * const { files, complete } = await changes.changedFiles(push.before, push.sha);
 */
export class CompareChangeLister implements ChangeLister {
  constructor(private readonly github: GitHubRepository) {}

  /**
   * @throws GitHubUnavailableError when GitHub is down or rate-limited
   * @throws Octokit's `RequestError` (404) when either commit does not exist
   */
  async changedFiles(base: string, head: string): Promise<ChangedFiles> {
    const forward = await this.#compare(base, head);
    if (forward.behindBy === 0) return { files: forward.files, complete: forward.complete };
    const backward = await this.#compare(head, base);
    return {
      files: [...new Set([...forward.files, ...backward.files])],
      complete: forward.complete && backward.complete,
    };
  }

  async #compare(base: string, head: string): Promise<Comparison> {
    const { octokit, owner, repo } = this.github;
    try {
      // No `page`/`per_page`: paging walks commits only, and the files come with the first page.
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...${head}`,
      });
      const listed = data.files ?? [];
      const files = listed.flatMap((f) =>
        f.previous_filename === undefined ? [f.filename] : [f.previous_filename, f.filename],
      );
      return {
        files: [...new Set(files)],
        complete: listed.length < COMPARE_FILE_LIMIT,
        behindBy: data.behind_by,
      };
    } catch (error) {
      throw githubFailure(`compare ${base}...${head}`, error);
    }
  }
}
