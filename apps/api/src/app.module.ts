import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule, resolveJwtSecret } from '@app/auth';
import { AppConfigModule, type AppConfig } from '@app/config';
import { AuditSigningModule, EventStoreModule } from '@app/event-store';
import { ReadModelsModule } from '@app/read-models';
import { AdminModule } from './admin/admin.module';
import { AssessmentModule } from './assessment/assessment.module';
import { AuditModule } from './audit/audit.module';
import { BranchActivityModule } from './branch-activity/branch-activity.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RateLimitModule } from './http/rate-limit.module';
import { RequestChecksModule } from './http/request-checks.module';
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
            // The request id is the correlation id (see bootstrap); tokens never reach the log, nor do the headers a
            // client may have put a patient identifier in (the correlation id as sent, the idempotency key).
            genReqId: (request) => (request as { id?: string }).id ?? '',
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-correlation-id"]',
              'req.headers["idempotency-key"]',
            ],
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
        // After AuthModule: nothing waits on minPosition or looks up a key for an unauthenticated caller.
        RequestChecksModule.forRoot(config),
        EventStoreModule.forRoot(config.eventStore),
        AuditSigningModule.forRoot(config),
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
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
