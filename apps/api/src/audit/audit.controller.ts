import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import {
  AUDIT_ACCESS_STREAM_ID,
  AUDIT_SIGNING_KEY,
  auditExportLines,
  EVENT_STORE,
  recordAuditExport,
  sealLog,
  verifyLog,
  type AuditSigningKey,
  type EventStore,
  type HandleCommandOptions,
  WrongExpectedRevisionError,
  SEAL_STREAM_ID,
} from '@app/event-store';
import { auditPage, auditTrail, READ_MODEL_STORE, streamHospitals, type ReadModelStore } from '@app/read-models';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { CommandContext } from '../http/command-context';
import { ApiAction, ApiRead, refusal } from '../http/api-docs';
import { RecordsItsQuery } from '../http/patient-data.guard';
import { HospitalScope } from '../shared/hospital-scope';
import { AllowedWhileLogNotIntact, AuditIntegrity } from './audit-integrity';
import {
  AuditEventsQuery,
  AuditEventsView,
  AuditExportQuery,
  PublicKeyView,
  SealAuditDto,
  SealView,
  VerificationView,
  VerifyAuditDto,
} from './audit.dto';

/** 纪检: prove the log is whole, and seal it. Every look at the trail is itself recorded. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('inspector', 'admin')
@Controller('api/audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    private readonly integrity: AuditIntegrity,
    private readonly scope: HospitalScope,
  ) {}

  @Get('events')
  @ApiRead(
    'The audit trail of the token’s hospitals (or the one named) in log order, filtered, with full metadata; page on with `after` = the previous `next`',
  )
  @ApiOkResponse({ type: AuditEventsView })
  async events(@Query() query: AuditEventsQuery, @CurrentPrincipal() principal: Principal): Promise<AuditEventsView> {
    const { after = '0', limit = 100, hospitalId, unitId, actor, type, from, to } = query;
    const filter = { hospitalIds: await this.scope.confineLog(principal, hospitalId), unitId, actor, type, from, to };
    const { items, next } = await auditPage(this.eventStore, this.readModels, filter, after, limit);
    return { items: [...items], next };
  }

  @Post('verification')
  @HttpCode(200)
  @AllowedWhileLogNotIntact()
  @ApiAction(
    'Recompute every hash chain of the whole log, check the signed seal chain, and compare with the latest seal (recorded as AuditVerified); problems in streams of hospitals outside the token’s scope are counted (problemsElsewhere), not named',
  )
  @ApiOkResponse({ type: VerificationView })
  async verify(
    @Body() body: VerifyAuditDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
  ): Promise<VerificationView> {
    const report = await verifyLog(this.eventStore, { publicKey: this.key.publicKey, expectedDigest: body.sealDigest });
    if (body.sealDigest === undefined) this.integrity.record(report);
    const { ok, streamsChecked, eventsChecked, sealId, problems } = report;
    await this.eventStore.appendToStream(AUDIT_ACCESS_STREAM_ID, [
      {
        type: 'AuditVerified',
        data: {
          ok,
          streamsChecked,
          eventsChecked,
          sealId,
          problems: problems.length,
          sealDigestGiven: body.sealDigest !== undefined,
        },
        metadata: context.metadata,
      },
    ]);
    // Integrity is log-wide, so `ok` and the counts are the whole log's; a problem is named only to a caller that
    // may read its stream (one of its hospitals, or one naming no hospital).
    const hospitals = await streamHospitals(
      this.readModels,
      problems.map((problem) => problem.streamId),
    );
    const named = problems.filter((problem) => {
      const hospitalId = hospitals.get(problem.streamId);
      return hospitalId === undefined || this.scope.covers(principal, hospitalId);
    });
    return { ...report, problems: named, problemsElsewhere: problems.length - named.length };
  }

  @Post('seals')
  @ApiAction(
    'Seal every stream’s head, chained to the previous seal and signed with the audit key (AuditSealed); keep the digest off the system',
    new WrongExpectedRevisionError(SEAL_STREAM_ID, 3, 4),
    refusal('AUDIT.LOG_NOT_INTACT', 'The log fails verification (2 problems); verify it first'),
  )
  @ApiCreatedResponse({ type: SealView })
  async seal(@Body() body: SealAuditDto, @CommandContext() context: HandleCommandOptions): Promise<SealView> {
    const metadata = { ...context.metadata, ...(body.reason ? { reason: body.reason } : {}) };
    return sealLog(this.eventStore, uuidv7(), metadata, this.key);
  }

  @Get('public-key')
  @ApiRead(
    'The public key seals are verified with; keep it, and check its fingerprint against the one printed at start',
  )
  @ApiOkResponse({ type: PublicKeyView })
  publicKey(): PublicKeyView {
    return { algorithm: 'Ed25519', publicKey: this.key.publicKeyPem, fingerprint: this.key.fingerprint };
  }

  @Get('export')
  @RecordsItsQuery()
  @ApiRead(
    'The filtered audit trail of the token’s hospitals (or the one named), streamed in log order as NDJSON or CSV (UTF-8 with BOM); recorded as AuditExported',
  )
  @ApiOkResponse({ description: 'application/x-ndjson or text/csv' })
  async export(
    @Query() query: AuditExportQuery,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { format = 'ndjson', hospitalId, unitId, actor, type, from, to } = query;
    const filter = { hospitalIds: await this.scope.confineLog(principal, hospitalId), unitId, actor, type, from, to };
    await recordAuditExport(this.eventStore, format, filter, context.metadata);
    const lines = auditExportLines(auditTrail(this.eventStore, this.readModels, filter), format);
    void reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-trail.${format === 'csv' ? 'csv' : 'ndjson'}"`)
      .send(Readable.from(lines));
  }
}
