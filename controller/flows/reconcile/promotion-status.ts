import { type CommitState, STATUS_DESCRIPTION_MAX } from '../../core/render/status-description.js';
import { clip } from '../../core/text.js';
import { STATUS_CONTEXTS } from '../../model/conventions.js';
import { WAITING_STAGES } from '../../model/promotion.js';
import type { ReconcileDeps } from './reconcile-deps.js';

/** How to approve `env` at `sha`, in a status description. */
export function approveHint(env: string, sha: string): string {
  return `comment /approve ${env} or run plumbline approve --env ${env} --ref ${sha}`;
}

/** Writes `plumbline/<env>` on the commit. */
export async function reportStage(
  deps: Pick<ReconcileDeps, 'statuses'>,
  sha: string,
  env: string,
  state: CommitState,
  description: string,
): Promise<void> {
  await deps.statuses.report({
    sha,
    context: STATUS_CONTEXTS.rollout(env),
    state,
    description: clip(description, STATUS_DESCRIPTION_MAX),
  });
}

/**
 * Marks `env` of the older commit's promotion superseded by `by`, if it was still waiting there,
 * and says so on that commit. A rollout of it already under way is left to finish.
 */
export async function supersede(
  deps: Pick<ReconcileDeps, 'promotions' | 'statuses' | 'clock'>,
  older: string,
  env: string,
  by: string,
): Promise<boolean> {
  const detail = `superseded by ${by.slice(0, 7)}: not rolled out`;
  const moved = await deps.promotions.move(older, env, WAITING_STAGES, {
    stage: 'superseded',
    detail,
    at: deps.clock.now().toISOString(),
  });
  if (moved) await reportStage(deps, older, env, 'error', detail);
  return moved;
}
