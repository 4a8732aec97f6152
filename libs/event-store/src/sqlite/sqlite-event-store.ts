import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { AppendNotifier } from '../append-notifier';
import type { CommitObserver } from '../commit-observer';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import { sealReferenceOf, SEAL_STREAM_ID } from '../audit/seal';
import { CHAIN_VERSION, chainHash, GENESIS_HASH, withRecordedAt } from '../hash-chain';
import {
  START_POSITION,
  type AllSubscription,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SealReference,
  type SubscribeToAllOptions,
} from '../event-store.port';
import { PollingSubscription } from '../polling-subscription';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT    NOT NULL UNIQUE,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    chain_version INTEGER NOT NULL DEFAULT 1,
    seal_ref    TEXT,
    UNIQUE (stream_id, revision)
  );
`;

/** Group commit never holds more than this many appends in one transaction. */
const MAX_APPENDS_PER_COMMIT = 2000;
const DEFAULT_PAGE = 1000;
/** The most pages better-sqlite3 copies in one backup step. */
const ALL_REMAINING_PAGES = 0x7fffffff;

const EVENT_COLUMNS =
  'position, event_id, stream_id, revision, type, data, metadata, created_at, prev_hash, hash, chain_version, seal_ref';
/** Rows are read as arrays (better-sqlite3's raw mode), which skips building an object per row. */
type EventRow = [number, string, string, number, string, string, string, string, string, string, number, string | null];

interface PendingAppend {
  streamId: string;
  events: { eventId: string; type: string; data: string; metadata: string }[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for tests that need no durability. */
  readonly filename: string;
  readonly observer?: CommitObserver;
  /**
   * Reads an existing log and writes nothing: no schema, no upgrade, `query_only`. The handle stays read-write so
   * that, closing as the file's last connection, SQLite removes the WAL files it made for the read; a read-only
   * handle cannot, and leaves them behind.
   */
  readonly readOnly?: boolean;
}

/**
 * The embedded event log: one SQLite file in WAL mode with `synchronous=FULL`, so an acknowledged append is
 * on disk. Appends are group-committed: every append queued while the event loop is busy (or while a commit
 * is being written) joins the next transaction, each checked against its own expected revision, so a
 * conflict fails only its own append and one fsync covers them all.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly notifier = new AppendNotifier();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private sealCache: { revision: number; ref: SealReference | null } = { revision: 0, ref: null };
  /** New events written by the open transaction; resent copies answered from the log are not new. */
  private writtenInCommit = 0;
  private readonly observer?: CommitObserver;

  private readonly statements: {
    streamHead: Database.Statement<[string], { revision: number; hash: string }>;
    eventById: Database.Statement<[string], { stream_id: string; revision: number; position: number; type: string }>;
    insert: Database.Statement<
      [string, string, number, string, string, string, string, string, string, number, string | null]
    >;
    sealHead: Database.Statement<[], { revision: number }>;
    sealData: Database.Statement<[number], { data: string }>;
    readStream: Database.Statement<[string, number], EventRow>;
    readStreamPage: Database.Statement<[string, number, number], EventRow>;
    readAll: Database.Statement<[number, number], EventRow>;
    readAt: Database.Statement<[string], EventRow>;
    head: Database.Statement<[], { position: number | null }>;
  };

  constructor(options: SqliteEventStoreOptions) {
    this.observer = options.observer;
    this.db = new Database(options.filename, { fileMustExist: options.readOnly ?? false });
    this.db.pragma('busy_timeout = 5000');
    if (options.readOnly) {
      this.db.pragma('query_only = ON');
      this.requireCurrentChain(options.filename);
    } else {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec(SCHEMA);
      this.chainEventsOfOlderFiles();
      this.addChainVersionColumns();
    }
    this.statements = {
      streamHead: this.db.prepare(
        'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      eventById: this.db.prepare('SELECT stream_id, revision, position, type FROM events WHERE event_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, created_at, prev_hash, hash, chain_version, seal_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      sealHead: this.db.prepare(
        `SELECT revision FROM events WHERE stream_id = '${SEAL_STREAM_ID}' ORDER BY revision DESC LIMIT 1`,
      ),
      sealData: this.db.prepare(`SELECT data FROM events WHERE stream_id = '${SEAL_STREAM_ID}' AND revision = ?`),
      // No bound LIMIT unless one is asked for: SQLite plans with a bound LIMIT's value, so binding one expires the
      // statement and every run prepares it again, which costs more than reading a short stream.
      readStream: this.db
        .prepare<[string, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`,
        )
        .raw(true),
      readStreamPage: this.db
        .prepare<[string, number, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
        )
        .raw(true),
      readAll: this.db
        .prepare<[number, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
        )
        .raw(true),
      // One statement for any number of positions: they arrive as a JSON array, so no SQL is built per call.
      readAt: this.db
        .prepare<[string], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position`,
        )
        .raw(true),
      head: this.db.prepare('SELECT MAX(position) AS position FROM events'),
    };
  }

  private columns(): string[] {
    return this.db
      .prepare<[], { name: string }>('PRAGMA table_info(events)')
      .all()
      .map((column) => column.name);
  }

  /**
   * A reader cannot upgrade a file, so it asks for one the API has opened since chain version 2 exists (its
   * `chain_version` and `seal_ref` columns). It closes the file before refusing: left open, the WAL files made for
   * the read would stay behind.
   */
  private requireCurrentChain(filename: string): void {
    const columns = this.columns();
    if (columns.includes('hash') && columns.includes('chain_version') && columns.includes('seal_ref')) return;
    this.db.close();
    if (columns.length === 0) throw new Error(`${filename} holds no event log`);
    const predates = columns.includes('hash') ? 'audit chain version 2' : 'the audit hash chain';
    throw new Error(`${filename} predates ${predates}: start the API on it once to upgrade it`);
  }

  /**
   * Files written before the audit hash chain existed lack its columns: add them and chain the stored events,
   * stream by stream in revision order, in one transaction.
   */
  private chainEventsOfOlderFiles(): void {
    if (this.columns().includes('hash')) return;
    this.db.transaction(() => {
      this.db.exec("ALTER TABLE events ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''");
      this.db.exec("ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT ''");
      const update = this.db.prepare('UPDATE events SET metadata = ?, prev_hash = ?, hash = ? WHERE position = ?');
      const rows = this.db
        .prepare<
          [],
          {
            position: number;
            stream_id: string;
            revision: number;
            type: string;
            data: string;
            metadata: string;
            created_at: string;
          }
        >(
          'SELECT position, stream_id, revision, type, data, metadata, created_at FROM events ORDER BY stream_id, revision',
        )
        .all();
      let previous = { streamId: '', hash: GENESIS_HASH };
      for (const row of rows) {
        const prevHash = row.stream_id === previous.streamId ? previous.hash : GENESIS_HASH;
        const metadata = withRecordedAt(JSON.parse(row.metadata), row.created_at);
        const hash = chainHash(prevHash, {
          streamId: row.stream_id,
          revision: row.revision,
          type: row.type,
          data: JSON.parse(row.data),
          metadata,
        });
        update.run(JSON.stringify(metadata), prevHash, hash, row.position);
        previous = { streamId: row.stream_id, hash };
      }
    })();
  }

  /**
   * Files written before chain version 2 keep their events as hashed (version 1, naming no seal); only new appends
   * follow version 2.
   */
  private addChainVersionColumns(): void {
    if (this.columns().includes('chain_version')) return;
    this.db.transaction(() => {
      this.db.exec('ALTER TABLE events ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1');
      this.db.exec('ALTER TABLE events ADD COLUMN seal_ref TEXT');
    })();
  }

  /**
   * The newest signed seal, as events appended now name it. The seal stream's head is looked up once per commit (an
   * index seek), and the seal itself parsed only when it changed, so a seal written by another process is seen.
   */
  private currentSealRef(): SealReference | null {
    const revision = this.statements.sealHead.get()?.revision ?? 0;
    if (revision !== this.sealCache.revision) {
      const row = revision === 0 ? undefined : this.statements.sealData.get(revision);
      this.sealCache = { revision, ref: row ? sealReferenceOf(JSON.parse(row.data)) : null };
    }
    return this.sealCache.ref;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) throw new Error('Event store is closed');
    if (events.length === 0) throw new Error('Nothing to append');
    // Serialize before queueing so a bad payload fails its own append, never the shared transaction.
    const recordedAt = new Date().toISOString();
    const serialized = events.map((event) => ({
      eventId: event.eventId ?? uuidv7(),
      type: event.type,
      data: jsonText(event.data, event.type),
      metadata: jsonText(withRecordedAt(event.metadata, recordedAt), event.type),
    }));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: serialized, expected: options.expectedRevision ?? 'any', resolve, reject });
      this.scheduleFlush();
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const fromRevision = options.fromRevision ?? 1;
    const rows =
      options.maxCount === undefined
        ? this.statements.readStream.all(streamId, fromRevision)
        : this.statements.readStreamPage.all(streamId, fromRevision, options.maxCount);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = this.statements.readAll.all(Number(options.fromPosition ?? 0), options.limit ?? DEFAULT_PAGE);
    return rows.map(toRecordedEvent);
  }

  async readAt(positions: readonly Position[]): Promise<RecordedEvent[]> {
    const found = new Map(
      this.statements.readAt.all(JSON.stringify(positions.map(Number))).map((row) => {
        const event = toRecordedEvent(row);
        return [event.position, event] as const;
      }),
    );
    return positions.flatMap((position) => found.get(position) ?? []);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return new PollingSubscription(
      (page) => this.readAll(page),
      this.notifier,
      options.fromPosition ?? START_POSITION,
      options.maxBatchSize,
    );
  }

  async headPosition(): Promise<Position> {
    return String(this.statements.head.get()?.position ?? 0);
  }

  /**
   * Copies the log to a new SQLite file while appends go on, as of one moment. Every page goes in one step, under
   * one read snapshot: a page-by-page copy starts over whenever another process (a running API) commits.
   */
  async backup(destination: string): Promise<void> {
    await this.db.backup(destination, { progress: () => ALL_REMAINING_PAGES });
  }

  /** Waits for queued appends to be committed, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.notifier.notify();
    this.db.close();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_APPENDS_PER_COMMIT);
      this.commit(batch);
    }
  }

  private commit(batch: PendingAppend[]): void {
    const createdAt = new Date().toISOString();
    const outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[] = [];
    this.writtenInCommit = 0;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const pending of batch) {
        try {
          outcomes.push({ ok: true, result: this.writeOne(pending, createdAt) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      // The transaction as a whole failed (I/O, disk full): nothing of it is on disk, so every append fails.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    this.notifier.notify();
    this.observer?.committed(batch.length, this.writtenInCommit);
  }

  /**
   * Checks one append against the stream as it stands inside the open transaction and writes it. Every check
   * happens before the first insert, so a refused append leaves nothing behind.
   */
  private writeOne(pending: PendingAppend, createdAt: string): AppendResult {
    const { streamId, events, expected } = pending;
    const head = this.statements.streamHead.get(streamId);
    const current = head?.revision ?? 0;

    const replay = this.findStoredCopy(pending, current);
    if (replay) return replay;

    const expectedNumber = expected === 'no-stream' ? 0 : expected;
    if (expectedNumber !== 'any' && expectedNumber !== current) {
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }

    const written: AppendResult['events'][number][] = [];
    let revision = current;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const sealRef = this.currentSealRef();
    const sealRefText = sealRef && JSON.stringify(sealRef);
    for (const event of events) {
      revision += 1;
      // Hashed from the stored text, parsed, so verification recomputes exactly what was chained.
      const hash = chainHash(prevHash, {
        chainVersion: CHAIN_VERSION,
        eventId: event.eventId,
        streamId,
        revision,
        type: event.type,
        data: JSON.parse(event.data),
        metadata: JSON.parse(event.metadata),
        createdAt,
        sealRef,
      });
      const info = this.statements.insert.run(
        event.eventId,
        streamId,
        revision,
        event.type,
        event.data,
        event.metadata,
        createdAt,
        prevHash,
        hash,
        CHAIN_VERSION,
        sealRefText,
      );
      prevHash = hash;
      written.push({ eventId: event.eventId, type: event.type, revision, position: String(info.lastInsertRowid) });
    }
    this.writtenInCommit += written.length;
    return { streamId, revision, position: written[written.length - 1].position, events: written };
  }

  /**
   * Re-sending events already stored at the same place of the same stream is a no-op that answers with the
   * original result, as in EventStoreDB. Ids stored anywhere else are refused.
   */
  private findStoredCopy(pending: PendingAppend, current: number): AppendResult | undefined {
    const { streamId, events, expected } = pending;
    if (new Set(events.map((event) => event.eventId)).size !== events.length) {
      throw new DuplicateEventIdError(streamId, events[0].eventId);
    }
    const stored = events.map((event) => this.statements.eventById.get(event.eventId));
    if (stored.every((row) => row === undefined)) return undefined;

    const first = stored[0];
    const sameRun =
      first !== undefined &&
      stored.every((row, index) => row?.stream_id === streamId && row.revision === first.revision + index);
    if (!sameRun) {
      const offending = events[stored.findIndex((row) => row !== undefined)];
      throw new DuplicateEventIdError(streamId, offending.eventId);
    }
    const expectedBefore = expected === 'no-stream' ? 0 : expected;
    if (expectedBefore !== 'any' && expectedBefore !== first.revision - 1) {
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
    const writtenEvents = events.map((event, index) => ({
      eventId: event.eventId,
      type: stored[index]!.type,
      revision: first.revision + index,
      position: String(stored[index]!.position),
    }));
    const last = writtenEvents[writtenEvents.length - 1];
    return { streamId, revision: last.revision, position: last.position, events: writtenEvents };
  }
}

/** JSON text of a payload; `undefined`, functions and symbols have none, so they fail the append up front. */
function jsonText(value: unknown, type: string): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`Event ${type} has a payload that is not JSON`);
  return text;
}

/**
 * A log holds a few dozen types across a million events: each row's type is swapped for one shared string, so read
 * models that keep it (the audit index) hold one copy per type, and set lookups by type hash it once.
 */
const typeNames = new Map<string, string>();

function sharedTypeName(type: string): string {
  const shared = typeNames.get(type);
  if (shared !== undefined) return shared;
  typeNames.set(type, type);
  return type;
}

function toRecordedEvent([
  position,
  eventId,
  streamId,
  revision,
  type,
  data,
  metadata,
  createdAt,
  prevHash,
  hash,
  chainVersion,
  sealRef,
]: EventRow): RecordedEvent {
  return {
    eventId,
    streamId,
    revision,
    position: String(position),
    type: sharedTypeName(type),
    data: JSON.parse(data),
    metadata: JSON.parse(metadata),
    createdAt,
    prevHash,
    hash,
    chainVersion,
    sealRef: sealRef === null ? null : JSON.parse(sealRef),
  };
}
