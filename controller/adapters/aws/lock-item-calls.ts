import {
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { LockStoreError, type LockStoreOperation } from '../../model/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Lease } from '../../ports/lock-store.js';
import { lockStoreError } from './lock-error-mapping.js';
import { LOCK_EXPRESSIONS, type LockItem, leaseFromItem, lockKey } from './lock-item.js';

/** The lock table and the clock of its leases: what the calls on a lease item work on. */
export interface LockTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock: Clock;
}

/** The writes of {@link LOCK_EXPRESSIONS} that answer with the lease. */
export type LeaseWrite = Exclude<keyof typeof LOCK_EXPRESSIONS, 'release'>;

/** What a lease write asks DynamoDB to return. */
export type LeaseReturns = Pick<
  UpdateItemCommandInput,
  'ReturnValues' | 'ReturnValuesOnConditionCheckFailure'
>;

/**
 * One conditional UpdateItem of `env`'s lease item, with the expressions of `operation` and
 * `values`, answering the lease DynamoDB returns (the item as written, unless `returns` asks for
 * the old one). SDK errors, a failed condition among them, are thrown as they come, for the caller
 * to tell apart.
 * @throws {@link LockStoreError} (terminal) when the table returns no lease item.
 */
export async function writeLease(
  table: LockTable,
  env: string,
  operation: LeaseWrite,
  values: LockItem,
  returns: LeaseReturns = { ReturnValues: 'ALL_NEW' },
): Promise<Lease> {
  const out = await table.client.send(
    new UpdateItemCommand({
      TableName: table.tableName,
      Key: lockKey(env),
      ...LOCK_EXPRESSIONS[operation],
      ExpressionAttributeValues: values,
      ...returns,
    }),
  );
  const lease = leaseFromItem(env, out.Attributes, operation);
  if (lease === undefined) {
    throw new LockStoreError(operation, env, 'the table returned no lease item', {
      terminal: true,
    });
  }
  return lease;
}

/**
 * `env`'s lease item, read with a strongly consistent GetItem.
 * @throws {@link LockStoreError} for `operation`, carrying the SDK error, when the read fails.
 */
export async function readLockItem(
  table: LockTable,
  env: string,
  operation: LockStoreOperation,
): Promise<LockItem | undefined> {
  try {
    const out = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: lockKey(env), ConsistentRead: true }),
    );
    return out.Item;
  } catch (error) {
    throw lockStoreError(operation, env, error);
  }
}
