import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  type ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_STATE_TABLE } from '../../model/conventions.js';
import { isDeliveryId } from '../../model/delivery-id.js';
import { DeliveryLedgerError } from '../../model/errors.js';
import type { DeliveryLedger } from '../../ports/delivery-ledger.js';
import { describeError } from './failure-reason.js';
import { isConditionalCheckFailed } from './lock-error-mapping.js';

/** Construction options of {@link DynamoDbDeliveryLedger}. */
export interface DynamoDbDeliveryLedgerOptions {
  readonly client: DynamoDBClient;
  /**
   * The state table (string hash key `pk`, TTL attribute `ttl`; see `lockTableDefinition`).
   * @default 'plumbline-state'
   */
  readonly tableName?: string;
  /**
   * Whole days a claimed delivery is remembered; a repeat after that counts as new.
   * @default 7
   */
  readonly retainDays?: number;
  /**
   * Makes the id each claim is stamped with, to recognise its own write on a retry.
   * @default - a random UUID
   */
  readonly newClaimId?: () => string;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The claim's condition: no item, or one whose `ttl` (epoch seconds) has passed. DynamoDB TTL
 * deletes expired items lazily (typically within days), so an expired item still present must
 * count as absent; the comparison makes expiry exact. `ttl` is a reserved word, hence `#ttl`.
 */
export const CLAIM_CONDITION = 'attribute_not_exists(pk) OR #ttl < :now';

/**
 * {@link DeliveryLedger} on the state table, one item per delivery:
 *
 * ```
 * pk         S  delivery#<X-GitHub-Delivery>
 * ttl        N  claim time in epoch seconds + retainDays: DynamoDB TTL removes the item after it
 * claimedAt  N  claim time, epoch milliseconds
 * claimId    S  unique per claim: an SDK retry of a claim that landed finds its own id and knows
 *               it won, rather than taking its own write for a repeat and dropping the delivery
 * ```
 *
 * @example
 * const deliveries = new DynamoDbDeliveryLedger({ client: aws.dynamodb });
 * if (!(await deliveries.claim(deliveryId, new Date()))) return duplicate();
 */
export class DynamoDbDeliveryLedger implements DeliveryLedger {
  readonly tableName: string;
  readonly retainDays: number;
  readonly #client: DynamoDBClient;
  readonly #newClaimId: () => string;

  constructor(options: DynamoDbDeliveryLedgerOptions) {
    const retainDays = options.retainDays ?? 7;
    if (!Number.isSafeInteger(retainDays) || retainDays <= 0) {
      throw new RangeError(`retainDays must be a positive integer, got ${retainDays}`);
    }
    this.#client = options.client;
    this.tableName = options.tableName ?? DEFAULT_STATE_TABLE;
    this.retainDays = retainDays;
    this.#newClaimId = options.newClaimId ?? randomUUID;
  }

  /**
   * Records the delivery with a conditional PutItem ({@link CLAIM_CONDITION}).
   * @returns `false` when the delivery was claimed within the last `retainDays`.
   * @throws {@link DeliveryLedgerError} for an id that is not a delivery id (terminal) and for
   * any failure of the table.
   */
  async claim(deliveryId: string, now: Date): Promise<boolean> {
    checkId('claim', deliveryId);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const claimId = this.#newClaimId();
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...deliveryKey(deliveryId),
            ttl: { N: String(nowSeconds + this.retainDays * DAY_SECONDS) },
            claimedAt: { N: String(now.getTime()) },
            claimId: { S: claimId },
          },
          ConditionExpression: CLAIM_CONDITION,
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw ledgerError('claim', deliveryId, error);
      // Where the table omits the failed item (an emulator), it is read back.
      const found =
        (error as Partial<ConditionalCheckFailedException>).Item ?? (await this.read(deliveryId));
      return found?.claimId?.S === claimId;
    }
  }

  /**
   * Deletes the delivery's item, whether or not it exists.
   * @throws {@link DeliveryLedgerError} for an id that is not a delivery id (terminal) and for
   * any failure of the table.
   */
  async forget(deliveryId: string): Promise<void> {
    checkId('forget', deliveryId);
    try {
      await this.#client.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: deliveryKey(deliveryId) }),
      );
    } catch (error) {
      throw ledgerError('forget', deliveryId, error);
    }
  }

  private async read(deliveryId: string): Promise<Record<string, AttributeValue> | undefined> {
    try {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: deliveryKey(deliveryId),
          ConsistentRead: true,
        }),
      );
      return out.Item;
    } catch (error) {
      throw ledgerError('claim', deliveryId, error);
    }
  }
}

/** The partition key of a delivery's item. */
export function deliveryKey(deliveryId: string): Record<string, AttributeValue> {
  return { pk: { S: `delivery#${deliveryId}` } };
}

function checkId(operation: 'claim' | 'forget', deliveryId: string): void {
  if (!isDeliveryId(deliveryId)) {
    throw new DeliveryLedgerError(
      operation,
      deliveryId,
      'not a delivery id (1 to 128 letters, digits and dashes)',
      { terminal: true },
    );
  }
}

function ledgerError(
  operation: 'claim' | 'forget',
  deliveryId: string,
  cause: unknown,
): DeliveryLedgerError {
  return new DeliveryLedgerError(operation, deliveryId, describeError(cause), { cause });
}
