import type { RecordedEvent } from '@app/event-store';
import { MemoryReadModelStore } from '../memory/memory-read-model-store';
import type { Projection } from '../projection';
import type { ReadModelDocument } from '../read-model-store.port';

/**
 * A memory store with `events` applied by `projections` the way the projector applies them (each event to the
 * documents it names, in order), for tests of report queries given events.
 */
export async function projectedReadModels(
  projections: readonly Projection[],
  events: readonly RecordedEvent[],
): Promise<MemoryReadModelStore> {
  const readModels = new MemoryReadModelStore();
  for (const projection of projections) await readModels.ensureIndexes(projection.collection, projection.indexes ?? []);
  for (const event of events) {
    for (const projection of projections) {
      if (projection.handles !== 'all' && !projection.handles.includes(event.type)) continue;
      const documents = readModels.collection<ReadModelDocument>(projection.collection);
      for (const id of projection.documentIds(event)) {
        const next = projection.evolve(await documents.get(id), event, id);
        if (next === null) await documents.delete(id);
        else await documents.upsert({ ...next, _id: id });
      }
    }
  }
  return readModels;
}
