import { randomUUID } from 'node:crypto';
import {
  type ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandOutput,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { OpenAlert } from '../../model/alert.js';
import { DEFAULT_STATE_TABLE } from '../../model/conventions.js';
import { AlertLedgerError } from '../../model/errors.js';
import type { AlertLedger, AlertLedgerEntry } from '../../ports/alert-ledger.js';
import {
  entryFromItem,
  LEDGER_CONDITIONS,
  type LedgerItem,
  ledgerItem,
  ledgerKey,
} from './alert-ledger-item.js';
import { describeError } from './failure-reason.js';
import { isConditionalCheckFailed } from './lock-error-mapping.js';

/** Construction options of {@link DynamoDbAlertLedger}. */
export interface DynamoDbAlertLedgerOptions {
  readonly client: DynamoDBClient;
  /**
   * The state table (string hash key `pk`, see `lockTableDefinition`).
   * @default 'plumbline-state'
   */
  readonly tableName?: string;
  /**
   * Makes the id each write is stamped with (see {@link LEDGER_CONDITIONS}).
   * @default - a random UUID
   */
  readonly newWriteId?: () => string;
}

/**
 * {@link AlertLedger} on one state-table item per environment (layout and conditions:
 * {@link LEDGER_CONDITIONS}). Reads are strongly consistent, so a scan that lost a race reads the
 * winner's write on its next attempt.
 *
 * @example
 * const ledger = new DynamoDbAlertLedger({ client: aws.dynamodb });
 * const entry = await ledger.read('prod');
 * if (await ledger.replace('prod', entry.version, next)) await publishAll(send);
 */
export class DynamoDbAlertLedger implements AlertLedger {
  readonly tableName: string;
  readonly #client: DynamoDBClient;
  readonly #newWriteId: () => string;

  constructor(options: DynamoDbAlertLedgerOptions) {
    this.#client = options.client;
    this.tableName = options.tableName ?? DEFAULT_STATE_TABLE;
    this.#newWriteId = options.newWriteId ?? randomUUID;
  }

  /** @throws {@link AlertLedgerError} when the table cannot be read or holds a malformed item. */
  async read(env: string): Promise<AlertLedgerEntry> {
    let out: GetItemCommandOutput;
    try {
      out = await this.#client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: ledgerKey(env),
          ConsistentRead: true,
        }),
      );
    } catch (error) {
      throw new AlertLedgerError('read', env, describeError(error), { cause: error });
    }
    return entryFromItem(env, out.Item);
  }

  /**
   * Writes `open` as version `version + 1` if the entry is still at `version`.
   * @returns `false` when another scan wrote first.
   * @throws {@link AlertLedgerError} for any other failure (throttling, a missing table, an item
   * over DynamoDB's 400 KB).
   */
  async replace(env: string, version: number, open: readonly OpenAlert[]): Promise<boolean> {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw new RangeError(`ledger version must be a non-negative integer, got ${version}`);
    }
    const item = ledgerItem(env, version + 1, open, this.#newWriteId());
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: version === 0 ? LEDGER_CONDITIONS.first : LEDGER_CONDITIONS.next,
          ExpressionAttributeValues: { ':expected': { N: String(version) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) {
        throw new AlertLedgerError('replace', env, describeError(error), { cause: error });
      }
      return isOwnWrite(item, (error as Partial<ConditionalCheckFailedException>).Item);
    }
  }
}

/**
 * Whether the item that failed the condition is the one this call wrote: an SDK retry of a write
 * that landed but whose answer was lost fails its own condition. Answering `false` there would
 * make the flow re-read, find its alerts recorded as notified, and never send them. The write id
 * tells this call's write from another scan's, even when both decided the same alerts.
 */
function isOwnWrite(written: LedgerItem, found: LedgerItem | undefined): boolean {
  const id = written.writeId?.S;
  return id !== undefined && found?.writeId?.S === id;
}
