import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHAIN_VERSION, chainHash } from '../hash-chain';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { sealLog, verifyLog, verifyStream } from './audit-log';
import { SEAL_STREAM_ID, signSeal, type SignedSeal } from './seal';
import { generateAuditSigningKey } from './signing-key';

/** A real SQLite log tampered with from outside the application, as someone with write access to the file could. */
describe('audit verification against tampering', () => {
  let dir: string;
  let file: string;
  const key = generateAuditSigningKey();
  const publicKey = key.publicKey;
  const metadata = { actor: { subject: 'inspector-1', roles: ['inspector'] } };

  async function withStore<T>(use: (store: SqliteEventStore) => Promise<T>): Promise<T> {
    const store = new SqliteEventStore({ filename: file });
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  }
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(file);
    db.prepare(sql).run(...params);
    db.close();
  };
  const verify = (options: { expectedDigest?: string; sinceLatestSeal?: boolean } = {}) =>
    withStore((store) => verifyLog(store, { publicKey, ...options }));
  const seal = (sealId: string) => withStore((store) => sealLog(store, sealId, metadata, key));
  const append = (streamId: string, n: number) =>
    withStore((store) => store.appendToStream(streamId, [{ type: 'MeetingRecordCorrected', data: { n }, metadata }]));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    file = join(dir, 'events.sqlite');
    for (const meeting of ['m1', 'm2']) for (let n = 1; n <= 3; n++) await append(`meeting-${meeting}`, n);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies an untouched log clean, with and without seals, and chains each seal to the one before', async () => {
    expect(await verify()).toEqual({
      streamsChecked: 2,
      eventsChecked: 6,
      ok: true,
      sealId: null,
      sealSequence: null,
      fromPosition: '0',
      problems: [],
    });
    const first = await seal('seal-1');
    expect(first).toMatchObject({
      sealId: 'seal-1',
      sequence: 1,
      streams: 2,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await append('meeting-m3', 1);
    const second = await seal('seal-2');
    const seals = await withStore((store) => store.readStream(SEAL_STREAM_ID));
    expect(seals.map((event) => event.data)).toMatchObject([
      { sequence: 1, previous: null, keyId: key.fingerprint },
      { sequence: 2, previous: first.digest, keyId: key.fingerprint },
    ]);
    expect(await verify({ expectedDigest: second.digest })).toMatchObject({
      ok: true,
      sealId: 'seal-2',
      sealSequence: 2,
    });
    expect(await verify({ expectedDigest: first.digest })).toMatchObject({ ok: true, sealId: 'seal-1' });
  });

  it('marks new events chain version 2, naming the newest seal, under a hash that covers every stored field', async () => {
    const { digest } = await seal('seal-1');
    await append('meeting-m1', 4);
    const [event] = await withStore((store) => store.readStream('meeting-m1', { fromRevision: 4 }));
    expect(event).toMatchObject({ chainVersion: CHAIN_VERSION, sealRef: { sequence: 1, digest } });
    expect(chainHash(event.prevHash, event)).toBe(event.hash);
    for (const altered of [
      { ...event, eventId: 'other' },
      { ...event, createdAt: '2020-01-01T00:00:00.000Z' },
      { ...event, metadata: { ...event.metadata, schemaVersion: 2 } },
      { ...event, sealRef: null },
      { ...event, chainVersion: 1 },
    ])
      expect(chainHash(event.prevHash, altered)).not.toBe(event.hash);
  });

  it('reports an altered event as HASH_MISMATCH, and one whose hash was replaced as a broken chain after it', async () => {
    tamper(`UPDATE events SET data = '{"n":9}' WHERE stream_id = 'meeting-m1' AND revision = 2`);
    tamper(`UPDATE events SET hash = ? WHERE stream_id = 'meeting-m2' AND revision = 2`, 'a'.repeat(64));
    expect((await verify()).problems).toEqual([
      { streamId: 'meeting-m1', revision: 2, code: 'HASH_MISMATCH' },
      { streamId: 'meeting-m2', revision: 2, code: 'HASH_MISMATCH' },
      { streamId: 'meeting-m2', revision: 3, code: 'CHAIN_BROKEN' },
    ]);
  });

  it('reports an unknown chain version as HASH_MISMATCH instead of failing', async () => {
    tamper(`UPDATE events SET chain_version = 7 WHERE stream_id = 'meeting-m1' AND revision = 1`);
    expect((await verify()).problems).toEqual([{ streamId: 'meeting-m1', revision: 1, code: 'HASH_MISMATCH' }]);
  });

  it('reports a deleted middle event as CHAIN_BROKEN, a cut tail as STREAM_TRUNCATED, a whole stream as STREAM_MISSING', async () => {
    await seal('seal-1');
    tamper(`DELETE FROM events WHERE stream_id = 'meeting-m2' AND revision = 2`);
    tamper(`DELETE FROM events WHERE stream_id = 'meeting-m1' AND revision = 3`);
    expect((await verify()).problems).toEqual([
      { streamId: 'meeting-m2', revision: 3, code: 'CHAIN_BROKEN' },
      { streamId: 'meeting-m1', revision: 2, code: 'STREAM_TRUNCATED' },
    ]);
    tamper(`DELETE FROM events WHERE stream_id = 'meeting-m2'`);
    expect((await verify()).problems).toContainEqual({ streamId: 'meeting-m2', code: 'STREAM_MISSING' });
  });

  describe('seals, with nothing but the public key', () => {
    let first: { digest: string };
    let second: { digest: string };
    beforeEach(async () => {
      first = await seal('seal-1');
      await append('meeting-m3', 1);
      second = await seal('seal-2');
      await append('meeting-m3', 2);
    });
    const sealRow = (revision: number) => {
      const db = new Database(file);
      const row = db
        .prepare(`SELECT * FROM events WHERE stream_id = '${SEAL_STREAM_ID}' AND revision = ?`)
        .get(revision) as Record<string, string | number>;
      db.close();
      return row;
    };
    /** Replaces a seal event's data and recomputes its hash, as a tamperer who knows the recipe would. */
    const rewriteSeal = (revision: number, data: SignedSeal) => {
      const row = sealRow(revision);
      const hash = chainHash(String(row.prev_hash), {
        chainVersion: Number(row.chain_version),
        eventId: String(row.event_id),
        streamId: SEAL_STREAM_ID,
        revision,
        type: String(row.type),
        data,
        metadata: JSON.parse(String(row.metadata)),
        createdAt: String(row.created_at),
        sealRef: row.seal_ref === null ? null : JSON.parse(String(row.seal_ref)),
      });
      tamper(`UPDATE events SET data = ?, hash = ? WHERE position = ?`, JSON.stringify(data), hash, row.position);
    };

    it('detects a forged seal: re-signed with another key to hide a deleted stream', async () => {
      tamper(`DELETE FROM events WHERE stream_id = 'meeting-m2'`);
      const real = JSON.parse(String(sealRow(2).data)) as SignedSeal;
      const forged = signSeal(
        { ...real, streams: real.streams.filter((head) => head.streamId !== 'meeting-m2') },
        JSON.parse(String(sealRow(1).data)) as SignedSeal,
        generateAuditSigningKey(),
      );
      rewriteSeal(2, forged);
      const report = await verify();
      expect(report.sealId).toBe('seal-1');
      expect(report.problems).toEqual([
        { streamId: SEAL_STREAM_ID, revision: 2, code: 'SEAL_SIGNATURE_INVALID' },
        { streamId: 'meeting-m2', code: 'STREAM_MISSING' },
        { streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence: 2 },
      ]);
    });

    it('detects the newest seal deleted (rolled back to the one before): later events name it', async () => {
      tamper(`DELETE FROM events WHERE stream_id = '${SEAL_STREAM_ID}' AND revision = 2`);
      expect((await verify()).problems).toEqual([{ streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence: 2 }]);
      expect((await verify({ expectedDigest: second.digest })).problems).toContainEqual({
        streamId: SEAL_STREAM_ID,
        code: 'SEAL_DIGEST_MISMATCH',
      });
    });

    it('detects a seal replaced by a copy of an older one', async () => {
      rewriteSeal(2, JSON.parse(String(sealRow(1).data)) as SignedSeal);
      expect((await verify()).problems).toEqual([
        { streamId: SEAL_STREAM_ID, revision: 2, code: 'SEAL_CHAIN_BROKEN' },
        { streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence: 2 },
      ]);
    });

    it('detects a seal deleted from the middle, and seals reordered', async () => {
      tamper(`DELETE FROM events WHERE stream_id = '${SEAL_STREAM_ID}' AND revision = 1`);
      expect((await verify()).problems).toEqual([
        { streamId: SEAL_STREAM_ID, revision: 2, code: 'SEAL_CHAIN_BROKEN' },
        { streamId: SEAL_STREAM_ID, revision: 2, code: 'CHAIN_BROKEN' },
        { streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence: 1 },
      ]);
    });

    it('detects seals swapped in place, their hashes recomputed', async () => {
      const [one, two] = [sealRow(1), sealRow(2)].map((row) => JSON.parse(String(row.data)) as SignedSeal);
      rewriteSeal(1, two);
      rewriteSeal(2, one);
      expect((await verify()).problems).toEqual(
        expect.arrayContaining([
          { streamId: SEAL_STREAM_ID, revision: 1, code: 'SEAL_CHAIN_BROKEN' },
          { streamId: SEAL_STREAM_ID, revision: 2, code: 'SEAL_CHAIN_BROKEN' },
          { streamId: SEAL_STREAM_ID, revision: 2, code: 'CHAIN_BROKEN' },
        ]),
      );
    });

    it('reports the whole seal stream deleted as STREAM_MISSING, since events name seals', async () => {
      tamper(`DELETE FROM events WHERE stream_id = '${SEAL_STREAM_ID}'`);
      expect((await verify()).problems).toEqual([{ streamId: SEAL_STREAM_ID, code: 'STREAM_MISSING' }]);
      expect((await verify({ expectedDigest: first.digest })).problems).toContainEqual({
        streamId: SEAL_STREAM_ID,
        code: 'SEAL_DIGEST_MISMATCH',
      });
    });

    it('cannot tell the newest seal removed together with everything written after it (documented limit)', async () => {
      tamper(
        `DELETE FROM events WHERE position >= (SELECT position FROM events WHERE stream_id = ? AND revision = 2)`,
        SEAL_STREAM_ID,
      );
      expect(await verify()).toMatchObject({ ok: true, sealId: 'seal-1' });
      expect((await verify({ expectedDigest: second.digest })).ok).toBe(false);
    });

    it('checks only what came after the newest seal when asked, from its heads', async () => {
      expect(await verify({ sinceLatestSeal: true })).toMatchObject({ ok: true, eventsChecked: 2, sealSequence: 2 });
      tamper(`UPDATE events SET data = '{"n":9}' WHERE stream_id = 'meeting-m3' AND revision = 2`);
      expect((await verify({ sinceLatestSeal: true })).problems).toEqual([
        { streamId: 'meeting-m3', revision: 2, code: 'HASH_MISMATCH' },
      ]);
    });

    it('checks one stream against the newest seal, a cut tail included', async () => {
      const check = (streamId: string) =>
        withStore(async (store) => verifyStream(store, streamId, await store.readStream(streamId), publicKey));
      expect(await check('meeting-m1')).toMatchObject({ ok: true, sealId: 'seal-2', problems: [] });
      tamper(`DELETE FROM events WHERE stream_id = 'meeting-m1' AND revision = 3`);
      expect((await check('meeting-m1')).problems).toEqual([
        { streamId: 'meeting-m1', revision: 2, code: 'STREAM_TRUNCATED' },
      ]);
      expect((await check('meeting-m2')).ok).toBe(true);
    });
  });

  it('refuses to seal a log that does not verify', async () => {
    tamper(`UPDATE events SET type = 'Forged' WHERE stream_id = 'meeting-m1' AND revision = 1`);
    await expect(seal('seal-1')).rejects.toMatchObject({ code: 'AUDIT.LOG_NOT_INTACT' });
    expect(await withStore((store) => store.readStream(SEAL_STREAM_ID))).toEqual([]);
  });

  it('keeps verifying a log written before chain version 2 and signed seals, and chains new events by version 2', async () => {
    // Rows exactly as the version-1 code stored them: six events, an unsigned seal, one event after it.
    const rows = JSON.parse(
      readFileSync(join(__dirname, '..', 'testing', 'fixtures', 'chain-v1-log.json'), 'utf8'),
    ) as Record<string, unknown>[];
    rmSync(file);
    const db = new Database(file);
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
      stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
      created_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, revision))`);
    const insert = db.prepare(`INSERT INTO events VALUES (@position, @event_id, @stream_id, @revision, @type, @data,
      @metadata, @created_at, @prev_hash, @hash)`);
    for (const row of rows) insert.run(row);
    db.close();

    expect(await verify()).toMatchObject({ ok: true, eventsChecked: 8, sealId: 'legacy-seal-1', sealSequence: null });
    await seal('seal-2');
    await append('meeting-m1', 5);
    const events = await withStore((store) => store.readStream('meeting-m1'));
    expect(events.map((event) => event.chainVersion)).toEqual([1, 1, 1, 1, 2]);
    expect(await verify()).toMatchObject({ ok: true, sealId: 'seal-2', sealSequence: 1 });

    tamper(`UPDATE events SET data = '{"n":9}' WHERE stream_id = 'meeting-m2' AND revision = 2`);
    expect((await verify()).problems).toEqual([{ streamId: 'meeting-m2', revision: 2, code: 'HASH_MISMATCH' }]);
  });
});
