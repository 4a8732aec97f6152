import { MemoryReadModelStore } from './memory/memory-read-model-store';
import type { Projection } from './projection';
import { CheckpointProgress } from './read-model-progress';

const projection = (name: string) => ({ name, version: 1 }) as Projection;

describe('CheckpointProgress (an API instance that hosts no projector)', () => {
  it('reports the lowest checkpoint of its projections and waits until it passes a position', async () => {
    const readModels = new MemoryReadModelStore();
    const progress = new CheckpointProgress(readModels, [projection('a'), projection('b')]);
    expect(await progress.position()).toBe('0');
    await readModels.saveCheckpoint('a', { position: '10', version: 1 });
    await readModels.saveCheckpoint('b', { position: '7', version: 1 });
    expect(await progress.position()).toBe('7');

    const waiting = progress.waitUntilCaughtUp('9', 2000);
    await readModels.saveCheckpoint('b', { position: '12', version: 1 });
    await expect(waiting).resolves.toBe(true);
    await expect(progress.waitUntilCaughtUp('11', 30)).resolves.toBe(false);
  });
});
