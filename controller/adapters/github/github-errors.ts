import { GitHubUnavailableError } from '../../model/errors.js';

/** What GitHub answered, as much as the error says (Octokit's `RequestError` carries it). */
interface ResponseLike {
  readonly status?: number;
  readonly response?: { readonly headers?: Readonly<Record<string, string | number | undefined>> };
}

/**
 * Maps a failed GitHub call to a typed error: GitHub down (5xx, no answer) or rate-limited
 * (403/429 with `x-ratelimit-remaining: 0`, or a `retry-after`) is {@link GitHubUnavailableError},
 * transient; anything else is rethrown as it is. The message never carries request headers.
 */
export function githubFailure(operation: string, error: unknown): unknown {
  const e = error as ResponseLike & Error;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const limited =
    (status === 403 || status === 429) &&
    (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined);
  if (status === undefined || status >= 500 || limited) {
    const reset = headers['x-ratelimit-reset'];
    const why = limited
      ? `rate-limited until ${reset === undefined ? 'later' : new Date(Number(reset) * 1000).toISOString()}`
      : status === undefined
        ? `no answer (${e.name})`
        : `HTTP ${status}`;
    return new GitHubUnavailableError(operation, why, { cause: error });
  }
  return error;
}
