import {
  Global,
  Inject,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { UPCAST_EVENT_STORE, type EventStore } from '@app/event-store';
import { MemoryReadModelStore } from './memory/memory-read-model-store';
import { MongoReadModelStore } from './mongodb/mongo-read-model-store';
import type { Projection } from './projection';
import { Projector } from './projector';
import { CheckpointProgress, LocalProjectorProgress, ReadModelProgress } from './read-model-progress';
import { READ_MODEL_STORE, type ReadModelStore } from './read-model-store.port';

export const PROJECTIONS = Symbol('PROJECTIONS');

/** Opens the read-model store the configuration names; the only place that knows which adapters exist. */
export async function openReadModelStore(config: AppConfig['readModels']): Promise<ReadModelStore> {
  return config.kind === 'mongodb' ? MongoReadModelStore.connect(config.uri) : new MemoryReadModelStore();
}

class ProjectorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Optional() private readonly projector?: Projector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projector?.start();
  }

  /** Stop projecting before the event store closes underneath the subscription. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
    await this.readModels.close();
  }
}

@Global()
@Module({})
export class ReadModelsModule {
  static forRoot(config: AppConfig, projections: readonly Projection[]): DynamicModule {
    const projector = config.projections
      ? [
          {
            provide: Projector,
            inject: [UPCAST_EVENT_STORE, READ_MODEL_STORE],
            useFactory: (events: EventStore, readModels: ReadModelStore) =>
              new Projector(events, readModels, projections),
          },
        ]
      : [];
    return {
      module: ReadModelsModule,
      providers: [
        { provide: READ_MODEL_STORE, useFactory: () => openReadModelStore(config.readModels) },
        { provide: PROJECTIONS, useValue: projections },
        ...projector,
        {
          provide: ReadModelProgress,
          inject: [READ_MODEL_STORE, { token: Projector, optional: true }],
          useFactory: (readModels: ReadModelStore, local?: Projector) =>
            local ? new LocalProjectorProgress(local) : new CheckpointProgress(readModels, projections),
        },
        ProjectorLifecycle,
      ],
      exports: [READ_MODEL_STORE, PROJECTIONS, ReadModelProgress, ...projector.map((p) => p.provide)],
    };
  }
}
