/**
 * The commit status endpoints: create a status, list a ref's statuses, and the combined status.
 * Statuses persist in the sandbox state; creating one goes through the state queue like any write.
 */
import { isPlainObject } from '../shared/json-value.js';
import type { GitHubCall, GitHubHandler } from './endpoint.js';
import {
  type FieldError,
  githubError,
  githubJson,
  OPERATION_DOCS,
  validationFailed,
} from './http.js';
import type { StoredCommitStatus } from './state.js';
import { repositoryView, statusView } from './views.js';

const STATES: readonly string[] = ['error', 'failure', 'pending', 'success'];
/** GitHub refuses descriptions longer than this. */
export const MAX_DESCRIPTION_LENGTH = 140;
/** GitHub keeps at most this many statuses per sha and context. */
export const MAX_STATUSES_PER_CONTEXT = 1_000;
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

function statusesOf(call: GitHubCall, sha: string): StoredCommitStatus[] {
  return call.runtime.store.state.github.statuses[call.repoKey]?.[sha] ?? [];
}

/** A time as GitHub writes it: ISO 8601 in UTC without fractional seconds. */
function githubTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The fields of a create-status body that break GitHub's rules. */
function fieldErrors(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof body.state !== 'string' || !STATES.includes(body.state)) {
    errors.push({
      resource: 'Status',
      code: 'custom',
      field: 'state',
      message: 'state is not included in the list',
    });
  }
  const description = body.description;
  if (typeof description === 'string' && description.length > MAX_DESCRIPTION_LENGTH) {
    errors.push({
      resource: 'Status',
      code: 'custom',
      field: 'description',
      message: `description is too long (maximum is ${MAX_DESCRIPTION_LENGTH} characters)`,
    });
  }
  return errors;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * `POST /repos/{owner}/{repo}/statuses/{sha}`: adds a status to a commit named by its full sha. The
 * state must be `error`, `failure`, `pending` or `success`, the description at most 140 characters
 * (else 422 `Validation Failed`); the context defaults to `default`. Answers 201 with the status.
 */
export const createCommitStatus: GitHubHandler = async (call) => {
  const docs = OPERATION_DOCS.CreateCommitStatus;
  let body: unknown;
  try {
    body = JSON.parse(call.body.toString('utf8') || '{}');
  } catch {
    return githubError(400, 'Problems parsing JSON', docs);
  }
  if (!isPlainObject(body)) return githubError(400, 'Problems parsing JSON', docs);
  const ref = call.params.sha ?? '';
  const sha = /^[0-9a-f]{40}$/i.test(ref) ? await call.git.resolveCommit(ref) : undefined;
  if (sha === undefined) return githubError(422, `No commit found for SHA: ${ref}`, docs);
  const errors = fieldErrors(body);
  if (errors.length > 0) return validationFailed(errors, docs);
  const context = optionalText(body.context) ?? 'default';
  const { runtime } = call;
  return runtime.queue.run(async () => {
    const github = runtime.store.state.github;
    const forSha = statusesOf(call, sha);
    if (forSha.filter((s) => s.context === context).length >= MAX_STATUSES_PER_CONTEXT) {
      return validationFailed(
        [
          {
            resource: 'Status',
            code: 'custom',
            field: 'context',
            message: 'This SHA and context has reached the maximum number of statuses.',
          },
        ],
        docs,
      );
    }
    github.lastStatusId += 1;
    const status: StoredCommitStatus = {
      id: github.lastStatusId,
      state: body.state as StoredCommitStatus['state'],
      description: optionalText(body.description),
      targetUrl: optionalText(body.target_url),
      context,
      createdAt: githubTime(runtime.clock()),
    };
    github.statuses[call.repoKey] = {
      ...github.statuses[call.repoKey],
      [sha]: [...forSha, status],
    };
    await runtime.store.persist();
    const view = statusView(call.links, sha, status);
    return githubJson(201, view, { location: String(view.url) });
  });
};

/** `per_page` (1 to 100, default 30) and `page` (from 1) of a list request. */
function pageOf(url: URL): { perPage: number; page: number } {
  const perPage = Number.parseInt(url.searchParams.get('per_page') ?? '', 10);
  const page = Number.parseInt(url.searchParams.get('page') ?? '', 10);
  return {
    perPage:
      Number.isNaN(perPage) || perPage < 1 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE),
    page: Number.isNaN(page) || page < 1 ? 1 : page,
  };
}

/** GitHub's `Link` header of a page: `next` and `last` after it, `first` and `prev` before it. */
function linkHeader(url: URL, page: number, lastPage: number): Record<string, string> {
  const at = (n: number) => {
    const link = new URL(url);
    link.searchParams.set('page', String(n));
    return `<${link.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return links.length === 0 ? {} : { link: links.join(', ') };
}

function paginate<T>(
  items: readonly T[],
  url: URL,
): { items: T[]; headers: Record<string, string> } {
  const { perPage, page } = pageOf(url);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: linkHeader(url, page, lastPage),
  };
}

/** `GET /repos/{owner}/{repo}/commits/{ref}/statuses`: every status of the commit, newest first, paginated. */
export const listCommitStatusesForRef: GitHubHandler = async (call) => {
  const sha = await call.git.resolveCommit(call.params.ref ?? '');
  if (sha === undefined) {
    const docs = OPERATION_DOCS.ListCommitStatusesForRef;
    return githubError(422, `No commit found for SHA: ${call.params.ref ?? ''}`, docs);
  }
  const newestFirst = [...statusesOf(call, sha)].reverse();
  const { items, headers } = paginate(newestFirst, call.url);
  return githubJson(
    200,
    items.map((status) => statusView(call.links, sha, status)),
    headers,
  );
};

/**
 * GitHub's combined state of the latest status per context: `failure` if any is `error` or
 * `failure`, else `pending` if there is none or any is `pending`, else `success`.
 */
export function combinedState(latest: readonly StoredCommitStatus[]): string {
  if (latest.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

/**
 * `GET /repos/{owner}/{repo}/commits/{ref}/status`: the combined state, the latest status of each
 * context (newest first, paginated), their count and the commit's sha.
 */
export const getCombinedStatusForRef: GitHubHandler = async (call) => {
  const sha = await call.git.resolveCommit(call.params.ref ?? '');
  if (sha === undefined) {
    const docs = OPERATION_DOCS.GetCombinedStatusForRef;
    return githubError(422, `No commit found for SHA: ${call.params.ref ?? ''}`, docs);
  }
  const latestByContext = new Map<string, StoredCommitStatus>();
  for (const status of statusesOf(call, sha)) latestByContext.set(status.context, status);
  const latest = [...latestByContext.values()].sort((a, b) => b.id - a.id);
  const { items, headers } = paginate(latest, call.url);
  const repoUrl = `${call.links.api}/repos/${call.links.owner}/${call.links.repo}`;
  return githubJson(
    200,
    {
      state: combinedState(latest),
      statuses: items.map((status) => statusView(call.links, sha, status)),
      sha,
      total_count: latest.length,
      repository: repositoryView(call.links),
      commit_url: `${repoUrl}/commits/${sha}`,
      url: `${repoUrl}/commits/${sha}/status`,
    },
    headers,
  );
};
