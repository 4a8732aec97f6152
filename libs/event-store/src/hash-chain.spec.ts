import { createHash } from 'node:crypto';
import { chainHash, GENESIS_HASH } from './hash-chain';

describe('audit hash chain', () => {
  const event = {
    streamId: 'meeting-m1',
    revision: 1,
    type: 'MeetingHeld',
    data: { topic: '学习', attendeeIds: ['b', 'a'], votes: [{ yes: 2, no: 0 }] },
    metadata: {
      recordedAt: '2024-03-12T01:30:00.000Z',
      actor: { subject: 'sec-1', roles: ['secretary'] },
      correlationId: 'c',
    },
  };

  it('follows the published recipe: sha256 of the previous hash and the canonical JSON of the covered fields', () => {
    // RFC 8785 written out by hand: keys sorted, no whitespace, UTF-8 text kept as is.
    const canonical =
      '{"actor":{"roles":["secretary"],"subject":"sec-1"},"data":{"attendeeIds":["b","a"],"topic":"学习","votes":[{"no":0,"yes":2}]},' +
      '"recordedAt":"2024-03-12T01:30:00.000Z","revision":1,"streamId":"meeting-m1","type":"MeetingHeld"}';
    expect(chainHash(GENESIS_HASH, event)).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + canonical, 'utf8')
        .digest('hex'),
    );
  });

  it('does not depend on key order, and ignores metadata it does not cover', () => {
    const reordered = {
      ...event,
      data: { votes: [{ no: 0, yes: 2 }], topic: '学习', attendeeIds: ['b', 'a'] },
      metadata: { ...event.metadata, correlationId: 'other' },
    };
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, event));
  });

  it('changes with anything it covers, and with the previous hash', () => {
    const base = chainHash(GENESIS_HASH, event);
    expect(chainHash(GENESIS_HASH, { ...event, revision: 2 })).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...event, data: { ...event.data, topic: '改' } })).not.toBe(base);
    expect(
      chainHash(GENESIS_HASH, { ...event, metadata: { ...event.metadata, actor: { subject: 'x', roles: [] } } }),
    ).not.toBe(base);
    expect(chainHash('f'.repeat(64), event)).not.toBe(base);
  });

  it('covers a null actor when the metadata names none', () => {
    expect(chainHash(GENESIS_HASH, { ...event, metadata: { recordedAt: event.metadata.recordedAt } })).toBe(
      chainHash(GENESIS_HASH, { ...event, metadata: { recordedAt: event.metadata.recordedAt, actor: undefined } }),
    );
  });
});
