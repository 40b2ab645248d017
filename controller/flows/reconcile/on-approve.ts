import type { ApproveRequest } from '../../model/reconcile-request.js';
import { advance } from './advance.js';
import type { ReconcileDeps, ReconcileResult } from './reconcile-deps.js';

/**
 * An approval of `env` at `sha`. One from a commit comment counts only when the commenter is one of
 * the environment's `rollout.approvers` (in its manifest at that commit); one from the CLI was
 * authorized by AWS already (it wrote the state table). The approval is recorded with who and when,
 * then the environment's promotion takes its next step at once.
 *
 * @example
 * await onApprove(deps, { kind: 'approve', env: 'prod', sha, by: 'github:octocat', via: 'commit-comment' });
 */
export async function onApprove(
  deps: ReconcileDeps,
  req: ApproveRequest,
): Promise<ReconcileResult> {
  const { desired } = await deps.manifestsAt(req.sha).load(req.env);
  if (!desired.rollout.requireApproval)
    return { summary: `${req.env} does not require approval; ignored ${req.by}'s` };
  if (req.via === 'commit-comment') {
    const login = req.by.replace(/^github:/, '').toLowerCase();
    const approvers = desired.rollout.approvers.map((a) => a.toLowerCase());
    if (!approvers.includes(login)) {
      deps.logger.warn('approval refused: not an approver', { env: req.env, by: req.by });
      return { summary: `${req.by} is not an approver of ${req.env}; ignored` };
    }
  }
  const approval = await deps.approvals.record({
    env: req.env,
    sha: req.sha,
    by: req.by,
    via: req.via,
    at: deps.clock.now(),
  });
  const next = await advance(deps, { kind: 'advance', env: req.env, sha: req.sha });
  return {
    summary: `${req.env} at ${req.sha.slice(0, 7)} approved by ${approval.by}; ${next.summary}`,
  };
}
