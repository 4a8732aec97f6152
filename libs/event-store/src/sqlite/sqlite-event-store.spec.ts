import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { DuplicateEventIdError } from '../errors';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore beyond the contract', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
  });
  afterEach(() => store.close());

  it('refuses an event id that is stored in another stream, and writes nothing', async () => {
    const eventId = uuidv7();
    await store.appendToStream('a-1', [{ eventId, type: 'A', data: {} }]);
    await expect(store.appendToStream('b-1', [{ eventId, type: 'A', data: {} }])).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    expect(await store.readStream('b-1')).toEqual([]);
  });

  it('refuses the same id twice within one append', async () => {
    const eventId = uuidv7();
    const twice = store.appendToStream('a-1', [
      { eventId, type: 'A', data: {} },
      { eventId, type: 'B', data: {} },
    ]);
    await expect(twice).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream('a-1')).toEqual([]);
  });

  it('commits appends queued in the same turn in one transaction, failing only the conflicting one', async () => {
    await store.appendToStream('contested-1', [{ type: 'A', data: {} }]);
    const results = await Promise.allSettled([
      store.appendToStream('fresh-1', [{ type: 'A', data: {} }], { expectedRevision: 'no-stream' }),
      store.appendToStream('contested-1', [{ type: 'B', data: {} }], { expectedRevision: 'no-stream' }),
      store.appendToStream('fresh-2', [{ type: 'A', data: {} }], { expectedRevision: 'no-stream' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const all = await store.readAll();
    // One transaction: every event of the batch carries the same commit time.
    expect(new Set(all.slice(1).map((e) => e.createdAt)).size).toBe(1);
    expect(all.map((e) => e.streamId)).toEqual(['contested-1', 'fresh-1', 'fresh-2']);
  });

  it('commits what was queued before closing', async () => {
    const file = join(tmpdir(), `close-${uuidv7()}.sqlite`);
    const durable = new SqliteEventStore({ filename: file });
    const pending = durable.appendToStream('s-1', [{ type: 'A', data: {} }]);
    await durable.close();
    await expect(pending).resolves.toMatchObject({ revision: 1 });
    const reopened = new SqliteEventStore({ filename: file });
    expect(await reopened.readStream('s-1')).toHaveLength(1);
    await reopened.close();
  });
});
