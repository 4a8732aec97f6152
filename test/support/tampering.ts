import { defaultSigningKeyFile } from '@app/config';
import {
  chainHash,
  generateAuditSigningKey,
  loadAuditSigningKey,
  openEventStore,
  sealLog,
  SEAL_STREAM_ID,
  signSeal,
  type SignedSeal,
} from '@app/event-store';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a verification reports: the problems, in the API's and the CLI's shape alike. */
export interface Problem {
  readonly streamId: string;
  readonly revision?: number;
  readonly code: string;
  readonly sealSequence?: number;
}

export interface TamperingCase {
  readonly name: string;
  /** Done to the file from outside the application, as someone with write access to the database could. */
  tamper(db: Database.Database): void;
  /** What verification with nothing but the seals' public key must report. */
  readonly problems: readonly Problem[];
}

const metadata = { actor: { subject: 'inspector-1', roles: ['inspector'] } };

/**
 * A sealed log in a fresh data directory: two meetings of three events each, a seal, a third meeting's first event,
 * a second seal, and its second event; signed with the data directory's own generated key, as the API and the CLI
 * find it. Returns the directory, the newest seal's digest and the public key as the inspector keeps it.
 */
export async function sealedLog(): Promise<{ dataDir: string; digest: string; publicKeyPem: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tampered-'));
  const { key } = loadAuditSigningKey(defaultSigningKeyFile(dataDir), { generate: true });
  const store = openEventStore({ kind: 'sqlite', filename: join(dataDir, 'events.sqlite') });
  const append = (streamId: string, n: number) =>
    store.appendToStream(streamId, [{ type: 'MeetingRecordCorrected', data: { n, topic: `议题${n}` }, metadata }]);
  try {
    for (const meeting of ['m1', 'm2']) for (let n = 1; n <= 3; n++) await append(`meeting-${meeting}`, n);
    await sealLog(store, 'seal-1', metadata, key);
    await append('meeting-m3', 1);
    const { digest } = await sealLog(store, 'seal-2', metadata, key);
    await append('meeting-m3', 2);
    return { dataDir, digest, publicKeyPem: key.publicKeyPem };
  } finally {
    await store.close();
  }
}

/** Removes a data directory made here and the key directory beside it. */
export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(join(defaultSigningKeyFile(dataDir), '..'), { recursive: true, force: true });
}

const sealRow = (db: Database.Database, revision: number) =>
  db.prepare(`SELECT * FROM events WHERE stream_id = ? AND revision = ?`).get(SEAL_STREAM_ID, revision) as Record<
    string,
    string | number | null
  >;
const sealOf = (db: Database.Database, revision: number) =>
  JSON.parse(String(sealRow(db, revision).data)) as SignedSeal;

/** Puts other data in a seal event and recomputes its hash by the published recipe, so its own chain holds. */
function rewriteSeal(db: Database.Database, revision: number, data: SignedSeal): void {
  const row = sealRow(db, revision);
  const hash = chainHash(String(row.prev_hash), {
    chainVersion: Number(row.chain_version),
    eventId: String(row.event_id),
    streamId: SEAL_STREAM_ID,
    revision,
    type: String(row.type),
    data,
    metadata: JSON.parse(String(row.metadata)) as Record<string, unknown>,
    createdAt: String(row.created_at),
    sealRef: row.seal_ref === null ? null : JSON.parse(String(row.seal_ref)),
  });
  db.prepare(`UPDATE events SET data = ?, hash = ? WHERE position = ?`).run(JSON.stringify(data), hash, row.position);
}

/** Every kind of tampering issues 5 and 15 name, with what verification with the public key must report. */
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
    name: 'a stream deleted and the newest seal forged to hide it (re-signed with another key)',
    tamper: (db) => {
      db.exec(`DELETE FROM events WHERE stream_id = 'meeting-m2'`);
      const real = sealOf(db, 2);
      const streams = real.streams.filter((head) => head.streamId !== 'meeting-m2');
      rewriteSeal(db, 2, signSeal({ ...real, streams }, sealOf(db, 1), generateAuditSigningKey()));
    },
    problems: [
      { streamId: SEAL_STREAM_ID, revision: 2, code: 'SEAL_SIGNATURE_INVALID' },
      { streamId: 'meeting-m2', code: 'STREAM_MISSING' },
      { streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence: 2 },
    ],
  },
  {
    name: 'the newest seal deleted',
    tamper: (db) => db.prepare(`DELETE FROM events WHERE stream_id = ? AND revision = 2`).run(SEAL_STREAM_ID),
    problems: [{ streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence: 2 }],
  },
  {
    name: 'the seal stream rolled back: the newest seal replaced by a copy of the one before',
    tamper: (db) => rewriteSeal(db, 2, sealOf(db, 1)),
    problems: [
      { streamId: SEAL_STREAM_ID, revision: 2, code: 'SEAL_CHAIN_BROKEN' },
      { streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence: 2 },
    ],
  },
  {
    name: 'the seals reordered',
    tamper: (db) => {
      const [first, second] = [sealOf(db, 1), sealOf(db, 2)];
      rewriteSeal(db, 1, second);
      rewriteSeal(db, 2, first);
    },
    problems: [
      { streamId: SEAL_STREAM_ID, revision: 1, code: 'SEAL_CHAIN_BROKEN' },
      { streamId: SEAL_STREAM_ID, revision: 2, code: 'SEAL_CHAIN_BROKEN' },
      { streamId: SEAL_STREAM_ID, revision: 2, code: 'CHAIN_BROKEN' },
    ],
  },
  {
    name: 'the whole seal stream deleted',
    tamper: (db) => db.prepare(`DELETE FROM events WHERE stream_id = ?`).run(SEAL_STREAM_ID),
    problems: [{ streamId: SEAL_STREAM_ID, code: 'STREAM_MISSING' }],
  },
];

/** Applies a case to the log in `dataDir`. */
export function tamperWith(dataDir: string, tampering: Pick<TamperingCase, 'tamper'>): void {
  const db = new Database(join(dataDir, 'events.sqlite'));
  try {
    tampering.tamper(db);
  } finally {
    db.close();
  }
}
