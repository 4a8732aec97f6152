import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule, resolveJwtSecret } from '@app/auth';
import { AppConfigModule, type AppConfig } from '@app/config';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@app/event-store';
import { READ_MODEL_STORE, ReadModelProgress, ReadModelsModule, type ReadModelStore } from '@app/read-models';
import { AdminModule } from './admin/admin.module';
import { AssessmentModule } from './assessment/assessment.module';
import { AuditModule } from './audit/audit.module';
import { BranchActivityModule } from './branch-activity/branch-activity.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { IdempotencyKeyInterceptor } from './http/idempotency-key.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RateLimitModule } from './http/rate-limit.module';
import { ReadModelPositionInterceptor } from './http/read-model-position.interceptor';
import { UndeclaredInputInterceptor } from './http/undeclared-input.interceptor';
import { OperationsModule } from './operations/operations.module';
import { OrganizationModule } from './organization/organization.module';
import { projections } from './projections';
import { ReportsModule } from './reports/reports.module';
import { SharedModule } from './shared/shared.module';

/** The composition root: the only place that picks storage, from the configuration parsed at boot. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // The request id is the correlation id (see bootstrap); tokens never reach the log.
            genReqId: (request) => (request as { id?: string }).id ?? '',
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: {
              // Middleware mounting rewrites `url`; `originalUrl` is what the client asked for.
              ignore: (request) =>
                ((request as { originalUrl?: string }).originalUrl ?? request.url ?? '').startsWith('/health'),
            },
          },
        }),
        // Before AuthModule: global guards run in registration order, and refused tokens count against their address.
        RateLimitModule.forRoot(config),
        AuthModule.forRoot(resolveJwtSecret(config)),
        EventStoreModule.forRoot(config.eventStore),
        ReadModelsModule.forRoot(config, projections),
        OperationsModule,
        SharedModule,
        OrganizationModule,
        FollowUpsModule,
        AssessmentModule,
        ReportsModule,
        AdminModule,
        AuditModule,
        BranchActivityModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // First of the interceptors, so that input a route does not take is refused before any wait (minPosition, keys).
        { provide: APP_INTERCEPTOR, useClass: UndeclaredInputInterceptor },
        {
          provide: APP_INTERCEPTOR,
          inject: [ReadModelProgress],
          useFactory: (progress: ReadModelProgress) =>
            new ReadModelPositionInterceptor(progress, config.readYourWritesTimeoutMs),
        },
        {
          provide: APP_INTERCEPTOR,
          inject: [EVENT_STORE, READ_MODEL_STORE, ReadModelProgress],
          useFactory: (events: EventStore, readModels: ReadModelStore, progress: ReadModelProgress) =>
            new IdempotencyKeyInterceptor(events, readModels, progress, config.readYourWritesTimeoutMs),
        },
      ],
    };
  }
}
