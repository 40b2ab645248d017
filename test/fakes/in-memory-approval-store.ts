import { ApprovalStoreError } from '../../controller/model/errors.js';
import type { Approval, ApprovalStore } from '../../controller/ports/approval-store.js';

/**
 * An in-memory {@link ApprovalStore} with the semantics of `DynamoDbApprovalStore`, for flow tests.
 *
 * Spec: one approval per environment and commit. `record` keeps the first approval and returns
 * the one kept (a copy); `find` returns it, or `undefined`. Both throw a terminal
 * `ApprovalStoreError` for an empty environment or a commit id that is not 40 lower-case hex
 * digits, and `record` for an empty `by` or an invalid `at`. Every call is atomic and resolves asynchronously. `calls` lists them in order.
 */
export class InMemoryApprovalStore implements ApprovalStore {
  readonly calls: string[] = [];
  private readonly approvals = new Map<string, Approval>();

  async record(approval: Approval): Promise<Approval> {
    this.calls.push(`record ${approval.env} ${approval.sha} ${approval.by}`);
    const key = check('record', approval.env, approval.sha);
    if (approval.by === '' || Number.isNaN(approval.at.getTime())) {
      throw new ApprovalStoreError('record', approval.env, approval.sha, 'malformed approval', {
        terminal: true,
      });
    }
    const kept = this.approvals.get(key);
    if (kept !== undefined) return copy(kept);
    this.approvals.set(key, copy(approval));
    return copy(approval);
  }

  async find(env: string, sha: string): Promise<Approval | undefined> {
    this.calls.push(`find ${env} ${sha}`);
    const found = this.approvals.get(check('find', env, sha));
    return found === undefined ? undefined : copy(found);
  }
}

function check(operation: 'record' | 'find', env: string, sha: string): string {
  if (env === '' || !/^[0-9a-f]{40}$/.test(sha)) {
    throw new ApprovalStoreError(operation, env, sha, 'malformed key', { terminal: true });
  }
  return `${env}#${sha}`;
}

function copy(approval: Approval): Approval {
  return { ...approval, at: new Date(approval.at) };
}
