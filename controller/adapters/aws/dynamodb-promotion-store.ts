import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_STATE_TABLE } from '../../model/conventions.js';
import { ReconcileStateError } from '../../model/errors.js';
import type {
  EnvironmentProgress,
  Promotion,
  PromotionStage,
  PromotionTarget,
} from '../../model/promotion.js';
import type { PromotionStore, TargetClaim } from '../../ports/promotion-store.js';
import { describeError } from './failure-reason.js';
import { isConditionalCheckFailed } from './lock-error-mapping.js';
import {
  progressValue,
  promotionItem,
  promotionKey,
  promotionOf,
  targetKey,
  targetOf,
} from './promotion-item.js';

/** Construction options of {@link DynamoDbPromotionStore}. */
export interface DynamoDbPromotionStoreOptions {
  readonly client: DynamoDBClient;
  /** @default 'plumbline-state' */
  readonly tableName?: string;
}

/**
 * {@link PromotionStore} on the state table (item layout: `promotion-item.ts`). Reads are
 * consistent; every write is conditional.
 *
 * @example
 * const promotions = new DynamoDbPromotionStore({ client: aws.dynamodb });
 */
export class DynamoDbPromotionStore implements PromotionStore {
  readonly tableName: string;
  readonly #client: DynamoDBClient;

  constructor(options: DynamoDbPromotionStoreOptions) {
    this.#client = options.client;
    this.tableName = options.tableName ?? DEFAULT_STATE_TABLE;
  }

  async start(promotion: Promotion): Promise<Promotion> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: promotionItem(promotion),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return promotion;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw this.#error('start', promotion.sha, error);
    }
    const stored = await this.get(promotion.sha);
    if (!stored)
      throw this.#error('start', promotion.sha, 'the promotion vanished after a conflict');
    return stored;
  }

  async get(sha: string): Promise<Promotion | undefined> {
    try {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: promotionKey(sha),
          ConsistentRead: true,
        }),
      );
      return out.Item ? promotionOf(out.Item) : undefined;
    } catch (error) {
      throw this.#error('get', sha, error);
    }
  }

  async move(
    sha: string,
    env: string,
    from: readonly PromotionStage[],
    to: EnvironmentProgress,
  ): Promise<boolean> {
    const fromValues = Object.fromEntries(from.map((stage, i) => [`:from${i}`, { S: stage }]));
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: promotionKey(sha),
          UpdateExpression: 'SET envs.#env = :to',
          ConditionExpression: `envs.#env.stage IN (${Object.keys(fromValues).join(', ')})`,
          ExpressionAttributeNames: { '#env': env },
          ExpressionAttributeValues: { ':to': progressValue(to), ...fromValues },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw this.#error('move', `${sha} ${env}`, error);
    }
  }

  async target(env: string): Promise<PromotionTarget | undefined> {
    try {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: targetKey(env),
          ConsistentRead: true,
        }),
      );
      return targetOf(out.Item);
    } catch (error) {
      throw this.#error('target', env, error);
    }
  }

  async claimTarget(env: string, target: PromotionTarget): Promise<TargetClaim> {
    try {
      const out = await this.#client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...targetKey(env),
            sha: { S: target.sha },
            committedAt: { S: target.committedAt },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR committedAt <= :c OR sha = :sha',
          ExpressionAttributeValues: { ':c': { S: target.committedAt }, ':sha': { S: target.sha } },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previous = targetOf(out.Attributes);
      return previous ? { claimed: true, previous } : { claimed: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw this.#error('claimTarget', env, error);
    }
    const current = await this.target(env);
    if (!current) return this.claimTarget(env, target);
    return { claimed: false, current };
  }

  #error(operation: string, subject: string, error: unknown): ReconcileStateError {
    return new ReconcileStateError(
      'promotions',
      operation,
      subject,
      typeof error === 'string' ? error : describeError(error),
      typeof error === 'string' ? {} : { cause: error },
    );
  }
}
