import { chainHash, GENESIS_HASH, openEventStore, sealLog, sealOf } from '@app/event-store';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a verification reports: the problems, in the API's and the CLI's shape alike. */
export interface Problem {
  readonly streamId: string;
  readonly revision?: number;
  readonly code: string;
}

export interface TamperingCase {
  readonly name: string;
  /** Done to the file from outside the application, as someone with write access to the database could. */
  tamper(db: Database.Database): void;
  readonly problems: readonly Problem[];
}

const metadata = { actor: { subject: 'inspector-1', roles: ['inspector'] } };

/**
 * A sealed log in a fresh data directory: two meetings of three events each, then a seal. Returns the directory and
 * the seal's digest, as an inspector would have kept it off the system.
 */
export async function sealedLog(): Promise<{ dataDir: string; digest: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tampered-'));
  const store = openEventStore({ kind: 'sqlite', filename: join(dataDir, 'events.sqlite') });
  try {
    for (const meeting of ['m1', 'm2']) {
      for (let n = 1; n <= 3; n++) {
        await store.appendToStream(`meeting-${meeting}`, [
          { type: 'MeetingRecordCorrected', data: { n, topic: `议题${n}` }, metadata },
        ]);
      }
    }
    const { digest } = await sealLog(store, 'seal-1', metadata);
    return { dataDir, digest };
  } finally {
    await store.close();
  }
}

/** The seal rewritten to leave `meeting-m2` out, its digest and chain link recomputed: it verifies on its own. */
function forgeSealWithout(db: Database.Database, streamId: string): void {
  const row = db.prepare(`SELECT * FROM events WHERE stream_id = 'audit-seals'`).get() as Record<string, string>;
  const seal = JSON.parse(row.data) as ReturnType<typeof sealOf>;
  const forged = sealOf(
    seal.sealId,
    seal.streams.filter((head) => head.streamId !== streamId),
  );
  const hash = chainHash(GENESIS_HASH, {
    streamId: 'audit-seals',
    revision: 1,
    type: row.type,
    data: forged,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  });
  db.prepare(`UPDATE events SET data = ?, hash = ? WHERE stream_id = 'audit-seals'`).run(JSON.stringify(forged), hash);
}

/** Every kind of tampering issue 5 names, with what verification against the kept digest must report. */
export const TAMPERING: readonly TamperingCase[] = [
  {
    name: 'a field of an event altered',
    tamper: (db) =>
      db.exec(
        `UPDATE events SET data = json_set(data, '$.topic', '伪造') WHERE stream_id = 'meeting-m1' AND revision = 2`,
      ),
    problems: [{ streamId: 'meeting-m1', revision: 2, code: 'HASH_MISMATCH' }],
  },
  {
    name: 'a middle event deleted',
    tamper: (db) => db.exec(`DELETE FROM events WHERE stream_id = 'meeting-m2' AND revision = 2`),
    problems: [{ streamId: 'meeting-m2', revision: 3, code: 'CHAIN_BROKEN' }],
  },
  {
    name: 'a stream’s tail deleted after the seal',
    tamper: (db) => db.exec(`DELETE FROM events WHERE stream_id = 'meeting-m1' AND revision = 3`),
    problems: [{ streamId: 'meeting-m1', revision: 2, code: 'STREAM_TRUNCATED' }],
  },
  {
    name: 'a whole sealed stream deleted',
    tamper: (db) => db.exec(`DELETE FROM events WHERE stream_id = 'meeting-m2'`),
    problems: [{ streamId: 'meeting-m2', code: 'STREAM_MISSING' }],
  },
  {
    name: 'a stream deleted and the seal stream rewritten to hide it',
    tamper: (db) => {
      db.exec(`DELETE FROM events WHERE stream_id = 'meeting-m2'`);
      forgeSealWithout(db, 'meeting-m2');
    },
    problems: [{ streamId: 'audit-seals', code: 'SEAL_DIGEST_MISMATCH' }],
  },
];

/** Applies a case to the log in `dataDir`. */
export function tamperWith(dataDir: string, tampering: TamperingCase): void {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    tampering.tamper(db);
  } finally {
    db.close();
  }
}
