import { openEventStore, type EventStore } from '@app/event-store';
import { MemoryReadModelStore } from './memory/memory-read-model-store';
import type { ProjectedDocument, Projection } from './projection';
import { PARKED_COLLECTION, Projector } from './projector';

interface Tally extends ProjectedDocument {
  unitId: string;
  count: number;
}

/** Counts `Counted` events per unit; `Reset` deletes the tally; `Poison` events cannot be applied. */
const tallies: Projection<Tally> = {
  name: 'tallies',
  version: 1,
  collection: 'tallies',
  indexes: [{ fields: ['unitId'] }],
  handles: ['Counted', 'Reset', 'Poison'],
  documentIds: (event) => [(event.data as { unitId: string }).unitId],
  evolve(document, event, id) {
    switch (event.type) {
      case 'Counted':
        return { _id: id, _position: event.position, unitId: id, count: (document?.count ?? 0) + 1 };
      case 'Reset':
        return null;
      default:
        throw new Error(`cannot apply ${event.type}`);
    }
  },
};

/** A second projection over the same events, to show that one projection's trouble is its own. */
const typesSeen: Projection<ProjectedDocument & { types: string[] }> = {
  name: 'types-seen',
  version: 1,
  collection: 'types_seen',
  handles: ['Counted', 'Poison'],
  documentIds: () => ['all'],
  evolve: (document, event, id) => ({
    _id: id,
    _position: event.position,
    types: [...(document?.types ?? []), event.type],
  }),
};

