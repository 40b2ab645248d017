/** The commit endpoints: get a commit, compare two commits, and get a file's contents at a ref. */
import type { GitHubHandler } from './endpoint.js';
import { githubError, githubJson, OPERATION_DOCS } from './http.js';
import { commitView, directoryView, fileContentView, fileView } from './views.js';

/** GitHub lists at most 250 commits and 300 files in a comparison. */
const MAX_COMPARE_COMMITS = 250;
const MAX_COMPARE_FILES = 300;

/** `GET /repos/{owner}/{repo}/commits/{ref}`: the commit with its stats and files (diffed with its first parent). */
export const getCommit: GitHubHandler = async ({ params, git, links }) => {
  const ref = params.ref ?? '';
  const sha = await git.resolveCommit(ref);
  if (sha === undefined) {
    return githubError(422, `No commit found for SHA: ${ref}`, OPERATION_DOCS.GetCommit);
  }
  const commit = await git.commit(sha);
  const files = await git.changes(commit.parents[0], sha);
  return githubJson(200, commitView(links, commit, files));
};

/**
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}`: how `head` relates to `base` (ahead, behind,
 * identical or diverged), the commits `head` has that `base` lacks (oldest first, at most 250) and the
 * files changed from their merge base to `head` (at most 300).
 */
export const compareCommits: GitHubHandler = async ({ params, git, links }) => {
  const docs = OPERATION_DOCS.CompareCommits;
  const basehead = params.basehead ?? '';
  const split = basehead.indexOf('...');
  if (split < 0) return githubError(404, 'Not Found', docs);
  const baseRef = basehead.slice(0, split);
  const headRef = basehead.slice(split + 3);
  const [base, head] = await Promise.all([git.resolveCommit(baseRef), git.resolveCommit(headRef)]);
  if (base === undefined || head === undefined) return githubError(404, 'Not Found', docs);
  const mergeBase = await git.mergeBase(base, head);
  if (mergeBase === undefined) {
    return githubError(404, `No common ancestor between ${baseRef} and ${headRef}.`, docs);
  }
  const [ahead, behind] = await Promise.all([
    git.commitsBetween(base, head),
    git.commitsBetween(head, base),
  ]);
  const status =
    ahead.length === 0 && behind.length === 0
      ? 'identical'
      : behind.length === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  const [[baseCommit, mergeBaseCommit, ...commits], files] = await Promise.all([
    git.commits([base, mergeBase, ...ahead.slice(0, MAX_COMPARE_COMMITS)]),
    git.changes(mergeBase, head),
  ]);
  if (baseCommit === undefined || mergeBaseCommit === undefined) {
    throw new Error(`git printed no commit ${base} or ${mergeBase}`);
  }
  const repoUrl = `${links.api}/repos/${links.owner}/${links.repo}`;
  const web = `https://github.com/${links.owner}/${links.repo}`;
  return githubJson(200, {
    url: `${repoUrl}/compare/${baseRef}...${headRef}`,
    html_url: `${web}/compare/${baseRef}...${headRef}`,
    permalink_url: `${web}/compare/${links.owner}:${base.slice(0, 7)}...${links.owner}:${head.slice(0, 7)}`,
    diff_url: `${web}/compare/${baseRef}...${headRef}.diff`,
    patch_url: `${web}/compare/${baseRef}...${headRef}.patch`,
    base_commit: commitView(links, baseCommit),
    merge_base_commit: commitView(links, mergeBaseCommit),
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: commits.map((commit) => commitView(links, commit)),
    files: files.slice(0, MAX_COMPARE_FILES).map((file) => fileView(links, head, file)),
  });
};

/**
 * `GET /repos/{owner}/{repo}/contents/{path}?ref=`: a file (base64 in lines of 60 characters) or a
 * directory listing at `ref` (the checked-out branch by default). A missing ref or path is a 404.
 */
export const getContent: GitHubHandler = async ({ params, url, git, links }) => {
  const docs = OPERATION_DOCS.GetContent;
  const path = (params.path ?? '').replace(/^\/+|\/+$/g, '');
  const segments = path === '' ? [] : path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return githubError(404, 'Not Found', docs);
  }
  const ref = url.searchParams.get('ref') ?? (await git.defaultBranch());
  const sha = await git.resolveCommit(ref);
  if (sha === undefined) return githubError(404, `No commit found for the ref ${ref}`, docs);
  const content = await git.contentAt(sha, path);
  if (content === undefined) return githubError(404, 'Not Found', docs);
  return githubJson(
    200,
    content.kind === 'file'
      ? fileContentView(links, ref, path, content.sha, content.content)
      : directoryView(links, ref, path, content.entries),
  );
};
