/**
 * `npm run bench:store`: durable append rates with 1 and 50 concurrent appenders, and full readAll + parse over
 * 1M events, each beside raw better-sqlite3 doing the same work in the same run on the same machine.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { chainHash, GENESIS_HASH } from '../libs/event-store/src/hash-chain';
import { SqliteEventStore } from '../libs/event-store/src/sqlite/sqlite-event-store';

const APPEND_SECONDS = Number(process.env.BENCH_APPEND_SECONDS ?? 5);
const READ_EVENTS = Number(process.env.BENCH_READ_EVENTS ?? 1_000_000);
const PAGE = 10_000;

const sampleData = (i: number) => ({
  meetingId: `m-${i}`,
  unitId: `branch-${i % 300}`,
  kind: 'theme-day',
  heldAt: '2024-03-12T09:30:00+08:00',
  topic: '学习贯彻党的二十大精神',
  attendeeIds: Array.from({ length: 8 }, (_, k) => `member-${(i + k) % 5000}`),
});
const sampleMetadata = {
  actor: { subject: 'secretary-1', roles: ['secretary'] },
  correlationId: uuidv7(),
  schemaVersion: 1,
};

async function forSeconds(seconds: number, appenders: number, appendOne: (appender: number) => Promise<unknown>) {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: appenders }, async (_, appender) => {
      while (Date.now() < deadline) {
        await appendOne(appender);
        count++;
      }
    }),
  );
  return Math.round(count / seconds);
}

async function storeAppendRate(dir: string, appenders: number): Promise<number> {
  const store = new SqliteEventStore({ filename: join(dir, `store-${appenders}.sqlite`) });
  const revisions = new Array<number>(appenders).fill(0);
  const rate = await forSeconds(APPEND_SECONDS, appenders, async (appender) => {
    const result = await store.appendToStream(
      `bench-${appender}`,
      [{ type: 'MeetingHeld', data: sampleData(appender), metadata: sampleMetadata }],
      { expectedRevision: revisions[appender] },
    );
    revisions[appender] = result.revision;
  });
  await store.close();
  return rate;
}

/** The baseline: one transaction, so one fsync, per append, with the same schema and checks. */
function rawAppendRate(dir: string): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, created_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
    UNIQUE (stream_id, revision))`);
  const head = db.prepare('SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1');
  const insert = db.prepare('INSERT INTO events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  // The same work as the store: look up the stream head, chain the event's hash, insert.
  const append = db.transaction((streamId: string, i: number) => {
    const last = head.get(streamId) as { revision: number; hash: string } | undefined;
    const revision = (last?.revision ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const data = sampleData(i);
    const metadata = { ...sampleMetadata, recordedAt: new Date().toISOString() };
    const hash = chainHash(prevHash, { streamId, revision, type: 'MeetingHeld', data, metadata });
    insert.run(
      uuidv7(),
      streamId,
      revision,
      'MeetingHeld',
      JSON.stringify(data),
      JSON.stringify(metadata),
      metadata.recordedAt,
      prevHash,
      hash,
    );
  });
  const deadline = Date.now() + APPEND_SECONDS * 1000;
  let count = 0;
  while (Date.now() < deadline) append(`bench-${count % 50}`, count++);
  db.close();
  return Math.round(count / APPEND_SECONDS);
}

async function fillLog(filename: string): Promise<void> {
  const store = new SqliteEventStore({ filename });
  const perAppend = 10;
  for (let written = 0; written < READ_EVENTS;) {
    const appends = [];
    for (let k = 0; k < 1000 && written < READ_EVENTS; k++, written += perAppend) {
      const events = Array.from({ length: perAppend }, (_, e) => ({
        type: 'MeetingHeld',
        data: sampleData(written + e),
        metadata: sampleMetadata,
      }));
      appends.push(store.appendToStream(`meeting-${written}`, events, { expectedRevision: 'no-stream' }));
    }
    await Promise.all(appends);
  }
  await store.close();
}

async function storeReadRate(filename: string): Promise<number> {
  const store = new SqliteEventStore({ filename });
  const started = process.hrtime.bigint();
  let position = '0';
  let count = 0;
  let fold = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, limit: PAGE });
    if (page.length === 0) break;
    for (const event of page) fold += (event.data as { attendeeIds: string[] }).attendeeIds.length;
    count += page.length;
    position = page[page.length - 1].position;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  if (count !== READ_EVENTS || fold === 0) throw new Error(`read ${count} events, expected ${READ_EVENTS}`);
  return Math.round(count / seconds);
}

/**
 * The ceiling: the same paged query straight on better-sqlite3, turning each page into parsed events (data and
 * metadata through JSON.parse) as any consumer of the log must.
 */
function rawReadRate(filename: string): number {
  const db = new Database(filename, { readonly: true });
  const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
  const started = process.hrtime.bigint();
  let position = 0;
  let count = 0;
  let fold = 0;
  for (;;) {
    const rows = page.all(position, PAGE) as { position: number; data: string; metadata: string }[];
    if (rows.length === 0) break;
    const events = rows.map((row) => ({ ...row, data: JSON.parse(row.data), metadata: JSON.parse(row.metadata) }));
    for (const event of events) fold += (event.data as { attendeeIds: string[] }).attendeeIds.length;
    count += rows.length;
    position = rows[rows.length - 1].position;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  if (fold === 0) throw new Error('nothing read');
  return Math.round(count / seconds);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  try {
    const rawOneFsyncPerAppend = rawAppendRate(dir);
    const single = await storeAppendRate(dir, 1);
    const fifty = await storeAppendRate(dir, 50);
    const logFile = join(dir, 'read.sqlite');
    await fillLog(logFile);
    // Alternate and keep the best of two, so neither side pays alone for a cold cache or a GC pause.
    const rawRuns: number[] = [];
    const ourRuns: number[] = [];
    for (let run = 0; run < 2; run++) {
      rawRuns.push(rawReadRate(logFile));
      ourRuns.push(await storeReadRate(logFile));
    }
    const raw = Math.max(...rawRuns);
    const ours = Math.max(...ourRuns);
    const results = {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      appendSeconds: APPEND_SECONDS,
      durableAppendsPerSec1: single,
      durableAppendsPerSec50: fifty,
      rawOneFsyncPerAppendPerSec: rawOneFsyncPerAppend,
      groupCommitSpeedup: Number((fifty / rawOneFsyncPerAppend).toFixed(2)),
      readAllEvents: READ_EVENTS,
      readAllParseEventsPerSec: ours,
      rawReadParseEventsPerSec: raw,
      readAllShareOfRaw: Number((ours / raw).toFixed(2)),
    };
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'store-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`
| figure | ours | raw better-sqlite3 | ratio |
|---|---:|---:|---:|
| durable appends/s, 1 appender | ${single} | ${rawOneFsyncPerAppend} (one fsync per append) | ${(single / rawOneFsyncPerAppend).toFixed(2)}× |
| durable appends/s, 50 appenders | ${fifty} | ${rawOneFsyncPerAppend} (one fsync per append) | ${results.groupCommitSpeedup}× |
| readAll + parse events/s over ${READ_EVENTS} | ${ours} | ${raw} | ${(results.readAllShareOfRaw * 100).toFixed(0)} % |
`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
