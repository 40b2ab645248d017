import { DynamoDbDeliveryLedger } from '../../controller/adapters/aws/dynamodb-delivery-ledger.js';
import { describeDeliveryLedgerContract } from './delivery-ledger.contract.js';
import { dynaliteTables } from './dynalite-tables.js';

const newTable = dynaliteTables('delivery-contract');

describeDeliveryLedgerContract(
  'DynamoDbDeliveryLedger on dynalite',
  async (retainDays) => new DynamoDbDeliveryLedger({ ...(await newTable()), retainDays }),
);
