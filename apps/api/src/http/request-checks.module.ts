import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { READ_MODEL_STORE, ReadModelProgress, type ReadModelStore } from '@app/read-models';
import { IdempotencyKeyGuard } from './idempotency-key.guard';
import { PatientDataGuard } from './patient-data.guard';
import { ReadModelPositionGuard } from './read-model-position.guard';
import { UndeclaredInputGuard } from './undeclared-input.guard';

/**
 * What every request passes once authenticated, in this order: input the route does not take is refused before any
 * wait, and so is a write holding patient data; a read waits for its `minPosition`; a write's Idempotency-Key is
 * checked across streams. Guards, not
 * interceptors: each acts before the handler only, and every global interceptor costs every request an rxjs stage
 * and an AsyncResource.bind (2–3 % of a ranking query's CPU each in a profile), where with none Nest skips both.
 */
@Module({})
export class RequestChecksModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RequestChecksModule,
      providers: [
        { provide: APP_GUARD, useClass: UndeclaredInputGuard },
        { provide: APP_GUARD, useClass: PatientDataGuard },
        {
          provide: APP_GUARD,
          inject: [ReadModelProgress],
          useFactory: (progress: ReadModelProgress) =>
            new ReadModelPositionGuard(progress, config.readYourWritesTimeoutMs),
        },
        {
          provide: APP_GUARD,
          inject: [EVENT_STORE, READ_MODEL_STORE, ReadModelProgress],
          useFactory: (events: EventStore, readModels: ReadModelStore, progress: ReadModelProgress) =>
            new IdempotencyKeyGuard(events, readModels, progress, config.readYourWritesTimeoutMs),
        },
      ],
    };
  }
}
