import { DynamoDbLockStore } from '../../controller/adapters/aws/dynamodb-lock-store.js';
import { dynaliteTables } from './dynalite-tables.js';
import { describeLockStoreContract } from './lock-store.contract.js';

const newTable = dynaliteTables('lock-contract');

describeLockStoreContract(
  'DynamoDbLockStore on dynalite',
  async (clock) => new DynamoDbLockStore({ ...(await newTable()), clock }),
);
