import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { generateAuditSigningKey } from '../audit/signing-key';
import Database from 'better-sqlite3';
import { verifyLog } from '../audit/audit-log';
import { DuplicateEventIdError } from '../errors';
import { chainHash, GENESIS_HASH } from '../hash-chain';
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

  it('refuses an append whose payload is not JSON before writing any of it', async () => {
    await expect(
      store.appendToStream('a-1', [
        { type: 'A', data: { x: 1 } },
        { type: 'B', data: undefined },
      ]),
    ).rejects.toThrow(/not JSON/);
    expect(await store.readStream('a-1')).toEqual([]);
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

  it('tells its observer of each commit: the appends it carried and the new events it wrote, resends not counted', async () => {
    const commits: [number, number][] = [];
    const observed = new SqliteEventStore({
      filename: ':memory:',
      observer: { committed: (appends, events) => commits.push([appends, events]) },
    });
    const resent = { eventId: uuidv7(), type: 'A', data: {} };
    await observed.appendToStream('a-1', [resent, { type: 'B', data: {} }]);
    await Promise.allSettled([
      observed.appendToStream('a-1', [resent], { expectedRevision: 'no-stream' }),
      observed.appendToStream('b-1', [{ type: 'A', data: {} }]),
      observed.appendToStream('a-1', [{ type: 'C', data: {} }], { expectedRevision: 'no-stream' }),
    ]);
    await observed.close();
    // The second transaction carried three appends: one resend (nothing new), one write, one refusal.
    expect(commits).toEqual([
      [1, 2],
      [3, 1],
    ]);
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

  it('chains the events of a file written before the hash chain existed, when it opens it', async () => {
    const file = join(tmpdir(), `old-${uuidv7()}.sqlite`);
    const old = new Database(file);
    old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
      stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
      metadata TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (stream_id, revision))`);
    const insert = old.prepare('INSERT INTO events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(uuidv7(), 'a-1', 1, 'A', '{"n":1}', '{}', '2024-01-01T00:00:00.000Z');
    insert.run(uuidv7(), 'b-1', 1, 'B', '{}', '{"recordedAt":"2024-01-02T00:00:00.000Z"}', '2024-01-02T00:00:05.000Z');
    insert.run(uuidv7(), 'a-1', 2, 'A', '{"n":2}', '{}', '2024-01-03T00:00:00.000Z');
    old.close();

    const reopened = new SqliteEventStore({ filename: file });
    const a = await reopened.readStream('a-1');
    expect(a[0]).toMatchObject({ prevHash: GENESIS_HASH, metadata: { recordedAt: '2024-01-01T00:00:00.000Z' } });
    expect(a[0].hash).toBe(chainHash(GENESIS_HASH, a[0]));
    expect(a[1]).toMatchObject({ prevHash: a[0].hash, hash: chainHash(a[0].hash, a[1]) });
    const [b] = await reopened.readStream('b-1');
    expect(b).toMatchObject({ prevHash: GENESIS_HASH, metadata: { recordedAt: '2024-01-02T00:00:00.000Z' } });
    // New appends continue the migrated chain.
    await reopened.appendToStream('a-1', [{ type: 'A', data: { n: 3 } }]);
    const [, , third] = await reopened.readStream('a-1');
    expect(third.prevHash).toBe(a[1].hash);
    await reopened.close();
  });

  it('opened read-only, reads the log, refuses appends and leaves no file behind that was not there', async () => {
    const file = join(tmpdir(), `read-only-${uuidv7()}.sqlite`);
    const writer = new SqliteEventStore({ filename: file });
    await writer.appendToStream('a-1', [{ type: 'A', data: { n: 1 } }]);
    await writer.close();
    const before = readFileSync(file);

    const reader = new SqliteEventStore({ filename: file, readOnly: true });
    expect(await reader.readStream('a-1')).toHaveLength(1);
    // Matched by code: better-sqlite3's native addon keeps the error class of the first test file that loaded it.
    await expect(reader.appendToStream('a-1', [{ type: 'A', data: { n: 2 } }])).rejects.toMatchObject({
      code: 'SQLITE_READONLY',
    });
    await reader.close();

    expect(readFileSync(file)).toEqual(before);
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-shm`)).toBe(false);
  });

  it('opened read-only, refuses a log written before chain version 2 and leaves it as it was: only the API upgrades', async () => {
    const file = join(tmpdir(), `chain-v1-${uuidv7()}.sqlite`);
    const writer = new SqliteEventStore({ filename: file });
    await writer.appendToStream('a-1', [{ type: 'A', data: { n: 1 } }]);
    await writer.close();
    // What a log written before chain version 2 looks like: the hash chain's columns without the version's.
    const old = new Database(file);
    old.exec('ALTER TABLE events DROP COLUMN seal_ref');
    old.exec('ALTER TABLE events DROP COLUMN chain_version');
    old.close();
    const before = readFileSync(file);

    expect(() => new SqliteEventStore({ filename: file, readOnly: true })).toThrow(
      `${file} predates audit chain version 2: start the API on it once to upgrade it`,
    );
    expect(readFileSync(file)).toEqual(before);
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-shm`)).toBe(false);

    const upgraded = new SqliteEventStore({ filename: file });
    expect(await upgraded.readStream('a-1')).toMatchObject([{ chainVersion: 1, sealRef: null }]);
    await upgraded.close();
    const reader = new SqliteEventStore({ filename: file, readOnly: true });
    expect(await reader.readStream('a-1')).toHaveLength(1);
    await reader.close();
  });

  it('backs up online: while another connection keeps appending, the copy is a whole prefix of the log', async () => {
    const file = join(tmpdir(), `live-${uuidv7()}.sqlite`);
    const copy = join(tmpdir(), `backup-${uuidv7()}.sqlite`);
    const source = new SqliteEventStore({ filename: file });
    const otherProcess = new SqliteEventStore({ filename: file });
    for (let n = 1; n <= 50; n++) await source.appendToStream(`s-${n % 5}`, [{ type: 'A', data: { n } }]);

    const appending = (async () => {
      for (let n = 51; n <= 150; n++) await otherProcess.appendToStream(`s-${n % 5}`, [{ type: 'A', data: { n } }]);
    })();
    await source.backup(copy);
    await appending;

    const backedUp = new SqliteEventStore({ filename: copy });
    const copied = await backedUp.readAll({ limit: 1000 });
    expect(copied.length).toBeGreaterThanOrEqual(50);
    expect(copied).toEqual((await source.readAll({ limit: 1000 })).slice(0, copied.length));
    expect(await verifyLog(backedUp, { publicKey: generateAuditSigningKey().publicKey })).toMatchObject({
      ok: true,
      eventsChecked: copied.length,
    });
    await Promise.all([backedUp.close(), source.close(), otherProcess.close()]);
  });
});
