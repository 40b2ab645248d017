import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_STATE_TABLE } from '../../model/conventions.js';
import { LockLostError, ReconcileStateError } from '../../model/errors.js';
import type { RolloutCheckpoint } from '../../model/rollout-checkpoint.js';
import type { CheckpointStore } from '../../ports/checkpoint-store.js';
import { describeError } from './failure-reason.js';
import { isConditionalCheckFailed } from './lock-error-mapping.js';

/** How long a checkpoint outlives its last write, for DynamoDB TTL: no rollout waits a week. */
const CHECKPOINT_RETENTION_SECONDS = 7 * 24 * 60 * 60;

/** Construction options of {@link DynamoDbCheckpointStore}. */
export interface DynamoDbCheckpointStoreOptions {
  readonly client: DynamoDBClient;
  /** @default 'plumbline-state' */
  readonly tableName?: string;
}

/**
 * {@link CheckpointStore} on the state table:
 *
 * ```
 * checkpoint#<env>  owner S, token N, body S (the checkpoint as JSON), ttl N
 * save   PutItem IF attribute_not_exists(pk) OR token <= :token   (fenced by the lease's token)
 * clear  DeleteItem IF owner = :owner                             (another owner's stays)
 * ```
 *
 * @example
 * const checkpoints = new DynamoDbCheckpointStore({ client: aws.dynamodb });
 */
export class DynamoDbCheckpointStore implements CheckpointStore {
  readonly tableName: string;
  readonly #client: DynamoDBClient;

  constructor(options: DynamoDbCheckpointStoreOptions) {
    this.#client = options.client;
    this.tableName = options.tableName ?? DEFAULT_STATE_TABLE;
  }

  /** @throws LockLostError when a rollout with a newer lease wrote the environment's checkpoint. */
  async save(checkpoint: RolloutCheckpoint): Promise<void> {
    const ttl = Math.floor(Date.parse(checkpoint.savedAt) / 1000) + CHECKPOINT_RETENTION_SECONDS;
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: key(checkpoint.env) },
            owner: { S: checkpoint.owner },
            token: { N: String(checkpoint.token) },
            body: { S: JSON.stringify(checkpoint) },
            ttl: { N: String(ttl) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #token <= :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': { N: String(checkpoint.token) } },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error))
        throw new LockLostError(checkpoint.env, checkpoint.owner, checkpoint.token, {
          cause: error,
        });
      throw this.#error('save', checkpoint.env, error);
    }
  }

  async load(env: string): Promise<RolloutCheckpoint | undefined> {
    let body: string | undefined;
    try {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key(env) } },
          ConsistentRead: true,
        }),
      );
      body = out.Item?.body?.S;
    } catch (error) {
      throw this.#error('load', env, error);
    }
    if (body === undefined) return undefined;
    try {
      return JSON.parse(body) as RolloutCheckpoint;
    } catch (error) {
      throw new ReconcileStateError(
        'checkpoints',
        'load',
        env,
        'the stored checkpoint is not JSON',
        {
          cause: error,
          terminal: true,
        },
      );
    }
  }

  async clear(env: string, owner: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key(env) } },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: owner } },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return;
      throw this.#error('clear', env, error);
    }
  }

  #error(operation: string, env: string, error: unknown): ReconcileStateError {
    return new ReconcileStateError('checkpoints', operation, env, describeError(error), {
      cause: error,
    });
  }
}

function key(env: string): string {
  return `checkpoint#${env}`;
}
