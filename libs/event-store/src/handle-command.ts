import { domainUpcasters, type Decider, type DomainEvent } from '@app/domain';
import { v7 as uuidv7 } from 'uuid';
import { ConcurrencyConflictError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from './errors';
import {
  START_POSITION,
  type EventMetadata,
  type EventStore,
  type Position,
  type RecordedEvent,
} from './event-store.port';

export interface HandleCommandOptions {
  readonly metadata: EventMetadata;
  /** Pinned by the caller (HTTP `If-Match`): a conflict is reported, never re-decided. */
  readonly expectedRevision?: number;
  /** How many times a command is decided when concurrent writers keep winning. */
  readonly maxAttempts?: number;
}

export interface CommandResult<State> {
  readonly streamId: string;
  /** The stream's revision after the command; unchanged when the decider had nothing to record. */
  readonly revision: number;
  /** Global position of the stream's last event: a read model that reached it reflects this command. */
  readonly position: Position;
  readonly events: readonly { readonly eventId: string; readonly type: string }[];
  readonly state: State;
  /** True when an Idempotency-Key matched an earlier command: its result is returned and nothing appended. */
  readonly replayed: boolean;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The whole application layer of a command: read the stream, fold `evolve`, `decide`, and append with the
 * revision read. A concurrent write makes the append fail; unless the caller pinned a revision, the command is
 * decided again on the fresh state, a bounded number of times.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: HandleCommandOptions,
): Promise<CommandResult<State>> {
  const maxAttempts = options.expectedRevision === undefined ? (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) : 1;
  for (let attempt = 1; ; attempt += 1) {
    const { state, revision, position, events } = await loadState(store, streamId, decider);
    const replay = findReplay(events, options.metadata);
    if (replay) return { ...replay, streamId, state };
    if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
      throw new WrongExpectedRevisionError(streamId, options.expectedRevision, revision);
    }
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { streamId, revision, position, events: [], state, replayed: false };
    try {
      const metadata = { recordedAt: new Date().toISOString(), ...options.metadata };
      const result = await store.appendToStream(
        streamId,
        decided.map(({ type, data }) => ({
          eventId: uuidv7(),
          type,
          data,
          // The decider wrote the data in its type's current shape; readers upcast by this number.
          metadata: { ...metadata, schemaVersion: domainUpcasters.currentVersion(type) },
        })),
        { expectedRevision: revision === 0 ? 'no-stream' : revision },
      );
      return {
        streamId,
        revision: result.revision,
        position: result.position,
        events: result.events.map(({ eventId, type }) => ({ eventId, type })),
        state: decided.reduce(decider.evolve, state),
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (options.expectedRevision !== undefined) throw error;
      if (attempt >= maxAttempts) throw new ConcurrencyConflictError(streamId, attempt);
    }
  }
}

/** A stream's state folded with a decider's `evolve`, and the revision and position it was folded to. */
export interface FoldedState<State> {
  readonly state: State;
  readonly revision: number;
  readonly position: Position;
}

/** What folding a stream needs of a decider. */
export type StateFold<Event extends DomainEvent, State> = Pick<
  Decider<unknown, Event, State>,
  'evolve' | 'initialState'
>;

/** A stream's current state, folded with the decider's `evolve`, and where the stream stands. */
export async function loadState<Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: StateFold<Event, State>,
): Promise<FoldedState<State> & { events: RecordedEvent[] }> {
  const events = await store.readStream(streamId);
  return { ...foldOnto(initialFold(decider), events, decider), events };
}

/**
 * `known` (from the start when absent) brought up to the stream's current revision by reading only the events
 * after it: a caller that keeps folded states stays as fresh as the log without reading a stream twice.
 */
export async function catchUpState<Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: StateFold<Event, State>,
  known: FoldedState<State> = initialFold(decider),
): Promise<FoldedState<State>> {
  const events = await store.readStream(streamId, { fromRevision: known.revision + 1 });
  return foldOnto(known, events, decider);
}

const initialFold = <State>(decider: { readonly initialState: State }): FoldedState<State> => ({
  state: decider.initialState,
  revision: 0,
  position: START_POSITION,
});

function foldOnto<Event extends DomainEvent, State>(
  known: FoldedState<State>,
  events: readonly RecordedEvent[],
  decider: StateFold<Event, State>,
): FoldedState<State> {
  const last = events.at(-1);
  if (!last) return known;
  return {
    state: events.map(toDomainEvent<Event>).reduce(decider.evolve, known.state),
    revision: last.revision,
    position: last.position,
  };
}

/**
 * An Idempotency-Key is recorded in the metadata of the events it produced, per caller. The same key with the
 * same request returns that first result; with another request it is refused. Kept in the log itself, it
 * survives restarts and needs no other store, and the append's expected revision settles concurrent retries.
 */
function findReplay(
  events: readonly RecordedEvent[],
  metadata: EventMetadata,
): Omit<CommandResult<never>, 'streamId' | 'state'> | undefined {
  const key = metadata.idempotencyKey;
  if (!key) return undefined;
  const earlier = events.filter(
    (event) => event.metadata.idempotencyKey === key && event.metadata.actor?.subject === metadata.actor?.subject,
  );
  if (earlier.length === 0) return undefined;
  if (earlier[0].metadata.requestFingerprint !== metadata.requestFingerprint) {
    throw new IdempotencyKeyReusedError(key);
  }
  const last = earlier[earlier.length - 1];
  return {
    revision: last.revision,
    position: last.position,
    events: earlier.map(({ eventId, type }) => ({ eventId, type })),
    replayed: true,
  };
}

export function toDomainEvent<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}
