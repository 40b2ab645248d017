import { DynamoDbApprovalStore } from '../../controller/adapters/aws/dynamodb-approval-store.js';
import { describeApprovalStoreContract } from './approval-store.contract.js';
import { dynaliteTables } from './dynalite-tables.js';

const newTable = dynaliteTables('approval-contract');

describeApprovalStoreContract(
  'DynamoDbApprovalStore on dynalite',
  async () => new DynamoDbApprovalStore(await newTable()),
);
