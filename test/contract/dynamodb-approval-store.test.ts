import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbApprovalStore } from '../../controller/adapters/aws/dynamodb-approval-store.js';
import { ensureLockTable } from '../../controller/adapters/aws/lock-table.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { describeApprovalStoreContract } from './approval-store.contract.js';

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

// A state table of its own per case: nothing of an earlier case is visible.
describeApprovalStoreContract('DynamoDbApprovalStore on dynalite', async () => {
  tables += 1;
  const tableName = `approval-contract-${tables}`;
  await ensureLockTable(client, tableName, { pollMs: 5 });
  return new DynamoDbApprovalStore({ client, tableName });
});
