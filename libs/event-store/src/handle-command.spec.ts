import { DomainError, domainUpcasters, type Decider, type DomainEvent } from '@app/domain';
import { ConcurrencyConflictError, WrongExpectedRevisionError } from './errors';
import type { EventStore } from './event-store.port';
import { catchUpState, handleCommand, loadState } from './handle-command';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

type Claimed = DomainEvent<'SeatClaimed', { by: string }>;
interface ClaimSeat {
  by: string;
}

/** A seat can be claimed once; claiming it again by the same person records nothing. */
const seat: Decider<ClaimSeat, Claimed, { holder: string | null }> = {
  initialState: { holder: null },
  evolve: (_state, event) => ({ holder: event.data.by }),
  decide: (command, state) => {
    if (state.holder === command.by) return [];
    if (state.holder) throw new DomainError('SEAT.TAKEN', `taken by ${state.holder}`);
    return [{ type: 'SeatClaimed', data: { by: command.by } }];
  },
};

describe('handleCommand', () => {
  let store: SqliteEventStore;
  const metadata = { correlationId: 'c-1', actor: { subject: 'u-1', roles: ['admin'] } };

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
  });
  afterEach(() => store.close());

  it('reads, decides and appends with metadata, schema version and time stamped on every event', async () => {
    const result = await handleCommand(store, 'seat-1', seat, { by: 'ann' }, { metadata });
    expect(result).toMatchObject({ streamId: 'seat-1', revision: 1, state: { holder: 'ann' } });
    expect(result.events).toEqual([{ eventId: expect.any(String), type: 'SeatClaimed' }]);
    const [event] = await store.readStream('seat-1');
    expect(event.metadata).toMatchObject({ ...metadata, schemaVersion: 1, recordedAt: expect.any(String) });
  });

  it('stamps each event with its type’s current schema version (1 without upcasters), never the caller’s', async () => {
    const lectureThenSeat: Decider<null, DomainEvent, null> = {
      initialState: null,
      evolve: () => null,
      decide: () => [
        { type: 'PartyLectureGiven', data: { lecturerIds: ['ann'] } },
        { type: 'SeatClaimed', data: { by: 'ann' } },
      ],
    };
    await handleCommand(store, 'mixed-1', lectureThenSeat, null, { metadata: { ...metadata, schemaVersion: 7 } });
    const stored = await store.readStream('mixed-1');
    expect(stored.map((event) => event.metadata.schemaVersion)).toEqual([
      domainUpcasters.currentVersion('PartyLectureGiven'),
      1,
    ]);
    expect(stored[0].metadata.schemaVersion).toBeGreaterThan(1);
  });

  it('appends nothing when the decider records nothing, and reports where the stream stands', async () => {
    const first = await handleCommand(store, 'seat-1', seat, { by: 'ann' }, { metadata });
    const again = await handleCommand(store, 'seat-1', seat, { by: 'ann' }, { metadata });
    expect(again).toMatchObject({ revision: 1, position: first.position, events: [] });
    expect(await store.readStream('seat-1')).toHaveLength(1);
  });

  it('lets a refusal through and appends nothing', async () => {
    await handleCommand(store, 'seat-1', seat, { by: 'ann' }, { metadata });
    await expect(handleCommand(store, 'seat-1', seat, { by: 'bob' }, { metadata })).rejects.toMatchObject({
      code: 'SEAT.TAKEN',
    });
    expect(await store.readStream('seat-1')).toHaveLength(1);
  });

  it('re-decides on the fresh state when a concurrent writer won', async () => {
    // Every read misses the write that lands between the read and the append, once.
    let raced = false;
    const racing: EventStore = Object.create(store);
    racing.readStream = async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      if (!raced) {
        raced = true;
        await store.appendToStream(streamId, [{ type: 'SeatClaimed', data: { by: 'bob' } }]);
      }
      return events;
    };
    await expect(handleCommand(racing, 'seat-1', seat, { by: 'ann' }, { metadata })).rejects.toMatchObject({
      code: 'SEAT.TAKEN',
    });
    expect(raced).toBe(true);
  });

  it('gives up with CONCURRENCY.CONFLICT after the bounded number of attempts', async () => {
    const alwaysRaced: EventStore = Object.create(store);
    let writes = 0;
    alwaysRaced.readStream = async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      await store.appendToStream(streamId, [{ type: 'Noise', data: { n: ++writes } }]);
      return events;
    };
    const noisy: Decider<ClaimSeat, Claimed, null> = {
      initialState: null,
      evolve: () => null,
      decide: (c) => [{ type: 'SeatClaimed', data: { by: c.by } }],
    };
    const attempt = handleCommand(alwaysRaced, 'seat-1', noisy, { by: 'ann' }, { metadata, maxAttempts: 3 });
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(writes).toBe(3);
  });

  it('never re-decides when the caller pinned a revision: a stale one is refused', async () => {
    await handleCommand(store, 'seat-1', seat, { by: 'ann' }, { metadata });
    const attempt = handleCommand(store, 'seat-1', seat, { by: 'bob' }, { metadata, expectedRevision: 0 });
    await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(attempt).rejects.toMatchObject({ code: 'CONCURRENCY.STALE_REVISION', expected: 0, actual: 1 });
  });
});

describe('catchUpState', () => {
  let store: SqliteEventStore;
  /** Counts the events folded, so folding one twice would show. */
  const counter: Decider<null, Claimed, number> = { initialState: 0, evolve: (count) => count + 1, decide: () => [] };
  const claim = (by: string) => store.appendToStream('seat-1', [{ type: 'SeatClaimed', data: { by } }]);

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
  });
  afterEach(() => store.close());

  it('from the start, folds the whole stream as loadState does', async () => {
    await claim('ann');
    await claim('bob');
    const { state, revision, position } = await loadState(store, 'seat-1', counter);
    expect(await catchUpState(store, 'seat-1', counter)).toEqual({ state, revision, position });
    expect(state).toBe(2);
  });

  it('folds onto a known state only the events appended after its revision', async () => {
    await claim('ann');
    const known = await catchUpState(store, 'seat-1', counter);
    const appended = await claim('bob');
    expect(await catchUpState(store, 'seat-1', counter, known)).toEqual({
      state: 2,
      revision: 2,
      position: appended.position,
    });
  });

  it('answers the known state itself when nothing was appended after it', async () => {
    await claim('ann');
    const known = await catchUpState(store, 'seat-1', counter);
    expect(await catchUpState(store, 'seat-1', counter, known)).toBe(known);
  });

  it('finds a stream that does not exist at revision 0 with the initial state', async () => {
    expect(await catchUpState(store, 'seat-9', counter)).toEqual({ state: 0, revision: 0, position: '0' });
  });
});
