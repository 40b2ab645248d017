import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_STATE_TABLE } from '../../model/conventions.js';
import { RunStoreError } from '../../model/errors.js';
import type { ScanRun } from '../../model/scan-run.js';
import type { RunStore } from '../../ports/run-store.js';
import { describeError } from './failure-reason.js';
import { isConditionalCheckFailed } from './lock-error-mapping.js';
import { envKey, IN_SYNC_EXPRESSIONS, runItem } from './run-item.js';

/** Construction options of {@link DynamoDbRunStore}. */
export interface DynamoDbRunStoreOptions {
  readonly client: DynamoDBClient;
  /**
   * The state table (string hash key `pk`, see `lockTableDefinition`).
   * @default 'plumbline-state'
   */
  readonly tableName?: string;
}

/**
 * {@link RunStore} on the state table: one item per scan run, kept a month through DynamoDB TTL,
 * and one item per environment whose last in-sync time only moves forward, so a slow scan that
 * finishes after a newer one cannot move it back (layout and conditions: {@link IN_SYNC_EXPRESSIONS}).
 *
 * @example
 * const runs = new DynamoDbRunStore({ client: aws.dynamodb });
 * await runs.record(run);
 * const since = await runs.lastInSync('prod');
 */
export class DynamoDbRunStore implements RunStore {
  readonly tableName: string;
  readonly #client: DynamoDBClient;

  constructor(options: DynamoDbRunStoreOptions) {
    this.#client = options.client;
    this.tableName = options.tableName ?? DEFAULT_STATE_TABLE;
  }

  /** @throws {@link RunStoreError} when the record cannot be written. */
  async record(run: ScanRun): Promise<void> {
    try {
      await this.#client.send(
        new PutItemCommand({ TableName: this.tableName, Item: runItem(run) }),
      );
    } catch (error) {
      throw new RunStoreError('record', run.scanId, describeError(error), { cause: error });
    }
  }

  /**
   * Records `at` unless a later in-sync time is stored already.
   * @throws {@link RunStoreError} when the table cannot be written.
   */
  async markInSync(env: string, at: Date): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: envKey(env),
          ...IN_SYNC_EXPRESSIONS,
          ExpressionAttributeValues: { ':at': { N: String(at.getTime()) } },
        }),
      );
    } catch (error) {
      // The stored time is the same or later: nothing to move.
      if (isConditionalCheckFailed(error)) return;
      throw new RunStoreError('markInSync', env, describeError(error), { cause: error });
    }
  }

  /**
   * When the environment was last scanned in sync; `undefined` when never.
   * @throws {@link RunStoreError} when the table cannot be read or holds a malformed time.
   */
  async lastInSync(env: string): Promise<Date | undefined> {
    let stored: string | undefined;
    try {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: envKey(env),
          ProjectionExpression: 'lastInSyncAt',
          ConsistentRead: true,
        }),
      );
      stored = out.Item?.lastInSyncAt?.N;
    } catch (error) {
      throw new RunStoreError('lastInSync', env, describeError(error), { cause: error });
    }
    if (stored === undefined) return undefined;
    const ms = Number(stored);
    if (!Number.isSafeInteger(ms)) {
      throw new RunStoreError('lastInSync', env, `malformed lastInSyncAt ${stored}`, {
        terminal: true,
      });
    }
    return new Date(ms);
  }
}
