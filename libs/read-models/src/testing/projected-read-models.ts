import { domainUpcasters } from '@app/domain';
import { openEventStore, upcastingEventStore, type EventToAppend } from '@app/event-store';
import { MemoryReadModelStore } from '../memory/memory-read-model-store';
import type { Projection } from '../projection';
import { Projector } from '../projector';

/** An event as a test gives it: what happened, without where it was stored. */
export type GivenEvent = Pick<EventToAppend, 'type' | 'data' | 'metadata'>;

/**
 * A memory store holding what `projections` make of `events`, for tests of report queries given events: the
 * events are appended to a throwaway log and replayed by the real projector, the same code as production. Like
 * production, the log holds each event at its type's current schema version unless its metadata names another,
 * and the projector reads it upcast.
 */
export async function projectedReadModels(
  projections: readonly Projection[],
  events: readonly GivenEvent[],
): Promise<MemoryReadModelStore> {
  const log = openEventStore({ kind: 'sqlite', filename: ':memory:' });
  for (const { type, data, metadata } of events) {
    const schemaVersion = domainUpcasters.currentVersion(type);
    await log.appendToStream('given-1', [{ type, data, metadata: { schemaVersion, ...metadata } }]);
  }
  const readModels = new MemoryReadModelStore();
  await new Projector(upcastingEventStore(log, domainUpcasters), readModels, projections).replay(() => true);
  await log.close();
  return readModels;
}
