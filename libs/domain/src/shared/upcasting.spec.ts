import { upcasterRegistry } from './upcasting';

/** A made-up event whose amount became a money object (v2), then gained a currency default (v3). */
const registry = upcasterRegistry({
  FeePaid: [
    ({ yuan }: { yuan: number }) => ({ amount: { fen: yuan * 100 } }),
    ({ amount }: { amount: { fen: number } }) => ({ amount: { ...amount, currency: 'CNY' } }),
  ],
});

describe('upcaster registry', () => {
  it('gives a type one version per upcaster after the first, and a type without upcasters version 1', () => {
    expect(registry.currentVersion('FeePaid')).toBe(3);
    expect(registry.currentVersion('MeetingHeld')).toBe(1);
  });

  it('given version 1 data, when upcast, then every upcaster runs in order', () => {
    expect(registry.upcast({ type: 'FeePaid', data: { yuan: 12 } }, 1)).toEqual({
      type: 'FeePaid',
      data: { amount: { fen: 1200, currency: 'CNY' } },
      schemaVersion: 3,
    });
  });

  it('given version 2 data, when upcast, then only the upcasters after version 2 run', () => {
    expect(registry.upcast({ type: 'FeePaid', data: { amount: { fen: 5 } } }, 2).data).toEqual({
      amount: { fen: 5, currency: 'CNY' },
    });
  });

  it('given an event stored without a version, when upcast, then it is read as version 1', () => {
    expect(registry.upcast({ type: 'FeePaid', data: { yuan: 1 } }).data).toEqual({
      amount: { fen: 100, currency: 'CNY' },
    });
  });

  it('given current data, when upcast, then the very same data comes back', () => {
    const data = { amount: { fen: 5, currency: 'CNY' } };
    expect(registry.upcast({ type: 'FeePaid', data }, 3).data).toBe(data);
    const unversioned = { meetingId: 'm1' };
    expect(registry.upcast({ type: 'MeetingHeld', data: unversioned })).toEqual({
      type: 'MeetingHeld',
      data: unversioned,
      schemaVersion: 1,
    });
  });

  it('refuses a version it does not know rather than read data in the wrong shape', () => {
    for (const version of [4, 0, 1.5]) {
      expect(() => registry.upcast({ type: 'FeePaid', data: {} }, version)).toThrow(
        `FeePaid schema version ${version} is unknown here (current: 3)`,
      );
    }
    expect(() => registry.upcast({ type: 'MeetingHeld', data: {} }, 2)).toThrow('unknown here (current: 1)');
  });
});
