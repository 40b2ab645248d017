import type {
  EnvironmentProgress,
  Promotion,
  PromotionStage,
  PromotionTarget,
} from '../model/promotion.js';

/** What claiming an environment's target did. */
export type TargetClaim =
  | { readonly claimed: true; readonly previous?: PromotionTarget }
  | { readonly claimed: false; readonly current: PromotionTarget };

/**
 * Promotions of commits through environments, and each environment's newest target commit. Every
 * change is conditional, so concurrent reconcilers (at-least-once delivery) agree on one outcome.
 *
 * @example
 * const promotion = await promotions.start({ sha, committedAt, createdAt, reasons, environments });
 * if (await promotions.move(sha, 'dev', WAITING_STAGES, { stage: 'rolling-out', detail, at })) ...
 */
export interface PromotionStore {
  /** Stores a new promotion; when one exists for the commit already, returns it unchanged. */
  start(promotion: Promotion): Promise<Promotion>;
  get(sha: string): Promise<Promotion | undefined>;
  /**
   * Moves `env` of the commit's promotion to `to`, if its stage is one of `from`.
   * @returns whether it moved (false: another stage, or no such promotion or environment)
   */
  move(
    sha: string,
    env: string,
    from: readonly PromotionStage[],
    to: EnvironmentProgress,
  ): Promise<boolean>;
  /** The environment's newest target commit. */
  target(env: string): Promise<PromotionTarget | undefined>;
  /**
   * Makes `target` the environment's target unless a newer commit (a later `committedAt`) is
   * already; the same commit claims again successfully.
   */
  claimTarget(env: string, target: PromotionTarget): Promise<TargetClaim>;
}
