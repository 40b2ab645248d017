/**
 * The GitHub REST stand-in, under `/github` of the sandbox's port, so `new Octokit({ baseUrl:
 * '<sandbox>/github', auth })` works unchanged. It serves one repository (the git repository the
 * sandbox was started in, under a configured `owner/repo`) with the endpoints Plumbline uses.
 *
 * Every answer carries GitHub's rate-limit headers. A request is counted in the stats under
 * `GitHub` and its operation, must carry the configured token (`Authorization: token X` or
 * `Bearer X`, else 401), and goes through the fault rules like an AWS request: a rule's
 * `throttleRate` answers GitHub's rate-limited 403 (`x-ratelimit-remaining: 0`), its `errorRate`
 * answers `errorStatus` (default 500) with `{ message: errorMessage ?? 'Server Error' }`.
 */
import { type FaultCodec, injectFaults } from '../aws-route.js';
import type { Route, SandboxRequest, SandboxResponse } from '../route.js';
import type { SandboxRuntime } from '../runtime.js';
import { AwsError } from '../service.js';
import { compareCommits, getCommit, getContent } from './commits.js';
import type { GitHubHandler } from './endpoint.js';
import { GitRepository } from './git.js';
import {
  defaultErrorMessage,
  type GitHubOperation,
  githubError,
  OPERATION_DOCS,
  REST_DOCS,
} from './http.js';
import type { RateLimit } from './rate-limit.js';
import {
  createCommitStatus,
  getCombinedStatusForRef,
  listCommitStatusesForRef,
} from './statuses.js';

/** Path prefix of the stand-in. */
export const GITHUB_PREFIX = '/github';
/** The stats name of the stand-in; fault rules name it so too (`services: ['GitHub']`). */
export const GITHUB_SERVICE_NAME = 'GitHub';

/** What the stand-in serves. */
export interface GitHubOptions {
  /** The git repository read for commits, contents and comparisons. */
  readonly repoDir: string;
  /** `owner/repo` the repository is served as; any other repository is a 404. */
  readonly repository: string;
  /** The token requests must carry. */
  readonly token: string;
  /** The primary rate limit's window, shared with the sandbox's reset. */
  readonly rateLimit: RateLimit;
}

const RATE_LIMITED = 'RateLimited';

/** The answers fault injection gives: GitHub's rate-limited 403, or an error status. */
const githubFaults: FaultCodec = {
  throttling: () =>
    new AwsError(
      RATE_LIMITED,
      'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.',
      403,
    ),
  internalFailure: (code = 'ServerError', status = 500, message = defaultErrorMessage(status)) =>
    new AwsError(code, message, status),
};

interface Matched {
  readonly operation: GitHubOperation;
  readonly handler: GitHubHandler;
  readonly owner: string;
  readonly repo: string;
  readonly params: Record<string, string>;
}

/** The endpoint a request calls, with its path parameters decoded; `undefined` when none matches. */
export function matchGitHubEndpoint(method: string, pathname: string): Matched | undefined {
  const segments = pathname.slice(GITHUB_PREFIX.length).split('/').slice(1);
  let decoded: string[];
  try {
    decoded = segments.map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [root, owner = '', repo = '', kind, ...tail] = decoded;
  if (root !== 'repos' || owner === '' || repo === '' || kind === undefined) return undefined;
  const at = (operation: Matched['operation'], handler: GitHubHandler, params = {}) => ({
    operation,
    handler,
    owner,
    repo,
    params,
  });
  const joined = tail.join('/');
  const last = tail.at(-1);
  if (method === 'GET' && kind === 'commits' && tail.length > 0 && !tail.includes('')) {
    const ref = tail.slice(0, -1).join('/');
    if (tail.length > 1 && last === 'statuses') {
      return at('ListCommitStatusesForRef', listCommitStatusesForRef, { ref });
    }
    if (tail.length > 1 && last === 'status') {
      return at('GetCombinedStatusForRef', getCombinedStatusForRef, { ref });
    }
    return at('GetCommit', getCommit, { ref: joined });
  }
  if (method === 'GET' && kind === 'contents')
    return at('GetContent', getContent, { path: joined });
  if (method === 'GET' && kind === 'compare' && joined !== '') {
    return at('CompareCommits', compareCommits, { basehead: joined });
  }
  if (method === 'POST' && kind === 'statuses' && tail.length === 1 && joined !== '') {
    return at('CreateCommitStatus', createCommitStatus, { sha: joined });
  }
  return undefined;
}

/** The token of an `Authorization: token X` or `Bearer X` header. */
function tokenOf(request: SandboxRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim())?.[1];
}

/** Creates the route of the GitHub stand-in. */
export function createGitHubRoute(runtime: SandboxRuntime, options: GitHubOptions): Route {
  const git = new GitRepository(options.repoDir);
  const [owner = '', repo = ''] = options.repository.split('/');
  let isRepository: Promise<boolean> | undefined;
  return {
    name: 'github',
    matches: (request) =>
      request.url.pathname === GITHUB_PREFIX ||
      request.url.pathname.startsWith(`${GITHUB_PREFIX}/`),
    async handle(request) {
      const now = () => runtime.clock().getTime();
      const withLimits = (response: SandboxResponse, exhausted = false): SandboxResponse => ({
        ...response,
        headers: { ...response.headers, ...options.rateLimit.headers(now(), exhausted) },
      });
      const matched = matchGitHubEndpoint(request.method, request.url.pathname);
      if (matched === undefined) return withLimits(githubError(404, 'Not Found'));
      runtime.stats.record(GITHUB_SERVICE_NAME, matched.operation);
      const token = tokenOf(request);
      if (token !== options.token) {
        const message = token === undefined ? 'Requires authentication' : 'Bad credentials';
        return withLimits(githubError(401, message, REST_DOCS));
      }
      const docs = OPERATION_DOCS[matched.operation];
      const injected = await injectFaults(runtime, githubFaults, {
        service: GITHUB_SERVICE_NAME,
        signingName: 'github',
        operation: matched.operation,
      });
      if (injected !== undefined) {
        const limited = injected.code === RATE_LIMITED;
        const documentation = limited
          ? `${REST_DOCS}/using-the-rest-api/rate-limits-for-the-rest-api`
          : REST_DOCS;
        return withLimits(githubError(injected.status, injected.message, documentation), limited);
      }
      if (!options.rateLimit.take(now())) {
        const message = 'API rate limit exceeded for user ID 1.';
        return withLimits(githubError(403, message, REST_DOCS), true);
      }
      isRepository ??= git.exists();
      const served =
        `${matched.owner}/${matched.repo}`.toLowerCase() === options.repository.toLowerCase();
      if (!served || !(await isRepository)) return withLimits(githubError(404, 'Not Found', docs));
      const host = request.headers.host ?? '127.0.0.1';
      const url = new URL(`${request.url.pathname}${request.url.search}`, `http://${host}`);
      const response = await matched.handler({
        params: matched.params,
        url,
        body: request.body,
        links: { api: `http://${host}${GITHUB_PREFIX}`, owner, repo },
        git,
        runtime,
        repoKey: options.repository.toLowerCase(),
      });
      return withLimits(response);
    },
  };
}
