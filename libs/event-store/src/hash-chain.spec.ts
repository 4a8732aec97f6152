import { createHash } from 'node:crypto';
import { chainHash, GENESIS_HASH } from './hash-chain';

describe('audit hash chain', () => {
  const event = {
    eventId: '01900000-0000-7000-8000-000000000001',
    streamId: 'meeting-m1',
    revision: 1,
    type: 'MeetingHeld',
    data: { topic: '学习', attendeeIds: ['b', 'a'], votes: [{ yes: 2, no: 0 }] },
    metadata: {
      recordedAt: '2024-03-12T01:30:00.000Z',
      actor: { subject: 'sec-1', roles: ['secretary'] },
      correlationId: 'c',
      schemaVersion: 2,
    },
    createdAt: '2024-03-12T01:30:00.004Z',
    chainVersion: 2,
    sealRef: { sequence: 3, digest: 'd'.repeat(64) },
  };
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('follows the published version-2 recipe: sha256 of the previous hash and the canonical JSON of the whole event', () => {
    // RFC 8785 written out by hand: keys sorted, no whitespace, UTF-8 text kept as is.
    const canonical =
      '{"chainVersion":2,"createdAt":"2024-03-12T01:30:00.004Z","data":{"attendeeIds":["b","a"],"topic":"学习","votes":[{"no":0,"yes":2}]},' +
      '"eventId":"01900000-0000-7000-8000-000000000001","metadata":{"actor":{"roles":["secretary"],"subject":"sec-1"},' +
      '"correlationId":"c","recordedAt":"2024-03-12T01:30:00.000Z","schemaVersion":2},"revision":1,' +
      `"sealRef":{"digest":"${'d'.repeat(64)}","sequence":3},"streamId":"meeting-m1","type":"MeetingHeld"}`;
    expect(chainHash(GENESIS_HASH, event)).toBe(sha256(GENESIS_HASH + canonical));
  });

  it('follows the version-1 recipe for events written before version 2: only the fields it covered', () => {
    const canonical =
      '{"actor":{"roles":["secretary"],"subject":"sec-1"},"data":{"attendeeIds":["b","a"],"topic":"学习","votes":[{"no":0,"yes":2}]},' +
      '"recordedAt":"2024-03-12T01:30:00.000Z","revision":1,"streamId":"meeting-m1","type":"MeetingHeld"}';
    const v1 = { ...event, chainVersion: 1 };
    expect(chainHash(GENESIS_HASH, v1)).toBe(sha256(GENESIS_HASH + canonical));
    // What version 1 left out is why version 2 exists.
    expect(chainHash(GENESIS_HASH, { ...v1, metadata: { ...v1.metadata, schemaVersion: 1 } })).toBe(
      chainHash(GENESIS_HASH, v1),
    );
    const { chainVersion: _absent, ...unmarked } = v1;
    expect(chainHash(GENESIS_HASH, unmarked)).toBe(chainHash(GENESIS_HASH, v1));
  });

  it('does not depend on key order', () => {
    const reordered = { ...event, data: { votes: [{ no: 0, yes: 2 }], topic: '学习', attendeeIds: ['b', 'a'] } };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, event));
  });

  it('changes with every stored field and every metadata key, and with the previous hash', () => {
    const base = chainHash(GENESIS_HASH, event);
    const variants = [
      { ...event, eventId: 'other' },
      { ...event, streamId: 'meeting-m2' },
      { ...event, revision: 2 },
      { ...event, type: 'MeetingCancelled' },
      { ...event, data: { ...event.data, topic: '改' } },
      { ...event, createdAt: '2024-03-12T01:30:00.005Z' },
      { ...event, sealRef: null },
      ...Object.keys(event.metadata).map((key) => ({ ...event, metadata: { ...event.metadata, [key]: 'x' } })),
      { ...event, metadata: { ...event.metadata, idempotencyKey: 'k' } },
    ];
    for (const variant of variants) expect(chainHash(GENESIS_HASH, variant)).not.toBe(base);
    expect(chainHash('f'.repeat(64), event)).not.toBe(base);
  });

  it('refuses a chain version it does not know', () => {
    expect(() => chainHash(GENESIS_HASH, { ...event, chainVersion: 3 })).toThrow(RangeError);
  });
});
