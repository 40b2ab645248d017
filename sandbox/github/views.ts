/** The JSON shapes GitHub's REST API answers with, built from git objects and stored statuses. */
import type { GitCommit, GitFileChange, GitTreeEntry } from './git.js';
import type { StoredCommitStatus } from './state.js';

/** Where a repository's resources are addressed. */
export interface RepoLinks {
  /** The API base, e.g. `http://127.0.0.1:4566/github`. */
  readonly api: string;
  readonly owner: string;
  readonly repo: string;
}

/** GitHub's web site, where `html_url`s point. */
const WEB = 'https://github.com';

function repoApi(links: RepoLinks): string {
  return `${links.api}/repos/${links.owner}/${links.repo}`;
}

function repoWeb(links: RepoLinks): string {
  return `${WEB}/${links.owner}/${links.repo}`;
}

/** The user the configured token belongs to, who creates every status. */
export function tokenUser(api: string): Record<string, unknown> {
  return {
    login: 'sandbox',
    id: 1,
    node_id: 'MDQ6VXNlcjE=',
    avatar_url: 'https://avatars.githubusercontent.com/u/1?v=4',
    gravatar_id: '',
    url: `${api}/users/sandbox`,
    html_url: `${WEB}/sandbox`,
    type: 'User',
    site_admin: false,
  };
}

/** A commit as the commit and compare endpoints list it; `files` adds `stats` and `files`. */
export function commitView(
  links: RepoLinks,
  commit: GitCommit,
  files?: readonly GitFileChange[],
): Record<string, unknown> {
  const api = repoApi(links);
  const view: Record<string, unknown> = {
    sha: commit.sha,
    node_id: Buffer.from(`04:Commit${commit.sha}`).toString('base64'),
    commit: {
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${repoWeb(links)}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    // The authors are git identities, not GitHub accounts.
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${repoWeb(links)}/commit/${sha}`,
    })),
  };
  if (files === undefined) return view;
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    ...view,
    stats: { total: additions + deletions, additions, deletions },
    files: files.map((file) => fileView(links, commit.sha, file)),
  };
}

/** A changed file as GitHub lists it in a commit or a comparison. */
export function fileView(
  links: RepoLinks,
  ref: string,
  file: GitFileChange,
): Record<string, unknown> {
  const path = encodePath(file.filename);
  return {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${repoWeb(links)}/blob/${ref}/${path}`,
    raw_url: `${repoWeb(links)}/raw/${ref}/${path}`,
    contents_url: `${repoApi(links)}/contents/${path}?ref=${ref}`,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(file.previousFilename === undefined ? {} : { previous_filename: file.previousFilename }),
  };
}

/** A path with each segment URI-encoded. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** GitHub's base64 of file contents: a line break after every 60 characters. */
export function base64Lines(content: Buffer): string {
  const encoded = content.toString('base64');
  let lines = '';
  for (let i = 0; i < encoded.length; i += 60) lines += `${encoded.slice(i, i + 60)}\n`;
  return lines;
}

function contentLinks(
  links: RepoLinks,
  ref: string,
  path: string,
  kind: 'blob' | 'tree',
  sha: string,
) {
  const self = `${repoApi(links)}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`;
  const git = `${repoApi(links)}/git/${kind === 'blob' ? 'blobs' : 'trees'}/${sha}`;
  const html = `${repoWeb(links)}/${kind}/${ref}/${encodePath(path)}`;
  return { url: self, git_url: git, html_url: html, _links: { self, git, html } };
}

/** A file's contents at a ref, base64 in lines of 60 characters. */
export function fileContentView(
  links: RepoLinks,
  ref: string,
  path: string,
  sha: string,
  content: Buffer,
): Record<string, unknown> {
  const { url, git_url, html_url, _links } = contentLinks(links, ref, path, 'blob', sha);
  return {
    type: 'file',
    encoding: 'base64',
    size: content.length,
    name: path.split('/').at(-1) ?? path,
    path,
    content: base64Lines(content),
    sha,
    url,
    git_url,
    html_url,
    download_url: `https://raw.githubusercontent.com/${links.owner}/${links.repo}/${ref}/${encodePath(path)}`,
    _links,
  };
}

/** A directory's entries at a ref, as GitHub lists them (directories first is not promised). */
export function directoryView(
  links: RepoLinks,
  ref: string,
  dir: string,
  entries: readonly GitTreeEntry[],
): Record<string, unknown>[] {
  return entries.map((entry) => {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    const kind = entry.type === 'tree' ? 'tree' : 'blob';
    return {
      type: entry.type === 'tree' ? 'dir' : entry.type === 'commit' ? 'submodule' : 'file',
      size: entry.size,
      name: entry.name,
      path,
      sha: entry.sha,
      ...contentLinks(links, ref, path, kind, entry.sha),
      download_url:
        entry.type === 'blob'
          ? `https://raw.githubusercontent.com/${links.owner}/${links.repo}/${ref}/${encodePath(path)}`
          : null,
    };
  });
}

/** A commit status as GitHub answers it. */
export function statusView(
  links: RepoLinks,
  sha: string,
  status: StoredCommitStatus,
): Record<string, unknown> {
  const creator = tokenUser(links.api);
  return {
    url: `${repoApi(links)}/statuses/${sha}`,
    avatar_url: creator.avatar_url,
    id: status.id,
    node_id: Buffer.from(`011:StatusContext${status.id}`).toString('base64'),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator,
  };
}

/** The repository, as the combined status embeds it. */
export function repositoryView(links: RepoLinks): Record<string, unknown> {
  return {
    id: 1,
    node_id: 'MDEwOlJlcG9zaXRvcnkx',
    name: links.repo,
    full_name: `${links.owner}/${links.repo}`,
    private: false,
    owner: { ...tokenUser(links.api), login: links.owner },
    html_url: repoWeb(links),
    description: null,
    fork: false,
    url: repoApi(links),
  };
}
