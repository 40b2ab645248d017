import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureLockTable } from '../../controller/adapters/aws/lock-table.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';

/** A state table made for one contract case, and the client that reaches it. */
export interface ContractTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/**
 * Runs dynalite for the contract file (jest `beforeAll`/`afterAll`) and returns a maker of state
 * tables: a table of its own per case (`<prefix>-1`, `<prefix>-2`, …), so nothing of an earlier
 * case is visible, fencing tokens included. The client makes one attempt per call.
 *
 * @example
 * const newTable = dynaliteTables('approval-contract');
 * describeApprovalStoreContract('DynamoDbApprovalStore on dynalite', async () =>
 *   new DynamoDbApprovalStore(await newTable()),
 * );
 */
export function dynaliteTables(prefix: string): () => Promise<ContractTable> {
  let dynalite: Dynalite;
  let client: DynamoDBClient;
  let tables = 0;

  beforeAll(async () => {
    dynalite = await startDynalite();
    client = new DynamoDBClient({ endpoint: dynalite.endpoint, maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await dynalite.close();
  });

  return async () => {
    tables += 1;
    const tableName = `${prefix}-${tables}`;
    await ensureLockTable(client, tableName, { pollMs: 5 });
    return { client, tableName };
  };
}
