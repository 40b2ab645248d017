import type {
  EnvironmentProgress,
  Promotion,
  PromotionStage,
  PromotionTarget,
} from '../../controller/model/promotion.js';
import type { PromotionStore, TargetClaim } from '../../controller/ports/promotion-store.js';

/** An in-memory PromotionStore with the DynamoDB store's conditional semantics, for flow tests. */
export class InMemoryPromotionStore implements PromotionStore {
  readonly promotions = new Map<string, Promotion>();
  readonly targets = new Map<string, PromotionTarget>();

  async start(promotion: Promotion): Promise<Promotion> {
    const stored = this.promotions.get(promotion.sha);
    if (stored) return stored;
    this.promotions.set(promotion.sha, promotion);
    return promotion;
  }

  async get(sha: string): Promise<Promotion | undefined> {
    return this.promotions.get(sha);
  }

  async move(
    sha: string,
    env: string,
    from: readonly PromotionStage[],
    to: EnvironmentProgress,
  ): Promise<boolean> {
    const promotion = this.promotions.get(sha);
    const current = promotion?.environments[env];
    if (!promotion || !current || !from.includes(current.stage)) return false;
    this.promotions.set(sha, {
      ...promotion,
      environments: { ...promotion.environments, [env]: to },
    });
    return true;
  }

  async target(env: string): Promise<PromotionTarget | undefined> {
    return this.targets.get(env);
  }

  async claimTarget(env: string, target: PromotionTarget): Promise<TargetClaim> {
    const current = this.targets.get(env);
    if (current && current.sha !== target.sha && current.committedAt > target.committedAt)
      return { claimed: false, current };
    this.targets.set(env, target);
    return current ? { claimed: true, previous: current } : { claimed: true };
  }

  /** The stage of `env` in the promotion of `sha`. */
  stage(sha: string, env: string): PromotionStage | undefined {
    return this.promotions.get(sha)?.environments[env]?.stage;
  }
}
