/** A person's approval of one environment at one commit. */
export interface Approval {
  readonly env: string;
  readonly sha: string;
  /** `github:<login>`, or the caller's identity (an IAM ARN, and the local user) for the CLI. */
  readonly by: string;
  readonly via: 'cli' | 'commit-comment';
  readonly at: Date;
}

/**
 * Approvals of environments that declare `rollout.requireApproval`, kept with who and when.
 *
 * @example
 * await approvals.record({ env: 'prod', sha, by: 'github:octocat', via: 'commit-comment', at });
 * const approved = await approvals.find('prod', sha);
 */
export interface ApprovalStore {
  /** Records an approval; the first approval of an environment at a commit is kept. */
  record(approval: Approval): Promise<Approval>;
  find(env: string, sha: string): Promise<Approval | undefined>;
}
