import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { LockStoreError } from '../../model/errors.js';
import { lockStoreError } from './lock-error-mapping.js';

/** How long {@link ensureLockTable} polls for the table to become ACTIVE. */
export interface EnsureTableOptions {
  /**
   * First pause between DescribeTable polls; it doubles up to one second.
   * @default 50
   */
  readonly pollMs?: number;
  /**
   * Give up (with a `LockStoreError`) after this many milliseconds of polling.
   * @default 120000
   */
  readonly timeoutMs?: number;
}

/**
 * The lock table's schema: string partition key `pk`, no sort key, on-demand billing.
 * The optional TTL attribute `ttl` (epoch seconds) is for eventual cleanup only and is not part
 * of the key schema; the stack that owns the table may enable TTL on it, nothing relies on it.
 */
export function lockTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

const MAX_POLL_MS = 1000;

/**
 * Creates the lock table unless it exists (`ResourceInUseException`), then waits until it is
 * ACTIVE. Safe to call repeatedly and concurrently.
 */
export async function ensureLockTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(lockTableDefinition(tableName)));
  } catch (error) {
    // The table exists already, or is being created or deleted: the polling below tells which.
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) {
      throw lockStoreError('ensureTable', tableName, error);
    }
  }
  await waitUntilActive(client, tableName, options);
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  { pollMs = 50, timeoutMs = 120_000 }: EnsureTableOptions,
): Promise<void> {
  let waited = 0;
  let pause = pollMs;
  for (;;) {
    let status: string | undefined;
    try {
      const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
      status = out.Table?.TableStatus;
    } catch (error) {
      throw lockStoreError('ensureTable', tableName, error);
    }
    if (status === 'ACTIVE') return;
    if (waited >= timeoutMs) {
      throw new LockStoreError(
        'ensureTable',
        tableName,
        `table not ACTIVE after ${waited} ms (status ${status ?? 'unknown'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    waited += pause;
    pause = Math.min(pause * 2, MAX_POLL_MS);
  }
}
