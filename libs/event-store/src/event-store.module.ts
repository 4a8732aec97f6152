import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStoreConfig } from '@app/config';
import { domainUpcasters } from '@app/domain';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { COMMIT_OBSERVER, type CommitObserver } from './commit-observer';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { EventSourcing } from './event-sourcing';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { UPCAST_EVENT_STORE, upcastingEventStore } from './upcasting-event-store';

/**
 * `create` (the API, a restore's staging copy): makes the embedded log when missing. `existing`: refuses a missing log
 * instead. `read-only`: refuses a missing log and writes nothing to the one it opens. EventStoreDB is a server: there
 * is nothing to create, and a reader writes nothing anyway.
 */
export type EventStoreAccess = 'create' | 'existing' | 'read-only';

/** No embedded log where the configuration points, and the access asked for does not create one. */
export class EventLogNotFoundError extends Error {
  constructor(readonly filename: string) {
    super(`There is no event log at ${filename}`);
    this.name = 'EventLogNotFoundError';
  }
}

/**
 * Opens the event store the configuration names; the only place that knows which adapters exist. The observer hears
 * of the embedded store's commits; EventStoreDB commits on its server, out of sight.
 */
export function openEventStore(
  config: EventStoreConfig,
  access: EventStoreAccess = 'create',
  observer?: CommitObserver,
): EventStore {
  if (config.kind === 'eventstoredb') return new EventStoreDbEventStore({ connectionString: config.connectionString });
  if (config.filename !== ':memory:') {
    if (access === 'create') mkdirSync(dirname(config.filename), { recursive: true });
    else if (!existsSync(config.filename)) throw new EventLogNotFoundError(config.filename);
  }
  return new SqliteEventStore({ filename: config.filename, readOnly: access === 'read-only', observer });
}

/** Online backup of the embedded log to a new file; EventStoreDB is backed up with its own tools. */
export function backupEventLog(store: EventStore, destination: string): Promise<void> {
  if (!(store instanceof SqliteEventStore)) throw new Error('Online backup copies the embedded SQLite log only');
  return store.backup(destination);
}

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Queued appends are committed before the store closes, so a graceful stop loses nothing acknowledged. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Global()
@Module({})
export class EventStoreModule {
  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [{ token: COMMIT_OBSERVER, optional: true }],
          useFactory: (observer?: CommitObserver) => openEventStore(config, 'create', observer),
        },
        {
          provide: UPCAST_EVENT_STORE,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => upcastingEventStore(store, domainUpcasters),
        },
        EventStoreLifecycle,
        EventSourcing,
      ],
      exports: [EVENT_STORE, UPCAST_EVENT_STORE, EventSourcing],
    };
  }
}
