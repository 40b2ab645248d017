/** GitHub REST answers: JSON with GitHub's headers, and its error bodies. */
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { SandboxResponse } from '../route.js';

/** Where GitHub's error bodies point when no endpoint page fits. */
export const REST_DOCS = 'https://docs.github.com/rest';

/** The documentation page of each operation, as GitHub's error bodies name it. */
export const OPERATION_DOCS = {
  GetCommit: `${REST_DOCS}/commits/commits#get-a-commit`,
  CompareCommits: `${REST_DOCS}/commits/commits#compare-two-commits`,
  GetContent: `${REST_DOCS}/repos/contents#get-repository-content`,
  CreateCommitStatus: `${REST_DOCS}/commits/statuses#create-a-commit-status`,
  ListCommitStatusesForRef: `${REST_DOCS}/commits/statuses#list-commit-statuses-for-a-reference`,
  GetCombinedStatusForRef: `${REST_DOCS}/commits/statuses#get-the-combined-status-for-a-specific-reference`,
} as const;

/** The operations of the stand-in, named after Octokit's methods. */
export type GitHubOperation = keyof typeof OPERATION_DOCS;

/** A JSON answer with the headers GitHub sends on every REST response. */
export function githubJson(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): SandboxResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/** A GitHub error body: `{ message, documentation_url, status }` (the status as a string, as GitHub sends it). */
export function githubError(
  status: number,
  message: string,
  documentationUrl: string = REST_DOCS,
  headers: Readonly<Record<string, string>> = {},
): SandboxResponse {
  return githubJson(
    status,
    { message, documentation_url: documentationUrl, status: String(status) },
    headers,
  );
}

/** A field error of a 422 `Validation Failed` answer. */
export interface FieldError {
  readonly resource: string;
  readonly code: string;
  readonly field: string;
  readonly message?: string;
}

/** GitHub's 422 `Validation Failed` answer with its `errors`. */
export function validationFailed(
  errors: readonly FieldError[],
  documentationUrl: string,
): SandboxResponse {
  return githubJson(422, {
    message: 'Validation Failed',
    errors,
    documentation_url: documentationUrl,
    status: '422',
  });
}

/** The message of an injected error of `status` that sets none. */
export function defaultErrorMessage(status: number): string {
  return status >= 500 ? 'Server Error' : (STATUS_CODES[status] ?? 'Error');
}
