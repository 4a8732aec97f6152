import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash, GENESIS_HASH } from '../hash-chain';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { latestSeal, sealLog, verifyLog } from './audit-log';
import { sealOf } from './seal';

/** A real SQLite log tampered with from outside the application, as someone with write access to the file could. */
describe('audit verification against tampering', () => {
  let dir: string;
  let file: string;
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

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    file = join(dir, 'events.sqlite');
    await withStore(async (store) => {
      for (const meeting of ['m1', 'm2']) {
        for (let n = 1; n <= 3; n++) {
          await store.appendToStream(`meeting-${meeting}`, [
            { type: 'MeetingRecordCorrected', data: { n, topic: `议题${n}` }, metadata },
          ]);
        }
      }
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies an untouched log clean, with and without a seal', async () => {
    await withStore(async (store) => {
      expect(await verifyLog(store)).toEqual({
        streamsChecked: 2,
        eventsChecked: 6,
        ok: true,
        sealId: null,
        problems: [],
      });
      const seal = await sealLog(store, 'seal-1', metadata);
      expect(seal).toMatchObject({ sealId: 'seal-1', streams: 2, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await verifyLog(store, { expectedDigest: seal.digest })).toMatchObject({
        ok: true,
        sealId: 'seal-1',
        streamsChecked: 3,
      });
    });
  });

  it('reports an altered event as HASH_MISMATCH', async () => {
    tamper(`UPDATE events SET data = '{"n":2,"topic":"改过的议题"}' WHERE stream_id = 'meeting-m1' AND revision = 2`);
    await withStore(async (store) =>
      expect((await verifyLog(store)).problems).toEqual([
        { streamId: 'meeting-m1', revision: 2, code: 'HASH_MISMATCH' },
      ]),
    );
  });

  it('reports an altered event whose hash was recomputed as a broken chain after it', async () => {
    const db = new Database(file);
    db.prepare(`UPDATE events SET hash = ? WHERE stream_id = 'meeting-m1' AND revision = 2`).run('a'.repeat(64));
    db.close();
    await withStore(async (store) =>
      expect((await verifyLog(store)).problems).toEqual([
        { streamId: 'meeting-m1', revision: 2, code: 'HASH_MISMATCH' },
        { streamId: 'meeting-m1', revision: 3, code: 'CHAIN_BROKEN' },
      ]),
    );
  });

  it('reports a deleted middle event as CHAIN_BROKEN', async () => {
    tamper(`DELETE FROM events WHERE stream_id = 'meeting-m2' AND revision = 2`);
    await withStore(async (store) =>
      expect((await verifyLog(store)).problems).toEqual([
        { streamId: 'meeting-m2', revision: 3, code: 'CHAIN_BROKEN' },
      ]),
    );
  });

  it('reports a stream’s tail deleted after a seal as STREAM_TRUNCATED', async () => {
    await withStore((store) => sealLog(store, 'seal-1', metadata));
    tamper(`DELETE FROM events WHERE stream_id = 'meeting-m1' AND revision = 3`);
    await withStore(async (store) =>
      expect((await verifyLog(store)).problems).toEqual([
        { streamId: 'meeting-m1', revision: 2, code: 'STREAM_TRUNCATED' },
      ]),
    );
  });

  it('reports a whole sealed stream deleted as STREAM_MISSING', async () => {
    await withStore((store) => sealLog(store, 'seal-1', metadata));
    tamper(`DELETE FROM events WHERE stream_id = 'meeting-m2'`);
    await withStore(async (store) =>
      expect((await verifyLog(store)).problems).toEqual([{ streamId: 'meeting-m2', code: 'STREAM_MISSING' }]),
    );
  });

  it('catches a rewritten seal stream against the digest kept off the system', async () => {
    const { digest } = await withStore((store) => sealLog(store, 'seal-1', metadata));
    tamper(`DELETE FROM events WHERE stream_id = 'meeting-m2'`);
    // The tamperer rewrites the seal to leave the deleted stream out, recomputing its digest and chain link.
    await withStore(async (store) => {
      const seal = (await latestSeal(store))!;
      const forged = sealOf(
        seal.sealId,
        seal.streams.filter((head) => head.streamId !== 'meeting-m2'),
      );
      const [sealEvent] = await store.readStream('audit-seals');
      const hash = chainHash(GENESIS_HASH, { ...sealEvent, data: forged });
      tamper(`UPDATE events SET data = ?, hash = ? WHERE stream_id = 'audit-seals'`, JSON.stringify(forged), hash);
    });
    await withStore(async (store) => {
      expect((await verifyLog(store)).ok).toBe(true);
      expect((await verifyLog(store, { expectedDigest: digest })).problems).toEqual([
        { streamId: 'audit-seals', code: 'SEAL_DIGEST_MISMATCH' },
      ]);
    });
  });

  it('catches the whole seal stream deleted, given the digest kept off the system', async () => {
    const { digest } = await withStore((store) => sealLog(store, 'seal-1', metadata));
    tamper(`DELETE FROM events WHERE stream_id = 'audit-seals'`);
    await withStore(async (store) =>
      expect((await verifyLog(store, { expectedDigest: digest })).problems).toEqual([
        { streamId: 'audit-seals', code: 'SEAL_DIGEST_MISMATCH' },
      ]),
    );
  });

  it('accepts the digest of an older seal, comparing the log with that seal', async () => {
    const first = await withStore((store) => sealLog(store, 'seal-1', metadata));
    await withStore(async (store) => {
      await store.appendToStream('meeting-m3', [{ type: 'MeetingRecordCorrected', data: { n: 1 }, metadata }]);
      await sealLog(store, 'seal-2', metadata);
      expect(await verifyLog(store, { expectedDigest: first.digest })).toMatchObject({ ok: true, sealId: 'seal-1' });
    });
  });

  it('refuses to seal a log that does not verify', async () => {
    tamper(`UPDATE events SET type = 'Forged' WHERE stream_id = 'meeting-m1' AND revision = 1`);
    await withStore(async (store) => {
      await expect(sealLog(store, 'seal-1', metadata)).rejects.toMatchObject({ code: 'AUDIT.LOG_NOT_INTACT' });
      expect(await store.readStream('audit-seals')).toEqual([]);
    });
  });
});
