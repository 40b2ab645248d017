/**
 * The GitHub stand-in's slice of the sandbox state: the commit statuses created through it. Commits,
 * trees and files are read from the git repository the sandbox serves, never stored. Plain JSON;
 * timestamps are ISO strings as GitHub writes them.
 */

/** A commit status as created; the API adds URLs and the creator when it answers. */
export type StoredCommitStatus = {
  id: number;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  targetUrl: string | null;
  context: string;
  /** ISO 8601 without fractional seconds, as GitHub writes times. */
  createdAt: string;
};

/** The GitHub stand-in's slice of the sandbox state. */
export interface GitHubState {
  /** By repository full name (`owner/repo`, lower case), then commit sha; each list oldest first. */
  statuses: Record<string, Record<string, StoredCommitStatus[]>>;
  /** The id of the last status created. */
  lastStatusId: number;
}

/** An empty GitHub slice. */
export function initialGitHubState(): GitHubState {
  return { statuses: {}, lastStatusId: 0 };
}
