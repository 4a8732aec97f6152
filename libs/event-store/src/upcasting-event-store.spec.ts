import { generateAuditSigningKey } from './audit/signing-key';
import {
  domainUpcasters,
  lectureDecider,
  upcasterRegistry,
  type GiveLecture,
  type PartyLectureGivenV1,
} from '@app/domain';
import { verifyLog } from './audit/audit-log';
import type { EventMetadata, EventStore, RecordedEvent } from './event-store.port';
import { handleCommand } from './handle-command';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { upcastingEventStore } from './upcasting-event-store';

/** Version 2 of a made-up event renamed `by` to `holder`. */
const upcasters = upcasterRegistry({ SeatClaimed: [({ by }: { by: string }) => ({ holder: by })] });
const claimedV1 = { type: 'SeatClaimed', data: { by: 'ann' }, metadata: { schemaVersion: 1, correlationId: 'c-1' } };
const claimedV2 = { type: 'SeatClaimed', data: { holder: 'bob' }, metadata: { schemaVersion: 2 } };

describe('upcastingEventStore', () => {
  let stored: SqliteEventStore;
  let upcast: EventStore;

  beforeEach(async () => {
    stored = new SqliteEventStore({ filename: ':memory:' });
    upcast = upcastingEventStore(stored, upcasters);
    await stored.appendToStream('seat-1', [claimedV1, claimedV2]);
    await stored.appendToStream('other-1', [{ type: 'Unversioned', data: { n: 1 } }]);
  });
  afterEach(() => stored.close());

  /** What upcasting may change: the data and the version it is in; everything else is the stored event's. */
  const expectUpcastOf = (read: RecordedEvent, original: RecordedEvent) => {
    expect(read).toEqual({
      ...original,
      data: { holder: 'ann' },
      metadata: { ...original.metadata, schemaVersion: 2 },
    });
  };

  it('reads a stream, a page of the log and events by position in the current version, hash fields as stored', async () => {
    const [v1, v2, unversioned] = await stored.readAll();
    expect(v1.data).toEqual({ by: 'ann' });

    const stream = await upcast.readStream('seat-1');
    expectUpcastOf(stream[0], v1);
    expect(stream[1]).toEqual(v2);
    const page = await upcast.readAll();
    expectUpcastOf(page[0], v1);
    expect(page.slice(1)).toEqual([v2, { ...unversioned, metadata: { ...unversioned.metadata, schemaVersion: 1 } }]);
    const [byPosition] = await upcast.readAt([v1.position]);
    expectUpcastOf(byPosition, v1);
  });

  it('delivers subscribed batches in the current version, and stops the subscription underneath', async () => {
    const [v1] = await stored.readAll();
    const subscription = upcast.subscribeToAll();
    for await (const batch of subscription) {
      expectUpcastOf(batch[0], v1);
      expect(batch.map((event) => event.metadata.schemaVersion)).toEqual([2, 2, 1]);
      break;
    }
    await subscription.stop();
  });

  it('never rewrites the stored event: the store underneath still holds v1, and its hash chain verifies', async () => {
    await upcast.readAll();
    expect((await stored.readStream('seat-1'))[0]).toMatchObject({
      data: { by: 'ann' },
      metadata: { schemaVersion: 1 },
    });
    expect(await verifyLog(stored, { publicKey: generateAuditSigningKey().publicKey })).toMatchObject({
      ok: true,
      eventsChecked: 3,
    });
  });

  it('appends events as given', async () => {
    await upcast.appendToStream('seat-2', [
      { type: 'SeatClaimed', data: { by: 'cai' }, metadata: { schemaVersion: 1 } },
    ]);
    expect(await stored.readStream('seat-2')).toMatchObject([{ data: { by: 'cai' }, metadata: { schemaVersion: 1 } }]);
    expect(await upcast.headPosition()).toBe(await stored.headPosition());
  });
});

describe('a command over a stream holding a PartyLectureGiven v1', () => {
  const actor = { subject: 'sec-1', roles: ['secretary'] };
  const retry = { actor, idempotencyKey: 'k-1', requestFingerprint: 'f-1' };
  const lectureV1: PartyLectureGivenV1 = {
    type: 'PartyLectureGiven',
    data: {
      lectureId: 'l1',
      unitId: 'cardiology',
      lecturerId: 'zhang',
      title: '党课',
      givenAt: '2024-03-20T15:00:00+08:00',
      hospitalId: 'pj-central',
      givenOn: '2024-03-20',
      attendeeIds: ['wang'],
      durationMinutes: 60,
    },
  };
  const { hospitalId: _hospitalId, givenOn: _givenOn, lecturerId, ...asGiven } = lectureV1.data;
  const giveAgain: GiveLecture = {
    type: 'GiveLecture',
    ...asGiven,
    lecturerIds: [lecturerId],
    unit: null,
    people: {},
    branchAncestors: {},
    now: '2024-06-30T00:00:00Z',
  };
  let stored: SqliteEventStore;

  beforeEach(async () => {
    stored = new SqliteEventStore({ filename: ':memory:' });
    await stored.appendToStream('lecture-l1', [{ ...lectureV1, metadata: { ...retry, schemaVersion: 1 } }]);
  });
  afterEach(() => stored.close());

  const give = (metadata: EventMetadata) =>
    handleCommand(upcastingEventStore(stored, domainUpcasters), 'lecture-l1', lectureDecider, giveAgain, { metadata });

  it('folds the upcast event: a retry with the same Idempotency-Key answers with the lecture in version 2', async () => {
    const result = await give(retry);
    expect(result).toMatchObject({ replayed: true, revision: 1 });
    expect(result.state).toEqual({
      status: 'given',
      lecture: { ...asGiven, hospitalId: 'pj-central', givenOn: '2024-03-20', lecturerIds: ['zhang'] },
    });
  });

  it('decides on it: the lecture is already recorded', async () => {
    await expect(give({ actor })).rejects.toMatchObject({ code: 'LECTURE.ALREADY_RECORDED' });
    expect(await stored.readStream('lecture-l1')).toHaveLength(1);
  });
});
