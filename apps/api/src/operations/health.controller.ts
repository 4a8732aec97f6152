import { Controller, Get, Inject, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Projector, ReadModelProgress } from '@app/read-models';
import { AuditIntegrity } from '../audit/audit-integrity';

const STORE_TIMEOUT_MS = 2000;

// Probes come from the orchestrator, which must never be told to slow down.
@SkipThrottle()
@Public()
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly progress: ReadModelProgress,
    private readonly integrity: AuditIntegrity,
    @Optional() private readonly projector?: Projector,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: the event store answers, the read models are caught up, none awaits a version rebuild, and the audit log verified at start-up',
  })
  async ready(@Res({ passthrough: true }) reply?: FastifyReply) {
    try {
      return await this.health.check([() => this.storeAndReadModels(), () => this.auditLog()]);
    } catch (error) {
      // The probe's own report, not a bare problem: an operator sees which check failed and why (the audit problems).
      if (!(error instanceof ServiceUnavailableException) || !reply) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private auditLog() {
    const indicator = this.indicators.check('auditLog');
    return this.integrity.intact ? indicator.up(this.integrity.status()) : indicator.down(this.integrity.status());
  }

  private async storeAndReadModels() {
    const indicator = this.indicators.check('readModels');
    let head: string;
    try {
      head = await withTimeout(this.eventStore.headPosition(), STORE_TIMEOUT_MS);
    } catch (error) {
      return this.indicators.check('eventStore').down({ message: String(error) });
    }
    const position = await this.progress.position();
    const lag = Number(BigInt(head) - BigInt(position));
    const rebuilding = this.projector?.frozenProjections() ?? [];
    const details = { headPosition: head, position, lag, ...(rebuilding.length > 0 ? { rebuilding } : {}) };
    return lag <= this.config.readyMaxLag && rebuilding.length === 0 ? indicator.up(details) : indicator.down(details);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}
