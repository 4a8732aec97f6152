import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { WrongExpectedRevisionError } from '../errors';
import { AUDIT_SEALED, SEAL_STREAM_ID, signSeal, type SignedSeal } from '../audit/seal';
import { generateAuditSigningKey } from '../audit/signing-key';
import { CHAIN_VERSION, chainHash, GENESIS_HASH } from '../hash-chain';
import { comparePositions, type EventStore, type RecordedEvent } from '../event-store.port';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The behaviour every EventStore adapter must show, run unchanged against each of them. Streams are named
 * uniquely per run so the suite also works against a long-lived server that holds other data.
 */
export function eventStoreContract(makeStore: () => Promise<EventStore>): void {
  let store: EventStore;
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  const newStreamId = (category = 'contract') => `${category}-${run}x${++counter}`;
  const event = (type: string, data: unknown = {}) => ({ type, data });

  beforeAll(async () => {
    store = await makeStore();
  });
  afterAll(async () => {
    await store.close();
  });

  describe('appending to a new stream', () => {
    it('numbers events from revision 1 and reports the new revision and position', async () => {
      const streamId = newStreamId();
      const result = await store.appendToStream(streamId, [event('A'), event('B')], { expectedRevision: 'no-stream' });
      expect(result.revision).toBe(2);
      expect(result.events.map((e) => e.revision)).toEqual([1, 2]);
      expect(result.position).toBe(result.events[1].position);
      expect(comparePositions(result.events[0].position, result.events[1].position)).toBe(-1);
    });

    it('treats expected revision 0 as "no stream"', async () => {
      const streamId = newStreamId();
      const result = await store.appendToStream(streamId, [event('A')], { expectedRevision: 0 });
      expect(result.revision).toBe(1);
    });

    it('generates time-ordered UUIDv7 event ids when none are given', async () => {
      const result = await store.appendToStream(newStreamId(), [event('A'), event('B')]);
      for (const written of result.events) expect(written.eventId).toMatch(UUID_V7);
      expect(result.events[0].eventId < result.events[1].eventId).toBe(true);
    });
  });

  describe('expected revision', () => {
    it('refuses "no-stream" on an existing stream, naming stream, expected and actual', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [event('A')]);
      const attempt = store.appendToStream(streamId, [event('B')], { expectedRevision: 'no-stream' });
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(attempt).rejects.toMatchObject({ streamId, expected: 'no-stream', actual: 1 });
    });

    it('refuses a stale revision and appends nothing', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [event('A'), event('B')]);
      const attempt = store.appendToStream(streamId, [event('C')], { expectedRevision: 1 });
      await expect(attempt).rejects.toMatchObject({ streamId, expected: 1, actual: 2 });
      expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('accepts the current revision and "any"', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [event('A')]);
      expect((await store.appendToStream(streamId, [event('B')], { expectedRevision: 1 })).revision).toBe(2);
      expect((await store.appendToStream(streamId, [event('C')], { expectedRevision: 'any' })).revision).toBe(3);
    });

    it('lets exactly one of many concurrent writers with the same expectation win', async () => {
      const streamId = newStreamId();
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.appendToStream(streamId, [event('Claimed', { by: i })], { expectedRevision: 'no-stream' }),
        ),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      for (const failed of attempts.filter((a) => a.status === 'rejected')) {
        expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      }
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it('fails only the conflicting append among concurrent appends to other streams', async () => {
      const contested = newStreamId();
      await store.appendToStream(contested, [event('A')]);
      const others = [newStreamId(), newStreamId(), newStreamId()];
      const results = await Promise.allSettled([
        ...others.map((streamId) => store.appendToStream(streamId, [event('X')], { expectedRevision: 'no-stream' })),
        store.appendToStream(contested, [event('B')], { expectedRevision: 'no-stream' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
      for (const streamId of others) expect(await store.readStream(streamId)).toHaveLength(1);
    });
  });

  describe('reading a stream', () => {
    it('reads back events in revision order, from a revision, at most maxCount', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [event('A', { n: 1 }), event('B', { n: 2 })]);
      await store.appendToStream(streamId, [event('C', { n: 3 })]);
      const all = await store.readStream(streamId);
      expect(all.map((e) => [e.revision, e.type, e.data])).toEqual([
        [1, 'A', { n: 1 }],
        [2, 'B', { n: 2 }],
        [3, 'C', { n: 3 }],
      ]);
      expect(all.every((e) => e.streamId === streamId)).toBe(true);
      expect((await store.readStream(streamId, { fromRevision: 2 })).map((e) => e.type)).toEqual(['B', 'C']);
      expect((await store.readStream(streamId, { maxCount: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
      // Past the last revision there is nothing yet: catchUpState reads there to find a stream unchanged.
      expect(await store.readStream(streamId, { fromRevision: 4 })).toEqual([]);
    });

    it('returns nothing for a stream that does not exist', async () => {
      expect(await store.readStream(newStreamId('absent'))).toEqual([]);
    });
  });

  describe('the global log', () => {
    it('orders events across streams by position, after an exclusive checkpoint', async () => {
      const [a, b] = [newStreamId(), newStreamId()];
      const before = await store.headPosition();
      await store.appendToStream(a, [event('A1')]);
      await store.appendToStream(b, [event('B1')]);
      await store.appendToStream(a, [event('A2')]);
      const ours = (await store.readAll({ fromPosition: before, limit: 10_000 })).filter((e) =>
        [a, b].includes(e.streamId),
      );
      expect(ours.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
      for (let i = 1; i < ours.length; i++) {
        expect(comparePositions(ours[i - 1].position, ours[i].position)).toBe(-1);
      }
      const afterFirst = await store.readAll({ fromPosition: ours[0].position, limit: 10_000 });
      expect(afterFirst.map((e) => e.eventId)).not.toContain(ours[0].eventId);
      expect(afterFirst.map((e) => e.eventId)).toContain(ours[1].eventId);
    });

    it('pages with limit', async () => {
      const before = await store.headPosition();
      await store.appendToStream(newStreamId(), [event('P1'), event('P2'), event('P3')]);
      const page = await store.readAll({ fromPosition: before, limit: 2 });
      expect(page).toHaveLength(2);
    });

    it('reads the events at given positions, in the order given, leaving out positions it does not hold', async () => {
      const before = await store.headPosition();
      await store.appendToStream(newStreamId(), [event('R1'), event('R2')]);
      await store.appendToStream(newStreamId(), [event('R3')]);
      const [r1, r2, r3] = await store.readAll({ fromPosition: before, limit: 3 });
      const beyond = String(BigInt(r3.position) + 10_000_000n);
      const read = await store.readAt([r3.position, beyond, r1.position]);
      expect(read).toEqual([r3, r1]);
      expect(await store.readAt([])).toEqual([]);
      expect((await store.readAt([r2.position]))[0].type).toBe('R2');
    });

    it('reports the head position as the last appended event', async () => {
      const result = await store.appendToStream(newStreamId(), [event('H')]);
      expect(comparePositions(await store.headPosition(), result.position)).toBeGreaterThanOrEqual(0);
      expect(comparePositions(result.position, '0')).toBe(1);
    });
  });

  describe('subscribing to all', () => {
    it('delivers only events after the checkpoint, then live ones, and stops', async () => {
      const streamId = newStreamId();
      const first = await store.appendToStream(streamId, [event('Before')]);
      await store.appendToStream(streamId, [event('AfterCheckpoint')]);
      const subscription = store.subscribeToAll({ fromPosition: first.position });
      const seen: RecordedEvent[] = [];
      const consumed = (async () => {
        for await (const batch of subscription) {
          seen.push(...batch.filter((e) => e.streamId === streamId));
          if (seen.some((e) => e.type === 'Live')) break;
        }
      })();
      await waitFor(() => seen.length >= 1);
      await store.appendToStream(streamId, [event('Live')]);
      await consumed;
      await subscription.stop();
      expect(seen.map((e) => e.type)).toEqual(['AfterCheckpoint', 'Live']);
    });

    it('can be stopped while idle', async () => {
      const subscription = store.subscribeToAll({ fromPosition: await store.headPosition() });
      const consumed = (async () => {
        let delivered = 0;
        for await (const batch of subscription) delivered += batch.length;
        return delivered;
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await subscription.stop();
      await expect(consumed).resolves.toEqual(expect.any(Number));
    });
  });

  describe('idempotent re-append', () => {
    it('answers a re-sent append at the same place with the original result and stores nothing new', async () => {
      const streamId = newStreamId();
      const events = [
        { eventId: uuidv7(), type: 'A', data: { n: 1 } },
        { eventId: uuidv7(), type: 'B', data: { n: 2 } },
      ];
      const original = await store.appendToStream(streamId, events, { expectedRevision: 'no-stream' });
      const again = await store.appendToStream(streamId, events, { expectedRevision: 'no-stream' });
      const anyAgain = await store.appendToStream(streamId, events, { expectedRevision: 'any' });
      expect(again).toEqual(original);
      expect(anyAgain.revision).toBe(original.revision);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });
  });

  describe('audit hash chain', () => {
    it('chains each event to the previous one in its stream, from the genesis hash, by the published recipe', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [event('A', { n: 1 }), event('B', { n: 2 })]);
      await store.appendToStream(streamId, [
        {
          type: 'C',
          data: { text: '党建' },
          metadata: { actor: { subject: 'u-1', roles: ['admin'] }, recordedAt: '2024-01-01T00:00:00.000Z' },
        },
      ]);
      const read = await store.readStream(streamId);
      let prevHash = GENESIS_HASH;
      for (const recorded of read) {
        expect(recorded.prevHash).toBe(prevHash);
        expect(recorded.hash).toBe(chainHash(prevHash, recorded));
        prevHash = recorded.hash;
      }
      const fromLog = (await store.readAll({ fromPosition: '0', limit: 100_000 })).filter(
        (e) => e.streamId === streamId,
      );
      expect(fromLog.map((e) => e.hash)).toEqual(read.map((e) => e.hash));
    });

    it('hashes new events by chain version 2: the event id, every metadata key and createdAt are covered', async () => {
      const streamId = newStreamId();
      const metadata = {
        actor: { subject: 'u-1', roles: ['admin'] },
        correlationId: 'corr-1',
        causationId: 'cause-1',
        idempotencyKey: 'key-1',
        requestFingerprint: 'fp-1',
        schemaVersion: 2,
      };
      await store.appendToStream(streamId, [{ type: 'A', data: { n: 1 }, metadata }]);
      const [recorded] = await store.readStream(streamId);
      expect(recorded.chainVersion).toBe(CHAIN_VERSION);
      expect(recorded.hash).toBe(chainHash(GENESIS_HASH, recorded));
      for (const altered of [
        { ...recorded, eventId: randomUUID() },
        { ...recorded, createdAt: new Date(0).toISOString() },
        ...Object.keys(recorded.metadata).map((key) => ({ ...recorded, metadata: { ...recorded.metadata, [key]: 0 } })),
      ])
        expect(chainHash(GENESIS_HASH, altered)).not.toBe(recorded.hash);
    });

    it('names the newest signed seal in every event appended after it, and none before the first', async () => {
      const before = newStreamId();
      await store.appendToStream(before, [event('A')]);
      const previous = (await store.readStream(SEAL_STREAM_ID)).at(-1);
      const seal = signSeal(
        { sealId: randomUUID(), sealedAt: new Date().toISOString(), position: '0', streams: [] },
        (previous?.data as SignedSeal | undefined) ?? null,
        generateAuditSigningKey(),
      );
      await store.appendToStream(SEAL_STREAM_ID, [{ type: AUDIT_SEALED, data: seal }]);
      const after = newStreamId();
      await store.appendToStream(after, [event('B')]);
      const [written] = await store.readStream(after);
      expect(written.sealRef).toEqual({ sequence: seal.sequence, digest: seal.digest });
      expect(written.hash).toBe(chainHash(GENESIS_HASH, written));
      if (previous === undefined) expect((await store.readStream(before))[0].sealRef).toBeNull();
    });

    it('stamps recordedAt into the metadata when the writer set none, and keeps the writer’s otherwise', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, [
        event('A'),
        { type: 'B', data: {}, metadata: { recordedAt: '2024-01-01T00:00:00.000Z' } },
      ]);
      const [stamped, kept] = await store.readStream(streamId);
      expect(Number.isNaN(Date.parse(String(stamped.metadata.recordedAt)))).toBe(false);
      expect(kept.metadata.recordedAt).toBe('2024-01-01T00:00:00.000Z');
    });
  });

  describe('payloads', () => {
    it('round-trips metadata exactly', async () => {
      const streamId = newStreamId();
      const metadata = {
        actor: { subject: 'm-001', roles: ['secretary'] },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        idempotencyKey: 'key-1',
        recordedAt: '2024-03-12T01:30:00.000Z',
        schemaVersion: 1,
      };
      await store.appendToStream(streamId, [{ type: 'WithMetadata', data: {}, metadata }]);
      const [read] = await store.readStream(streamId);
      expect(read.metadata).toEqual(metadata);
      expect(typeof read.createdAt).toBe('string');
      expect(Number.isNaN(Date.parse(read.createdAt))).toBe(false);
    });

    it('keeps unicode and large payloads intact', async () => {
      const streamId = newStreamId();
      const data = {
        topic: '学习贯彻党的二十大精神 — 党支部主题党日 🇨🇳',
        odd: 'NUL-free but tricky: \u2028\u2029 "quotes" \\ backslash 𠮷',
        body: '党建'.repeat(100_000),
        list: Array.from({ length: 1000 }, (_, i) => ({ i, name: `成员${i}` })),
      };
      await store.appendToStream(streamId, [{ type: 'Large', data }]);
      const [read] = await store.readStream(streamId);
      expect(read.data).toEqual(data);
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
