import { InMemoryLockStore } from '../fakes/in-memory-lock-store.js';
import { describeLockStoreContract } from './lock-store.contract.js';

describeLockStoreContract('InMemoryLockStore', (clock) => new InMemoryLockStore(clock));
