import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type {
  EnvironmentProgress,
  Promotion,
  PromotionStage,
  PromotionTarget,
} from '../../model/promotion.js';

/** A DynamoDB item in its wire form. */
export type Item = Record<string, AttributeValue>;

/** How long a promotion is kept before DynamoDB TTL may delete it. */
export const PROMOTION_RETENTION_SECONDS = 90 * 24 * 60 * 60;

/**
 * The promotion store's items in the state table (beside leases, alerts and runs):
 *
 * ```
 * promotion#<sha>  sha S, committedAt S, createdAt S, reasons M of S,
 *                  envs M of M { stage S, detail S, at S }, ttl N (createdAt + 90 days)
 * target#<env>     sha S, committedAt S (ISO 8601 in UTC, so strings order as instants)
 * ```
 *
 * Writes: `start` PutItem IF attribute_not_exists(pk); `move` UpdateItem SET envs.#env = :to IF
 * envs.#env.stage IN (:from...); `claimTarget` PutItem IF attribute_not_exists(pk) OR
 * committedAt <= :c OR sha = :sha, returning the old item.
 */
export function promotionKey(sha: string): Item {
  return { pk: { S: `promotion#${sha}` } };
}

export function targetKey(env: string): Item {
  return { pk: { S: `target#${env}` } };
}

export function promotionItem(promotion: Promotion): Item {
  const createdSeconds = Math.floor(Date.parse(promotion.createdAt) / 1000);
  return {
    ...promotionKey(promotion.sha),
    sha: { S: promotion.sha },
    committedAt: { S: promotion.committedAt },
    createdAt: { S: promotion.createdAt },
    reasons: {
      M: Object.fromEntries(Object.entries(promotion.reasons).map(([k, v]) => [k, { S: v }])),
    },
    envs: {
      M: Object.fromEntries(
        Object.entries(promotion.environments).map(([env, p]) => [env, progressValue(p)]),
      ),
    },
    ttl: { N: String(createdSeconds + PROMOTION_RETENTION_SECONDS) },
  };
}

export function progressValue(progress: EnvironmentProgress): AttributeValue {
  return {
    M: { stage: { S: progress.stage }, detail: { S: progress.detail }, at: { S: progress.at } },
  };
}

/** Reads a promotion item; `undefined` for an item that is not one. */
export function promotionOf(item: Item): Promotion | undefined {
  const sha = item.sha?.S;
  const committedAt = item.committedAt?.S;
  const createdAt = item.createdAt?.S;
  if (!sha || !committedAt || !createdAt) return undefined;
  const environments: Record<string, EnvironmentProgress> = {};
  for (const [env, value] of Object.entries(item.envs?.M ?? {})) {
    const m = value.M ?? {};
    environments[env] = {
      stage: (m.stage?.S ?? 'waiting') as PromotionStage,
      detail: m.detail?.S ?? '',
      at: m.at?.S ?? createdAt,
    };
  }
  const reasons = Object.fromEntries(
    Object.entries(item.reasons?.M ?? {}).map(([k, v]) => [k, v.S ?? '']),
  );
  return { sha, committedAt, createdAt, reasons, environments };
}

export function targetOf(item: Item | undefined): PromotionTarget | undefined {
  const sha = item?.sha?.S;
  const committedAt = item?.committedAt?.S;
  return sha && committedAt ? { sha, committedAt } : undefined;
}
