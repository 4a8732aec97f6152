import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError, foldForStream } from '@app/domain';
import {
  AUDIT_ACCESS_STREAM_ID,
  AUDIT_SIGNING_KEY,
  EVENT_STORE,
  SEAL_STREAM_ID,
  UPCAST_EVENT_STORE,
  verifyStream,
  type AuditSigningKey,
  type EventStore,
  type RecordedEvent,
} from '@app/event-store';
import { ApiRead } from '../http/api-docs';
import { IdPipe } from '../http/id.pipe';
import { HospitalScope, hospitalOf } from '../shared/hospital-scope';
import { ReplayQuery, StreamHistoryView, StreamReplayView } from './audit-streams.dto';

const streamNotFound = (streamId: string) => new DomainError('STREAM.NOT_FOUND', `Stream ${streamId} holds no events`);
const recordedAtOf = (event: RecordedEvent) => String(event.metadata.recordedAt ?? event.createdAt);

/**
 * Log-wide records that name streams and filters of every hospital: served whole only to a token acting for every
 * hospital; others learn what concerns them through the verification, seal and trail routes.
 */
const LOG_WIDE_RECORDS: readonly string[] = [SEAL_STREAM_ID, AUDIT_ACCESS_STREAM_ID];

/**
 * A stream as an inspector examines it: every event as stored, with its chain links (which cover the stored form),
 * and the state after each, folded from the events upcast to their current version as the domain folds them.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('inspector', 'admin')
@Controller('api/audit/streams/:streamId')
export class AuditStreamsController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(UPCAST_EVENT_STORE) private readonly upcastEvents: EventStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    private readonly scope: HospitalScope,
  ) {}

  /**
   * The stream's events, once the caller may read them: a stream of a hospital outside its scope, or a log-wide
   * record for a token that does not act for every hospital, is to it a stream that holds no events. Other streams
   * naming no hospital (scoring schemes) are everyone's.
   */
  private async readable(principal: Principal, streamId: string, store: EventStore): Promise<RecordedEvent[]> {
    const hidden = LOG_WIDE_RECORDS.includes(streamId) && !(await this.scope.coversEveryHospital(principal));
    const events = hidden ? [] : await store.readStream(streamId);
    this.scope.assertReaches(principal, hospitalOf(events), () => streamNotFound(streamId));
    if (events.length === 0) throw streamNotFound(streamId);
    return events;
  }

  @Get()
  @ApiRead(
    'A stream’s events with full metadata, and whether its hash chain verifies against the newest seal (a stream cut below its sealed head is not ok)',
    streamNotFound('meeting-mt-2024-03-cardiology'),
  )
  @ApiOkResponse({ type: StreamHistoryView })
  async history(
    @Param('streamId', IdPipe) streamId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamHistoryView> {
    const events = await this.readable(principal, streamId, this.eventStore);
    const { ok, problems, sealId, sealSequence } = await verifyStream(
      this.eventStore,
      streamId,
      events,
      this.key.publicKey,
    );
    return { streamId, chain: { ok, sealId, sealSequence, problems: [...problems] }, events };
  }

  @Get('replay')
  @ApiRead(
    'The state after each event up to asOf, folded by the domain’s own evolve (events upcast), with who, when and why',
    streamNotFound('meeting-mt-2024-03-cardiology'),
  )
  @ApiOkResponse({ type: StreamReplayView })
  async replay(
    @Param('streamId', IdPipe) streamId: string,
    @Query() query: ReplayQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamReplayView> {
    const fold = foldForStream(streamId);
    const events = await this.readable(principal, streamId, this.upcastEvents);
    if (!fold) throw streamNotFound(streamId);
    // As the log stood at asOf: the events the store had written by then (as reports' asOf does), in order.
    const cutoff = query.asOf === undefined ? Infinity : Date.parse(query.asOf);
    const stop = events.findIndex((event) => Date.parse(event.createdAt) > cutoff);
    let state = fold.initialState;
    const steps = (stop === -1 ? events : events.slice(0, stop)).map((event) => {
      state = fold.evolve(state, { type: event.type, data: event.data });
      const reason = (event.data as { reason?: unknown }).reason;
      return {
        revision: event.revision,
        type: event.type,
        recordedAt: recordedAtOf(event),
        actor: event.metadata.actor ?? null,
        correlationId: event.metadata.correlationId ?? null,
        reason: typeof reason === 'string' ? reason : null,
        state,
      };
    });
    return { streamId, asOf: query.asOf ?? null, steps };
  }
}
