import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult as EsdbAppendResult,
  CurrentRevision,
  ExpectedRevision as EsdbExpectedRevision,
  JSONType,
  Position as LogPosition,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { v7 as uuidv7 } from 'uuid';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import { sealReferenceOf, SEAL_STREAM_ID } from '../audit/seal';
import { CHAIN_VERSION, chainHash, GENESIS_HASH, withRecordedAt } from '../hash-chain';
import {
  START_POSITION,
  type AllSubscription,
  type AppendResult,
  type EventMetadata,
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

const DEFAULT_PAGE = 1000;

/**
 * Where the audit hash chain lives in an event's metadata on EventStoreDB, lifted out again when read: the links, and
 * for chain version 2 the version, the adapter's `createdAt` (the server's own timestamp is not known before the
 * append, so it cannot be hashed) and the seal reference.
 */
const CHAIN_KEY = 'auditChain';

interface StoredChain {
  readonly prevHash: string;
  readonly hash: string;
  readonly version?: number;
  readonly createdAt?: string;
  readonly sealRef?: SealReference | null;
}
const MAX_CHAIN_ATTEMPTS = 5;

/** What servers before 22.6 put in a stream-read event's position: they only knew it on $all reads. */
const UNKNOWN_COMMIT_POSITION = 2n ** 64n - 1n;

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  readonly connectionString: string;
}

