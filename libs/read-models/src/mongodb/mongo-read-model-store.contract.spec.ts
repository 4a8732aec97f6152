import { readModelStoreContract } from '../testing/read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

const uri = process.env.MONGODB_URI;

if (uri) {
  describe('MongoReadModelStore contract', () => {
    readModelStoreContract(() => MongoReadModelStore.connect(uri));
  });
} else {
  // No server is bundled; say so once rather than letting the suite vanish silently.
  console.warn('MongoDB contract suite skipped: MONGODB_URI is unset');
  describe.skip('MongoReadModelStore contract', () => {
    it('runs against the server at MONGODB_URI', () => undefined);
  });
}
