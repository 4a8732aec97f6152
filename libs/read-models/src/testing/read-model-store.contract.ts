import { randomUUID } from 'node:crypto';
import type { ReadModelDocument, ReadModelStore } from '../read-model-store.port';

interface BranchDoc extends ReadModelDocument {
  name: string;
  hospitalId: string;
  category: string;
  total: number;
  tags: string[];
  head: { memberId: string };
}

/**
 * The behaviour every ReadModelStore adapter must show, run unchanged against each. Collection names are
 * unique per run so the suite also works against a long-lived database.
 */
export function readModelStoreContract(makeStore: () => Promise<ReadModelStore>): void {
  let store: ReadModelStore;
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  const newName = () => `contract_${run}_${++counter}`;

  const branch = (id: string, overrides: Partial<BranchDoc> = {}): BranchDoc => ({
    _id: id,
    name: `支部${id}`,
    hospitalId: 'h1',
    category: 'clinical',
    total: 50,
    tags: [],
    head: { memberId: `m-${id}` },
    ...overrides,
  });

  async function seeded() {
    const name = newName();
    await store.ensureIndexes(name, [
      { fields: ['hospitalId'] },
      { fields: ['hospitalId', 'category'] },
      { fields: ['tags'] },
    ]);
    const branches = store.collection<BranchDoc>(name);
    await branches.bulkWrite([
      { kind: 'upsert', document: branch('b1', { total: 91, category: 'clinical', tags: ['star'] }) },
      { kind: 'upsert', document: branch('b2', { total: 78, category: 'administrative' }) },
      { kind: 'upsert', document: branch('b3', { total: 91, category: 'clinical', tags: ['star', 'new'] }) },
      { kind: 'upsert', document: branch('b4', { total: 60, hospitalId: 'h2' }) },
      {
        kind: 'upsert',
        document: branch('b5', { total: 85, category: 'medical-technical', head: { memberId: 'm-x' } }),
      },
    ]);
    return branches;
  }

  beforeAll(async () => {
    store = await makeStore();
  });
  afterAll(async () => {
    await store.close();
  });

  describe('documents', () => {
    it('upserts, gets, replaces and deletes by id', async () => {
      const branches = store.collection<BranchDoc>(newName());
      expect(await branches.get('b1')).toBeNull();
      await branches.upsert(branch('b1'));
      expect(await branches.get('b1')).toEqual(branch('b1'));
      await branches.upsert(branch('b1', { name: '心内科党支部', tags: ['x'] }));
      expect(await branches.get('b1')).toEqual(branch('b1', { name: '心内科党支部', tags: ['x'] }));
      await branches.delete('b1');
      expect(await branches.get('b1')).toBeNull();
    });

    it('gets many, returning only those that exist', async () => {
      const branches = await seeded();
      const found = await branches.getMany(['b1', 'missing', 'b3']);
      expect([...found.keys()].sort()).toEqual(['b1', 'b3']);
      expect(found.get('b3')?.total).toBe(91);
    });

    it('applies bulk writes in order', async () => {
      const branches = store.collection<BranchDoc>(newName());
      await branches.bulkWrite([
        { kind: 'upsert', document: branch('a', { total: 1 }) },
        { kind: 'upsert', document: branch('a', { total: 2 }) },
        { kind: 'upsert', document: branch('b') },
        { kind: 'delete', id: 'b' },
      ]);
      expect((await branches.get('a'))?.total).toBe(2);
      expect(await branches.get('b')).toBeNull();
      await branches.bulkWrite([]);
    });

    it('keeps stored documents from readers: changing a returned one throws, or changes only a copy', async () => {
      const branches = await seeded();
      // An adapter may hand out copies (MongoDB) or the stored documents frozen (memory): either way, nothing stored moves.
      const attempt = (change: () => void) => {
        try {
          change();
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      };
      const got = await branches.get('b1');
      attempt(() => got!.tags.push('mutated'));
      const [found] = await branches.find({ _id: 'b1' });
      attempt(() => (found.head.memberId = 'mutated'));
      const many = await branches.getMany(['b1']);
      attempt(() => (many.get('b1')!.total = 0));
      expect(await branches.get('b1')).toEqual(branch('b1', { total: 91, tags: ['star'] }));
      expect(await branches.find({ total: 91 }, { sort: { _id: 1 } })).toEqual([
        branch('b1', { total: 91, tags: ['star'] }),
        branch('b3', { total: 91, category: 'clinical', tags: ['star', 'new'] }),
      ]);
    });

    it('keeps collections apart', async () => {
      const first = store.collection<BranchDoc>(newName());
      const second = store.collection<BranchDoc>(newName());
      await first.upsert(branch('b1'));
      expect(await second.get('b1')).toBeNull();
      expect(await second.count()).toBe(0);
    });

    it('drops a collection with its documents', async () => {
      const name = newName();
      await store.ensureIndexes(name, [{ fields: ['hospitalId'] }]);
      await store.collection<BranchDoc>(name).upsert(branch('b1'));
      await store.dropCollection(name);
      expect(await store.collection<BranchDoc>(name).count()).toBe(0);
      expect(await store.collection<BranchDoc>(name).find({ hospitalId: 'h1' })).toEqual([]);
    });
  });

  describe('renaming a collection over another', () => {
    it('replaces the target’s documents with the source’s, indexes and all, and leaves no source', async () => {
      const [live, shadow] = [newName(), newName()];
      await store.ensureIndexes(live, [{ fields: ['hospitalId'] }]);
      await store.collection<BranchDoc>(live).bulkWrite([
        { kind: 'upsert', document: branch('old-1') },
        { kind: 'upsert', document: branch('old-2') },
      ]);
      await store.ensureIndexes(shadow, [{ fields: ['hospitalId'] }]);
      await store.collection<BranchDoc>(shadow).upsert(branch('new-1', { hospitalId: 'h9' }));

      await store.renameCollection(shadow, live);

      const renamed = store.collection<BranchDoc>(live);
      expect((await renamed.find({}, { sort: { _id: 1 } })).map((doc) => doc._id)).toEqual(['new-1']);
      expect((await renamed.find({ hospitalId: 'h9' })).map((doc) => doc._id)).toEqual(['new-1']);
      expect(await store.collection<BranchDoc>(shadow).count()).toBe(0);
    });

    it('empties the target when the source does not exist', async () => {
      const live = newName();
      await store.collection<BranchDoc>(live).upsert(branch('old-1'));
      await store.renameCollection(newName(), live);
      expect(await store.collection<BranchDoc>(live).count()).toBe(0);
    });
  });

  describe('queries in MongoDB syntax', () => {
    const ids = (docs: ReadModelDocument[]) => docs.map((d) => d._id);

    it('finds by an indexed field, a compound index and an unindexed field', async () => {
      const branches = await seeded();
      expect(ids(await branches.find({ hospitalId: 'h2' }))).toEqual(['b4']);
      expect(ids(await branches.find({ hospitalId: 'h1', category: 'clinical' }, { sort: { _id: 1 } }))).toEqual([
        'b1',
        'b3',
      ]);
      expect(ids(await branches.find({ name: '支部b2' }))).toEqual(['b2']);
    });

    it('supports operators, nested paths and array elements', async () => {
      const branches = await seeded();
      const sortById = { sort: { _id: 1 as const } };
      expect(ids(await branches.find({ total: { $gte: 85 } }, sortById))).toEqual(['b1', 'b3', 'b5']);
      expect(
        ids(await branches.find({ category: { $in: ['administrative', 'medical-technical'] } }, sortById)),
      ).toEqual(['b2', 'b5']);
      expect(ids(await branches.find({ 'head.memberId': 'm-x' }))).toEqual(['b5']);
      expect(ids(await branches.find({ tags: 'star' }, sortById))).toEqual(['b1', 'b3']);
      expect(ids(await branches.find({ hospitalId: 'h1', total: { $lt: 80 } }))).toEqual(['b2']);
      expect(ids(await branches.find({ $or: [{ hospitalId: 'h2' }, { total: 78 }] }, sortById))).toEqual(['b2', 'b4']);
    });

    it('sorts by several keys, then skips and limits', async () => {
      const branches = await seeded();
      const sorted = await branches.find({ hospitalId: 'h1' }, { sort: { total: -1, _id: 1 } });
      expect(ids(sorted)).toEqual(['b1', 'b3', 'b5', 'b2']);
      const page = await branches.find({ hospitalId: 'h1' }, { sort: { total: -1, _id: 1 }, skip: 1, limit: 2 });
      expect(ids(page)).toEqual(['b3', 'b5']);
    });

    it('pages in _id order from a cursor, through writes in and out of key order', async () => {
      const name = newName();
      await store.ensureIndexes(name, [{ fields: ['hospitalId'] }]);
      const log = store.collection<BranchDoc>(name);
      const key = (n: number) => String(n).padStart(4, '0');
      // 40 documents in key order, every fourth in h2; then one written below the others and one removed.
      for (let n = 1; n <= 40; n++) await log.upsert(branch(key(n), { hospitalId: n % 4 === 0 ? 'h2' : 'h1' }));
      await log.upsert(branch(key(0), { hospitalId: 'h2' }));
      await log.delete(key(8));
      await log.upsert(branch('zz-not-a-key'));
      const page = (filter: Record<string, unknown>, limit: number) =>
        log.find(filter, { sort: { _id: 1 }, limit }).then(ids);
      const keysOnly = { $lte: '9999' };

      expect(await page({ _id: { $gt: key(10), ...keysOnly } }, 3)).toEqual([key(11), key(12), key(13)]);
      expect(await page({ _id: { $gte: key(38), ...keysOnly } }, 10)).toEqual([key(38), key(39), key(40)]);
      expect(await page({ hospitalId: 'h2', _id: { $gt: '', ...keysOnly } }, 3)).toEqual([key(0), key(4), key(12)]);
      expect(await page({ hospitalId: 'h2', _id: { $gt: key(12), ...keysOnly } }, 2)).toEqual([key(16), key(20)]);
      expect(await page({ name: `支部${key(7)}` }, 5)).toEqual([key(7)]);
      expect(await page({ _id: { $gt: key(40) } }, 5)).toEqual(['zz-not-a-key']);
    });

    it('counts with and without a filter', async () => {
      const branches = await seeded();
      expect(await branches.count()).toBe(5);
      expect(await branches.count({ hospitalId: 'h1' })).toBe(4);
      expect(await branches.count({ total: 91 })).toBe(2);
    });

    it('keeps indexes right when a document changes or goes', async () => {
      const branches = await seeded();
      await branches.upsert(branch('b1', { hospitalId: 'h2', tags: [] }));
      await branches.delete('b3');
      expect(ids(await branches.find({ hospitalId: 'h2' }, { sort: { _id: 1 } }))).toEqual(['b1', 'b4']);
      expect(ids(await branches.find({ tags: 'star' }))).toEqual([]);
      expect(ids(await branches.find({ hospitalId: 'h1', category: 'clinical' }))).toEqual([]);
    });
  });

  describe('checkpoints', () => {
    it('has none at first, then remembers the latest one saved', async () => {
      const projection = newName();
      expect(await store.getCheckpoint(projection)).toBeNull();
      await store.saveCheckpoint(projection, { position: '42', version: 1 });
      await store.saveCheckpoint(projection, { position: '1042', version: 1 });
      expect(await store.getCheckpoint(projection)).toEqual({ position: '1042', version: 1 });
      expect(await store.getCheckpoint(newName())).toBeNull();
    });
  });
}
