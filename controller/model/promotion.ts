/**
 * Where one environment stands in the promotion of one commit:
 * - `waiting`: for the environment it comes after (`rollout.after`) to succeed with this commit;
 * - `awaiting-approval`: `rollout.requireApproval` and nobody approved yet;
 * - `frozen`: inside a freeze window, until it ends;
 * - `rolling-out`: a rollout under way (possibly continued across invocations);
 * - `succeeded`, `failed`, `blocked` (the stateful guard): how the rollout ended;
 * - `superseded`: a newer commit affects the environment, it rolls out that one instead;
 * - `skipped`: the environment it comes after did not succeed, so this one is not rolled out.
 */
export type PromotionStage =
  | 'waiting'
  | 'awaiting-approval'
  | 'frozen'
  | 'rolling-out'
  | 'succeeded'
  | 'failed'
  | 'blocked'
  | 'superseded'
  | 'skipped';

/** Stages of an environment whose rollout has not started yet. */
export const WAITING_STAGES: readonly PromotionStage[] = ['waiting', 'awaiting-approval', 'frozen'];

/** Stages a commit's environment never leaves. */
export const FINAL_STAGES: readonly PromotionStage[] = [
  'succeeded',
  'failed',
  'blocked',
  'superseded',
  'skipped',
];

/** One environment's progress in a promotion. */
export interface EnvironmentProgress {
  readonly stage: PromotionStage;
  /** What the commit status says, e.g. `waiting for dev`. */
  readonly detail: string;
  /** ISO 8601. */
  readonly at: string;
}

/** The promotion of one commit of the main branch through the environments it affects. */
export interface Promotion {
  readonly sha: string;
  /** The commit's committer date (ISO 8601, UTC): a newer commit supersedes an older one. */
  readonly committedAt: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** Why each environment is affected (`desired-state/environments/dev.yaml changed`). */
  readonly reasons: Readonly<Record<string, string>>;
  /** The affected environments only. */
  readonly environments: Readonly<Record<string, EnvironmentProgress>>;
}

/** The newest commit an environment should run, as far as pushes tell. */
export interface PromotionTarget {
  readonly sha: string;
  readonly committedAt: string;
}

/** Whether `stage` is final. */
export function isFinalStage(stage: PromotionStage): boolean {
  return FINAL_STAGES.includes(stage);
}
