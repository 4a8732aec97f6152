import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  AUDIT_SEALED,
  AUDIT_SIGNING_KEY,
  EVENT_STORE,
  sealLog,
  verifyLog,
  type AuditSigningKey,
  type EventStore,
  type VerificationReport,
} from '@app/event-store';
import { v7 as uuidv7 } from 'uuid';
import { ProblemException } from '../http/problem';
import { ProductMetrics } from '../operations/product-metrics';

/** Readiness and the log show this many problems; the count says how many there are in all. */
const PROBLEMS_SHOWN = 20;

/**
 * Whether the log verified when the server started (everything appended since the newest seal, the whole log before
 * the first: its chains and its seals), or at an inspector's later full verification. A log that fails keeps the
 * server up for inspectors, read-only.
 */
@Injectable()
export class AuditIntegrity implements OnModuleInit {
  private readonly logger = new Logger('AuditIntegrity');
  private report: VerificationReport | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    private readonly metrics: ProductMetrics,
  ) {}

  /** Awaited before the server listens, so no write is taken before the log is known to be whole. */
  async onModuleInit(): Promise<void> {
    this.record(await verifyLog(this.eventStore, { publicKey: this.key.publicKey, sinceLatestSeal: true }));
  }

  /**
   * Takes a verification's verdict as the server's: the start-up check, and every full verification an inspector
   * runs without a digest (one with a digest may fail on a mistyped digest, which says nothing about the log).
   */
  record(report: VerificationReport): void {
    this.report = report;
    this.metrics.verified(report);
    const { eventsChecked, fromPosition, sealId } = report;
    if (report.ok) this.logger.log(`Audit log verified: ${eventsChecked} events after position ${fromPosition}`);
    else
      this.logger.error(
        `Audit log fails verification (${report.problems.length} problems); serving reads only: ` +
          JSON.stringify({ sealId, fromPosition, problems: report.problems.slice(0, PROBLEMS_SHOWN) }),
      );
  }

  get intact(): boolean {
    return this.report?.ok ?? false;
  }

  /** What readiness shows. */
  status(): Record<string, unknown> {
    const report = this.report;
    if (!report) return { verified: false };
    const { eventsChecked, fromPosition, sealId, sealSequence, problems } = report;
    return {
      eventsChecked,
      fromPosition,
      sealId,
      sealSequence,
      ...(problems.length > 0 ? { problemCount: problems.length, problems: problems.slice(0, PROBLEMS_SHOWN) } : {}),
    };
  }
}

const ALLOWED_WHILE_NOT_INTACT = 'audit:allowedWhileLogNotIntact';
/** A POST that only reads (a verification) and stays open to inspectors while the log is not intact. */
export const AllowedWhileLogNotIntact = () => SetMetadata(ALLOWED_WHILE_NOT_INTACT, true);

/** What every write answers while the log is not intact; the OpenAPI document lists it on each write. */
export const logNotIntact = () =>
  new ProblemException(
    'AUDIT.LOG_NOT_INTACT',
    'The audit log failed verification; the server serves reads only. See /health/ready',
  );

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses every write while the log is not intact: nothing is to be built on a log that fails verification. */
@Injectable()
export class LogIntactGuard implements CanActivate {
  constructor(
    private readonly integrity: AuditIntegrity,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.integrity.intact || READS.has(context.switchToHttp().getRequest<{ method: string }>().method)) return true;
    if (this.reflector.get<boolean>(ALLOWED_WHILE_NOT_INTACT, context.getHandler())) return true;
    throw logNotIntact();
  }
}

/** Seals the log every `AUDIT_SEAL_INTERVAL` while it is intact and has grown since the newest seal. */
@Injectable()
export class AuditSealSchedule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealSchedule');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly integrity: AuditIntegrity,
  ) {}

  onModuleInit(): void {
    const seconds = this.config.auditSealIntervalSeconds;
    if (seconds === 0) return;
    this.timer = setInterval(() => {
      this.running = this.sealIfGrown().catch((error: unknown) =>
        this.logger.error(`Scheduled seal failed: ${String(error)}`),
      );
    }, seconds * 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** A log whose newest event is the newest seal has nothing new to seal. */
  private async sealIfGrown(): Promise<void> {
    if (!this.integrity.intact) return;
    const [head] = await this.eventStore.readAt([await this.eventStore.headPosition()]);
    if (head === undefined || head.type === AUDIT_SEALED) return;
    const seal = await sealLog(
      this.eventStore,
      uuidv7(),
      { actor: { subject: 'audit-seal-schedule', roles: [] } },
      this.key,
    );
    this.logger.log(`Sealed the log: seal ${seal.sequence}, digest ${seal.digest}`);
  }
}

/** Global, so readiness (operations) reads the same verdict the guard acts on. */
@Global()
@Module({
  providers: [AuditIntegrity, AuditSealSchedule, { provide: APP_GUARD, useClass: LogIntactGuard }],
  exports: [AuditIntegrity],
})
export class AuditIntegrityModule {}
