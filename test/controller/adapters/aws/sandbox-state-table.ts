import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureLockTable } from '../../../../controller/adapters/aws/lock-table.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';

/** The running sandbox's DynamoDB, for the tests of one `describe`. */
export interface SandboxStateTable {
  /** A client of the sandbox that makes one attempt per call; set once `beforeAll` ran. */
  readonly client: DynamoDBClient;
}

/**
 * Runs the sandbox for the enclosing `describe` (jest `beforeAll`/`afterAll`, registered ahead of
 * the caller's own hooks) with the state table `tableName` created in it.
 *
 * @example
 * const aws = sandboxStateTable('plumbline-state');
 * it('stores the item', async () => {
 *   await new DynamoDbDeliveryLedger({ client: aws.client }).claim('d-1', NOW);
 * });
 */
export function sandboxStateTable(tableName: string): SandboxStateTable {
  let sandbox: Sandbox;
  let client: DynamoDBClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    client = new DynamoDBClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    await ensureLockTable(client, tableName, { pollMs: 5 });
  });

  afterAll(async () => {
    client.destroy();
    await sandbox.close();
  });

  return {
    get client() {
      return client;
    },
  };
}
