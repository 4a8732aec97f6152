import type { UpcasterRegistry } from '@app/domain';
import type { AllSubscription, EventStore, RecordedEvent } from './event-store.port';

/** The event store as it is read for meaning: by deciders, projections and the audit replay. */
export const UPCAST_EVENT_STORE = Symbol('UPCAST_EVENT_STORE');

/**
 * A store whose reads give every event's data in its type's current schema version, with `metadata.schemaVersion`
 * saying so. The stored event is never rewritten and its `prevHash`/`hash` still cover the stored form, so whatever
 * verifies, seals, exports or shows the trail reads the store underneath. Appends pass through as given.
 */
export function upcastingEventStore(store: EventStore, upcasters: UpcasterRegistry): EventStore {
  const upcast = (event: RecordedEvent): RecordedEvent => {
    // Most events are stored in their type's current version: a replay reads a million of them.
    if (event.metadata.schemaVersion === upcasters.currentVersion(event.type)) return event;
    const { data, schemaVersion } = upcasters.upcast(event, event.metadata.schemaVersion);
    if (schemaVersion === event.metadata.schemaVersion) return event;
    return { ...event, data, metadata: { ...event.metadata, schemaVersion } };
  };
  const upcastAll = (events: RecordedEvent[]) => events.map(upcast);
  return {
    appendToStream: (streamId, events, options) => store.appendToStream(streamId, events, options),
    readStream: async (streamId, options) => upcastAll(await store.readStream(streamId, options)),
    readAll: async (options) => upcastAll(await store.readAll(options)),
    readAt: async (positions) => upcastAll(await store.readAt(positions)),
    subscribeToAll(options): AllSubscription {
      const subscription = store.subscribeToAll(options);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const batch of subscription) yield batch.map(upcast);
        },
        stop: () => subscription.stop(),
      };
    },
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
