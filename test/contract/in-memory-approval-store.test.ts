import { InMemoryApprovalStore } from '../fakes/in-memory-approval-store.js';
import { describeApprovalStoreContract } from './approval-store.contract.js';

describeApprovalStoreContract('InMemoryApprovalStore', () => new InMemoryApprovalStore());
