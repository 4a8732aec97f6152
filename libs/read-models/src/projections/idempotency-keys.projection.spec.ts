import type { RecordedEvent } from '@app/event-store';
import { idempotencyKeysProjection } from './idempotency-keys.projection';

const event = (position: string, metadata: RecordedEvent['metadata'], streamId = 'orgunit-a'): RecordedEvent => ({
  eventId: `e${position}`,
  streamId,
  revision: 1,
  position,
  type: 'AnyEvent',
  data: {},
  metadata,
  createdAt: '2024-01-01T00:00:00.000Z',
  prevHash: '',
  hash: '',
});
const keyed = { idempotencyKey: 'k-1', requestFingerprint: 'f-1', actor: { subject: 'u-1', roles: ['admin'] } };

describe('idempotency-keys projection', () => {
  it('any event with a key records the caller’s key, its stream and request fingerprint', () => {
    const first = event('5', keyed);
    const [id] = idempotencyKeysProjection.documentIds(first);
    expect(idempotencyKeysProjection.evolve(null, first, id)).toEqual({
      _id: id,
      streamId: 'orgunit-a',
      requestFingerprint: 'f-1',
      firstPosition: '5',
    });
  });

  it('keeps the first request when later events carry the same key', () => {
    const first = event('5', keyed);
    const [id] = idempotencyKeysProjection.documentIds(first);
    const document = idempotencyKeysProjection.evolve(null, first, id);
    expect(
      idempotencyKeysProjection.evolve(document, event('6', { ...keyed, requestFingerprint: 'f-2' }, 'x-1'), id),
    ).toBe(document);
  });

  it('ignores events without a key', () => {
    expect(idempotencyKeysProjection.documentIds(event('7', { actor: keyed.actor }))).toEqual([]);
  });
});
