import type { EventStore } from '@app/event-store';
import { MemoryReadModelStore, ReadModelProgress, type ReadModelStore } from '@app/read-models';
import { ReportSource } from './report-source';

/** Read models whose serving key the test moves on by hand. */
class ManualProgress extends ReadModelProgress {
  key = '10 ';

  async position(): Promise<string> {
    return '10';
  }

  async waitUntilCaughtUp(): Promise<boolean> {
    return true;
  }

  async servingKey(): Promise<string> {
    return this.key;
  }
}

describe('report answers kept while the read models stand still', () => {
  const setUp = () => {
    const progress = new ManualProgress();
    const events = { readAll: async () => [] } as unknown as EventStore;
    const source = new ReportSource(events, new MemoryReadModelStore(), [], progress);
    let computed = 0;
    const compute = async (_readModels: ReadModelStore) => ({ answer: ++computed });
    return { progress, source, compute, computed: () => computed };
  };

  it('answers the same question at the same serving key from one computation, concurrent askers included', async () => {
    const { source, compute, computed } = setUp();
    const [first, second] = await Promise.all([
      source.answer(undefined, 'q', compute),
      source.answer(undefined, 'q', compute),
    ]);
    expect(await source.answer(undefined, 'q', compute)).toBe(first);
    expect(second).toBe(first);
    expect(computed()).toBe(1);
    await source.answer(undefined, 'another question', compute);
    expect(computed()).toBe(2);
  });

  it('computes again once the read models move on', async () => {
    const { progress, source, compute } = setUp();
    expect(await source.answer(undefined, 'q', compute)).toEqual({ answer: 1 });
    progress.key = '11 ';
    expect(await source.answer(undefined, 'q', compute)).toEqual({ answer: 2 });
  });

  it('keeps no failure: the next asker computes again', async () => {
    const { source, compute } = setUp();
    await expect(source.answer(undefined, 'q', async () => Promise.reject(new Error('store down')))).rejects.toThrow(
      'store down',
    );
    expect(await source.answer(undefined, 'q', compute)).toEqual({ answer: 1 });
  });

  it('replays an asOf answer every time, into a store of its own', async () => {
    const { source, compute, computed } = setUp();
    const asOf = '2024-04-01T00:00:00+08:00';
    await source.answer(asOf, 'q', compute);
    await source.answer(asOf, 'q', compute);
    expect(computed()).toBe(2);
    expect(await source.answer(undefined, 'q', compute)).toEqual({ answer: 3 });
  });
});
