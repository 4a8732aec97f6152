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
  type SubscribeToAllOptions,
} from '../event-store.port';

const DEFAULT_PAGE = 1000;

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

    let appended: EsdbAppendResult;
    try {
      appended = await this.client.appendToStream(
        streamId,
        toWrite.map((event) =>
          // The client JSON-serializes any value; JSONType only narrows what its typings accept.
          jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata: event.metadata }),
        ),
        { expectedRevision: toEsdbExpectedRevision(expected) },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expected, toRevision(error.actualVersion));
      }
      throw error;
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
    const written = stored.map(({ eventId, type, revision: eventRevision, position }) => ({
      eventId,
      type,
      revision: eventRevision,
      position,
    }));
    return { streamId, revision, position: written[written.length - 1].position, events: written };
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

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision) + 1,
    position: toPosition(event.position),
    type: event.type,
    data: event.data,
    metadata: toMetadata(event.metadata),
    createdAt: event.created.toISOString(),
  };
}

/** The client parses JSON metadata; events appended without metadata (or by other writers) have none. */
function toMetadata(metadata: EsdbRecordedEvent['metadata']): EventMetadata {
  const isObject =
    typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && !(metadata instanceof Uint8Array);
  return isObject ? (metadata as EventMetadata) : {};
}
