import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbLockStore } from '../../controller/adapters/aws/dynamodb-lock-store.js';
import { type Dynalite, startDynalite } from '../support/dynalite.js';
import { describeLockStoreContract } from './lock-store.contract.js';

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

// A table of its own per case: nothing of an earlier case is visible, tokens included.
describeLockStoreContract('DynamoDbLockStore on dynalite', async (clock) => {
  tables += 1;
  const store = new DynamoDbLockStore({ client, clock, tableName: `lock-contract-${tables}` });
  await store.ensureTable({ pollMs: 5 });
  return store;
});