/**
 * The EventStore port over EventStoreDB 22.6+ (stream reads must report $all positions), through the official
 * gRPC client. The connection's user must be allowed to read `$all`.
 *
 * Positions: every gRPC append is an implicit transaction whose events are separate prepare records, and the
 * $all reader reports each as commit = prepare = the record's own log position (KurrentDB AllReader
 * `CommitEventRecord(event, prepare.LogPosition)`; gRPC has done so since 20.6, EventStore-Client-Dotnet#20).
 * So the commit position alone is unique per event and increasing in $all order, and `{commit: p, prepare: p}`
 * restores it. Only events of the legacy TCP explicit transactions share a commit position; they are not
 * supported.
 *
 * Event ids: ESDB deduplicates them per stream only (a resend at the same place is a no-op), so unlike SQLite this
 * adapter does not refuse an id already stored in another stream; ids are UUIDv7, so that takes a client bug.
 * With `expectedRevision: 'any'` only a resend of the stream's latest append is recognised (see below): an older
 * append resent with 'any' would be stored again. The application never does that: commands pin the revision they
 * read, and the audit streams' appends carry fresh ids.
 *
 * Every event this adapter writes carries its chain links in metadata; it has never run against a store holding
 * events from before the chain, so it has no migration for them (the SQLite adapter chains an older file's events
 * when it first opens it).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EventStoreDbAllSubscription>();

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('Nothing to append');
    const expected = options.expectedRevision ?? 'any';
    // The server stores ids as GUIDs and reads them back lowercase.
    const toWrite = events.map((event) => ({ ...event, eventId: (event.eventId ?? uuidv7()).toLowerCase() }));
    const ids = toWrite.map((event) => event.eventId);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) throw new DuplicateEventIdError(streamId, repeated);

    // The hash chain needs the stream's exact predecessor, so 'any' is pinned to the revision read and retried
    // when another writer gets in first; an explicit expectation is left for the server to judge.
    // Pinning 'any' would defeat the server's resend detection, so a resend of the stream's last events is
    // recognised here and answered with what is stored.
    if (expected === 'any') {
      const tail = await this.lastEvents(streamId, ids.length);
      if (tail.length === ids.length && tail.every((event, index) => event.eventId === ids[index]))
        return resultOf(streamId, tail);
    }
    let appended: EsdbAppendResult | undefined;
    for (let attempt = 1; !appended; attempt += 1) {
      const [base, sealRef] = await Promise.all([this.chainBase(streamId, expected), this.currentSealRef()]);
      const createdAt = new Date().toISOString();
      let prevHash = base.hash;
      const chained = toWrite.map((event, index) => {
        const metadata = withRecordedAt(event.metadata, createdAt);
        const hash = chainHash(prevHash, {
          chainVersion: CHAIN_VERSION,
          eventId: event.eventId,
          streamId,
          revision: base.revision + index + 1,
          type: event.type,
          data: event.data,
          metadata,
          createdAt,
          sealRef,
        });
        const chain: StoredChain = { version: CHAIN_VERSION, prevHash, hash, createdAt, sealRef };
        const written = { ...event, metadata: { ...metadata, [CHAIN_KEY]: chain } };
        prevHash = hash;
        return written;
      });
      try {
        appended = await this.client.appendToStream(
          streamId,
          chained.map((event) =>
            // The client JSON-serializes any value; JSONType only narrows what its typings accept.
            jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata: event.metadata }),
          ),
          { expectedRevision: toEsdbExpectedRevision(expected === 'any' ? base.revision : expected) },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expected !== 'any' || attempt >= MAX_CHAIN_ATTEMPTS) {
          throw new WrongExpectedRevisionError(streamId, expected, toRevision(error.actualVersion));
        }
      }
    }
    // Only with `throwOnAppendFailure=false` in the connection string, whose reported revision is unreliable.
    if (!appended.success) {
      throw new WrongExpectedRevisionError(streamId, expected, await this.currentRevision(streamId));
    }

    // The server reports only the last event's revision (also for an idempotent resend, where it points at the
    // original events) and no per-event positions, so the events are read back.
    const revision = Number(appended.nextExpectedRevision) + 1;
    const stored = await this.readStream(streamId, { fromRevision: revision - ids.length + 1, maxCount: ids.length });
    if (stored.length !== ids.length || stored.some((event, index) => event.eventId !== ids[index])) {
      throw new Error(`EventStoreDB acknowledged the append to ${streamId} but its events are not where it said`);
    }
    return resultOf(streamId, stored);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamId, {
      fromRevision: BigInt(Math.max(options.fromRevision ?? 1, 1) - 1),
      maxCount: options.maxCount,
      direction: FORWARDS,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? DEFAULT_PAGE;
    const after = BigInt(options.fromPosition ?? START_POSITION);
    // The server's fromPosition is inclusive and it cannot filter reads, so both happen here.
    const read = this.client.readAll({ fromPosition: toReadPosition(after), direction: FORWARDS });
    const page: RecordedEvent[] = [];
    try {
      for await (const resolved of read) {
        if (page.length >= limit) break;
        const event = resolved.event;
        if (event && isApplicationEvent(event) && event.position.commit > after) page.push(toRecordedEvent(event));
      }
    } finally {
      await read.cancel();
    }
    return page;
  }

  /** The server has no batch read by position: one single-event $all read each, all in flight at once. */
  async readAt(positions: readonly Position[]): Promise<RecordedEvent[]> {
    const events = await Promise.all(
      positions.map(async (position) => {
        const at = BigInt(position);
        const read = this.client.readAll({
          fromPosition: { commit: at, prepare: at },
          maxCount: 1,
          direction: FORWARDS,
        });
        try {
          for await (const resolved of read) {
            const event = resolved.event;
            if (event && isApplicationEvent(event) && event.position.commit === at) return [toRecordedEvent(event)];
          }
          return [];
        } finally {
          await read.cancel();
        }
      }),
    );
    return events.flat();
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const after = BigInt(options.fromPosition ?? START_POSITION);
    const source = this.client.subscribeToAll({ fromPosition: toReadPosition(after), filter: excludeSystemEvents() });
    const subscription = new EventStoreDbAllSubscription(source, after, options.maxBatchSize ?? DEFAULT_PAGE, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS });
    try {
      for await (const resolved of read) {
        if (resolved.event && isApplicationEvent(resolved.event)) return toPosition(resolved.event.position);
      }
    } finally {
      await read.cancel();
    }
    return START_POSITION;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** The revision and hash the appended events chain on to: the expected one, or the stream's head for 'any'. */
  private async chainBase(streamId: string, expected: ExpectedRevision): Promise<{ revision: number; hash: string }> {
    if (expected === 'no-stream' || expected === 0) return { revision: 0, hash: GENESIS_HASH };
    const [predecessor] =
      expected === 'any'
        ? await this.lastEvents(streamId, 1)
        : await this.readStream(streamId, { fromRevision: expected, maxCount: 1 });
    // A missing predecessor means the server will refuse the expectation; the hashes do not matter then.
    return predecessor
      ? { revision: predecessor.revision, hash: predecessor.hash }
      : { revision: 0, hash: GENESIS_HASH };
  }

  /** The newest signed seal, as events appended now name it. */
  private async currentSealRef(): Promise<SealReference | null> {
    const [seal] = await this.lastEvents(SEAL_STREAM_ID, 1);
    return seal ? sealReferenceOf(seal.data) : null;
  }

  /** The stream's last `count` events, oldest first. */
  private async lastEvents(streamId: string, count: number): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: count });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read) if (resolved.event) events.unshift(toRecordedEvent(resolved.event));
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return events;
  }

  private async currentRevision(streamId: string): Promise<number> {
    const read = this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    try {
      for await (const resolved of read) {
        if (resolved.event) return Number(resolved.event.revision) + 1;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return 0;
  }
}

/**
 * Batches of the events the server has already handed over, so a catch-up is delivered in large batches and a
 * live event as soon as it arrives. Reading with `read()` leaves the rest to stream backpressure.
 */
class EventStoreDbAllSubscription implements AllSubscription {
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly after: bigint,
    private readonly maxBatchSize: number,
    private readonly onStop: () => void,
  ) {
    source.on('readable', () => this.notify());
    source.on('end', () => {
      this.ended = true;
      this.notify();
    });
    source.on('error', (error) => {
      this.failure = error;
      this.notify();
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly RecordedEvent[]> {
    try {
      for (;;) {
        const batch = this.drain();
        if (batch.length > 0) {
          yield batch;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      await this.stop();
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.release();
    return this.stopping;
  }

  private async release(): Promise<void> {
    this.ended = true;
    this.notify();
    this.onStop();
    await this.source.unsubscribe();
  }

  private drain(): RecordedEvent[] {
    const batch: RecordedEvent[] = [];
    while (!this.ended && batch.length < this.maxBatchSize) {
      const resolved: AllStreamResolvedEvent | null = this.source.read();
      if (resolved === null) break;
      const event = resolved.event;
      // The server filter drops `$` event types only; the subscription's start is exclusive, checked anyway.
      if (event && isApplicationEvent(event) && event.position.commit > this.after) batch.push(toRecordedEvent(event));
    }
    return batch;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function toEsdbExpectedRevision(expected: ExpectedRevision): EsdbExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no-stream' || expected === 0) return NO_STREAM;
  return BigInt(expected - 1);
}

/** ESDB's current revision is the 0-based number of the last event; ours is the event count. */
function toRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? 0 : Math.max(Number(current) + 1, 0);
}

function toReadPosition(after: bigint): ReadPosition {
  return after === 0n ? START : { commit: after, prepare: after };
}

function toPosition(position: LogPosition | undefined): Position {
  if (position === undefined || position.commit === UNKNOWN_COMMIT_POSITION) {
    throw new Error('EventStoreDB did not report the event position: version 22.6 or later is required');
  }
  return position.commit.toString();
}

/** Leaves out ESDB's own events (`$` types and streams). */
function isApplicationEvent(event: EsdbRecordedEvent): boolean {
  const { type, streamId } = event;
  return !type.startsWith('$') && !streamId.startsWith('$');
}

function resultOf(streamId: string, stored: readonly RecordedEvent[]): AppendResult {
  const events = stored.map(({ eventId, type, revision, position }) => ({ eventId, type, revision, position }));
  const last = events[events.length - 1];
  return { streamId, revision: last.revision, position: last.position, events };
}

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const { [CHAIN_KEY]: chain, ...metadata } = toMetadata(event.metadata) as EventMetadata & {
    [CHAIN_KEY]?: StoredChain;
  };
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision) + 1,
    position: toPosition(event.position),
    type: event.type,
    data: event.data,
    metadata,
    createdAt: chain?.createdAt ?? event.created.toISOString(),
    // Events written by other tools carry no chain; verification reports them as broken links.
    prevHash: chain?.prevHash ?? '',
    hash: chain?.hash ?? '',
    chainVersion: chain?.version ?? 1,
    sealRef: chain?.sealRef ?? null,
  };
}

/** The client parses JSON metadata; events appended without metadata (or by other writers) have none. */
function toMetadata(metadata: EsdbRecordedEvent['metadata']): EventMetadata {
  const isObject =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && !(metadata instanceof Uint8Array);
  return isObject ? (metadata as EventMetadata) : {};
}
