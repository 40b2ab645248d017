import { InMemoryDeliveryLedger } from '../fakes/in-memory-delivery-ledger.js';
import { describeDeliveryLedgerContract } from './delivery-ledger.contract.js';

describeDeliveryLedgerContract(
  'InMemoryDeliveryLedger',
  (retainDays) => new InMemoryDeliveryLedger(retainDays),
);
