import { MemoryReadModelStore } from './memory/memory-read-model-store';
import type { Projection } from './projection';
import type { Projector } from './projector';
import { CheckpointProgress, LocalProjectorProgress } from './read-model-progress';

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

describe('the serving key (what cached answers are kept under)', () => {
  it('changes with a checkpoint’s position, and with its version when a version rebuild takes over in place', async () => {
    const readModels = new MemoryReadModelStore();
    const progress = new CheckpointProgress(readModels, [projection('a'), projection('b')]);
    await readModels.saveCheckpoint('a', { position: '10', version: 1 });
    await readModels.saveCheckpoint('b', { position: '10', version: 1 });
    const first = await progress.servingKey();
    expect(await progress.servingKey()).toBe(first);

    await readModels.saveCheckpoint('b', { position: '10', version: 2 });
    const rebuilt = await progress.servingKey();
    expect(rebuilt).not.toBe(first);
    await readModels.saveCheckpoint('a', { position: '11', version: 1 });
    expect(await progress.servingKey()).not.toBe(rebuilt);
  });

  it('changes, in this process, when a frozen projection’s rebuild takes over at the same position', async () => {
    const projector = { position: () => '10', frozenProjections: () => ['meetings'] };
    const progress = new LocalProjectorProgress(projector as unknown as Projector);
    const frozen = await progress.servingKey();
    projector.frozenProjections = () => [];
    expect(await progress.servingKey()).not.toBe(frozen);
  });
});