describe('Projector', () => {
  let events: EventStore;
  let readModels: MemoryReadModelStore;
  let projector: Projector;

  const append = (unitId: string, type = 'Counted') =>
    events.appendToStream(`unit-${unitId}`, [{ type, data: { unitId } }]);
  const start = async (projections: readonly Projection[] = [tallies, typesSeen]) => {
    projector = new Projector(events, readModels, projections, { maxBatchSize: 2 });
    await projector.start();
  };

  beforeEach(() => {
    events = openEventStore({ kind: 'sqlite', filename: ':memory:' });
    readModels = new MemoryReadModelStore();
  });
  afterEach(async () => {
    await projector?.stop();
    await events.close();
  });

  it('applies handled events in order, in batches, and checkpoints the last position', async () => {
    await append('a');
    await append('b');
    await append('a');
    await events.appendToStream('other-1', [{ type: 'Unrelated', data: {} }]);
    await start();
    const head = await events.headPosition();
    expect(await projector.waitUntilCaughtUp(head, 2000)).toBe(true);
    const docs = await readModels.collection<Tally>('tallies').find({}, { sort: { _id: 1 } });
    expect(docs.map(({ _id, count }) => [_id, count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(await readModels.getCheckpoint('tallies')).toEqual({ position: head, version: 1 });
  });

  it('keeps up with live appends and reports the position reads can rely on', async () => {
    await start();
    const { position } = await append('live');
    expect(await projector.waitUntilCaughtUp(position, 2000)).toBe(true);
    expect(projector.position()).toBe(position);
    expect((await readModels.collection<Tally>('tallies').get('live'))?.count).toBe(1);
  });

  it('deletes a document when evolve returns null', async () => {
    await append('a');
    const { position } = await append('a', 'Reset');
    await start();
    await projector.waitUntilCaughtUp(position, 2000);
    expect(await readModels.collection('tallies').get('a')).toBeNull();
  });

  it('applies each event to a document once, even when the log is delivered again', async () => {
    await append('a');
    const { position } = await append('a');
    await start();
    await projector.waitUntilCaughtUp(position, 2000);
    await projector.stop();
    // Lose the checkpoint, as a crash between the write and the checkpoint would.
    await readModels.saveCheckpoint('tallies', { position: '0', version: 1 });
    await start([tallies]);
    await projector.waitUntilCaughtUp(position, 2000);
    expect((await readModels.collection<Tally>('tallies').get('a'))?.count).toBe(2);
  });

  it('hands evolve the context document as the event left it, and writes context documents last', async () => {
    /** Per event, the unit's running count as of that event, read from the unit's tally (the context). */
    const running: Projection<ProjectedDocument & { count: number }> = {
      name: 'running',
      version: 1,
      collection: 'running',
      handles: ['Counted'],
      contextId: (event) => `unit:${(event.data as { unitId: string }).unitId}`,
      documentIds: (event) => [`unit:${(event.data as { unitId: string }).unitId}`, `event:${event.position}`],
      evolve: (document, event, id, context) =>
        id.startsWith('unit:')
          ? { _id: id, _position: event.position, count: (document?.count ?? 0) + 1 }
          : { _id: id, _position: event.position, count: context!.count },
    };
    const collection = readModels.collection<ProjectedDocument & { count: number }>('running');
    const bulkWrite = jest.spyOn(collection, 'bulkWrite');
    await append('a');
    await append('b');
    const { position } = await append('a');
    projector = new Projector(events, readModels, [running], { maxBatchSize: 10 });
    await projector.replay(() => true);

    const counts = (await collection.find({}, { sort: { _id: 1 } })).map(({ _id, count }) => [_id, count]);
    expect(counts).toEqual([
      ['event:1', 1],
      ['event:2', 1],
      [`event:${position}`, 2],
      ['unit:a', 2],
      ['unit:b', 1],
    ]);
    const written = bulkWrite.mock.calls.flatMap(([operations]) =>
      operations.map((operation) => (operation.kind === 'upsert' ? operation.document._id : operation.id)),
    );
    expect(written).toEqual(['event:1', 'event:2', `event:${position}`, 'unit:a', 'unit:b']);
  });

  it('parks an event it cannot apply, with the error, and goes on; other projections are unaffected', async () => {
    await append('a');
    const poison = await append('a', 'Poison');
    const { position } = await append('a');
    await start();
    await projector.waitUntilCaughtUp(position, 2000);
    expect((await readModels.collection<Tally>('tallies').get('a'))?.count).toBe(2);
    expect(
      (await readModels.collection<ProjectedDocument & { types: string[] }>('types_seen').get('all'))?.types,
    ).toEqual(['Counted', 'Poison', 'Counted']);
    const parked = await readModels.collection(PARKED_COLLECTION).find({ projection: 'tallies' });
    expect(parked).toEqual([
      expect.objectContaining({ position: poison.position, type: 'Poison', error: 'cannot apply Poison' }),
    ]);
    const status = await projector.status();
    expect(status.find((s) => s.name === 'tallies')).toMatchObject({ parked: 1, status: 'live', lag: 0 });
    expect(status.find((s) => s.name === 'types-seen')).toMatchObject({ parked: 0, position });
  });

  it('keeps serving a projection written by another version until its rebuild takes over', async () => {
    await append('a');
    const { position } = await append('a');
    await readModels.saveCheckpoint('tallies', { position, version: 0 });
    await readModels.collection<Tally>('tallies').upsert({ _id: 'stale', _position: '1', unitId: 'stale', count: 99 });
    projector = new Projector(events, readModels, [tallies, typesSeen]);
    const rebuilt = new Promise<void>((resolve) => {
      const takeOver = readModels.renameCollection.bind(readModels);
      jest.spyOn(readModels, 'renameCollection').mockImplementation(async (from, to) => {
        // Until the moment of the take-over, readers see the old version's documents, untouched.
        expect(await readModels.collection<Tally>('tallies').find({})).toEqual([
          expect.objectContaining({ _id: 'stale', count: 99 }),
        ]);
        expect(projector.frozenProjections()).toEqual(['tallies']);
        await takeOver(from, to);
        resolve();
      });
    });
    await projector.start();
    await rebuilt;
    await projector.rebuildFinished('tallies');
    expect(projector.rebuildProgress('tallies')).toMatchObject({ state: 'completed', processed: 2 });
    expect(await readModels.collection<Tally>('tallies').find({})).toEqual([
      expect.objectContaining({ _id: 'a', count: 2 }),
    ]);
    expect(await readModels.getCheckpoint('tallies')).toEqual({ position, version: 1 });
    expect(projector.frozenProjections()).toEqual([]);
  });

  it('rebuilds into a shadow while live events keep coming, then serves the same as a from-scratch replay', async () => {
    for (let n = 0; n < 30; n++) await append(`u${n % 4}`);
    await start();
    await projector.waitUntilCaughtUp(await events.headPosition(), 2000);
    // Change the live documents behind the projector's back: only a rebuild from the log can put them right.
    await readModels.collection<Tally>('tallies').upsert({ _id: 'u0', _position: '1', unitId: 'u0', count: -1 });

    projector.rebuild('tallies');
    expect(() => projector.rebuild('tallies')).toThrow('already running');
    expect((await projector.status()).find((s) => s.name === 'tallies')?.status).toBe('rebuilding');
    const live = Promise.all(Array.from({ length: 20 }, (_, n) => append(`u${n % 5}`)));
    await Promise.all([live, projector.rebuildFinished('tallies')]);
    await projector.waitUntilCaughtUp(await events.headPosition(), 2000);

    const scratch = new MemoryReadModelStore();
    await new Projector(events, scratch, [tallies]).replay(() => true);
    const all = (store: MemoryReadModelStore) =>
      store
        .collection<Tally>('tallies')
        .find({}, { sort: { _id: 1 } })
        .then((docs) => docs.map(({ _id, count }) => [_id, count]));
    expect(await all(readModels)).toEqual(await all(scratch));
    expect(projector.rebuildProgress('tallies')).toMatchObject({ state: 'completed', etaSeconds: 0 });
    expect(projector.rebuildProgress('tallies')!.processed).toBeGreaterThanOrEqual(30);
    expect((await projector.status()).find((s) => s.name === 'tallies')?.status).toBe('live');
    expect(await readModels.collection('tallies__rebuild').count()).toBe(0);
  });

  it('parks again what a rebuild still cannot apply, and forgets what it now can', async () => {
    await append('a');
    const poison = await append('p', 'Poison');
    await start([tallies]);
    await projector.waitUntilCaughtUp(poison.position, 2000);
    expect(await projector.parkedEvents('tallies')).toEqual([expect.objectContaining({ position: poison.position })]);

    projector.rebuild('tallies');
    await projector.rebuildFinished('tallies');
    expect(await projector.parkedEvents('tallies')).toEqual([
      expect.objectContaining({ _id: `tallies:${poison.position}`, projection: 'tallies', type: 'Poison' }),
    ]);
    expect((await projector.status())[0].parked).toBe(1);

    // The "fixed" code applies Poison: a rebuild now leaves nothing parked.
    await projector.stop();
    const fixed: Projection<Tally> = {
      ...tallies,
      evolve: (document, event, id) => tallies.evolve(document, { ...event, type: 'Counted' }, id),
    };
    projector = new Projector(events, readModels, [fixed]);
    await projector.start();
    projector.rebuild('tallies');
    await projector.rebuildFinished('tallies');
    expect(await projector.parkedEvents('tallies')).toEqual([]);
    expect((await readModels.collection<Tally>('tallies').get('p'))?.count).toBe(1);
  });

  it('reports a rebuild that fails, and the live projection serves on', async () => {
    await append('a');
    await start([tallies]);
    await projector.waitUntilCaughtUp(await events.headPosition(), 2000);
    jest.spyOn(readModels, 'renameCollection').mockRejectedValueOnce(new Error('disk full'));
    projector.rebuild('tallies');
    await projector.rebuildFinished('tallies');
    expect(projector.rebuildProgress('tallies')).toMatchObject({ state: 'failed', error: 'Error: disk full' });
    expect((await readModels.collection<Tally>('tallies').get('a'))?.count).toBe(1);
    const { position } = await append('a');
    await projector.waitUntilCaughtUp(position, 2000);
    expect((await readModels.collection<Tally>('tallies').get('a'))?.count).toBe(2);
  });

  it('replays into a scratch store only up to where it is told to stop, as asOf does', async () => {
    await append('a');
    const cut = await append('b');
    await append('a');
    const scratch = new MemoryReadModelStore();
    await new Projector(events, scratch, [tallies]).replay((event) => BigInt(event.position) <= BigInt(cut.position));
    const docs = await scratch.collection<Tally>('tallies').find({}, { sort: { _id: 1 } });
    expect(docs.map(({ _id, count }) => [_id, count])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('answers false when a position is not reached in time', async () => {
    await start();
    expect(await projector.waitUntilCaughtUp('999999', 20)).toBe(false);
  });

  it('reports catching-up status with the lag while behind', async () => {
    await append('a');
    await append('b');
    projector = new Projector(events, readModels, [tallies]);
    // Not started: nothing applied yet.
    const [status] = await projector.status();
    expect(status).toMatchObject({ name: 'tallies', status: 'catching-up', position: '0', lag: 2 });
  });
});
