import { readModelStoreContract } from '../testing/read-model-store.contract';
import { MemoryReadModelStore } from './memory-read-model-store';

describe('MemoryReadModelStore contract', () => {
  readModelStoreContract(async () => new MemoryReadModelStore());
});
