import { Controller, Get, HttpCode, Optional, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/domain';
import { Projector, type ProjectionStatus } from '@app/read-models';
import { logNotIntact } from '../audit/audit-integrity';
import { ApiAction, ApiRead } from '../http/api-docs';
import { HospitalScope } from '../shared/hospital-scope';
import { IdPipe } from '../http/id.pipe';
import { ProjectionDetailView, ProjectionStatusView, RebuildStartedView } from './projections.dto';

const notHosted = () =>
  new DomainError(
    'PROJECTION.NOT_HOSTED',
    'This instance runs with PROJECTIONS=off; ask the instance that hosts the projector',
  );
const projectionNotFound = (name: string) => new DomainError('PROJECTION.NOT_FOUND', `No projection named ${name}`);
const rebuildRunning = (name: string) =>
  new DomainError('PROJECTION.REBUILD_RUNNING', `A rebuild of ${name} is already running`);

/** Operators watch the projections and rebuild them from the log, while the API keeps serving. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/projections')
export class ProjectionsController {
  constructor(
    private readonly scope: HospitalScope,
    @Optional() private readonly projector?: Projector,
  ) {}

  @Get()
  @ApiRead('Every projection: status, position against the head, rate and parked events', notHosted())
  @ApiOkResponse({ type: [ProjectionStatusView] })
  async list(): Promise<ProjectionStatus[]> {
    return this.hosting().status();
  }

  @Get(':name')
  @ApiRead(
    'One projection’s status, its latest rebuild’s progress (processed, total, rate, ETA), its parked events (of streams in the token’s hospitals or of none)',
    projectionNotFound('branch-ranking'),
    notHosted(),
  )
  @ApiOkResponse({ type: ProjectionDetailView })
  async detail(
    @Param('name', IdPipe) name: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProjectionDetailView> {
    const projector = this.hosting(name);
    const status = (await projector.status()).find((candidate) => candidate.name === name)!;
    // A parked event names its stream and why it failed: of another hospital's stream, the caller learns nothing.
    const parked = await projector.parkedEvents(name);
    const reached = new Set<string>();
    for (const streamId of new Set(parked.map((event) => event.streamId))) {
      if (await this.scope.reachesStream(principal, streamId)) reached.add(streamId);
    }
    return {
      ...status,
      rebuild: projector.rebuildProgress(name),
      parkedEvents: parked
        .filter((event) => reached.has(event.streamId))
        .map(({ position, eventId, streamId, type, error, parkedAt }) => ({
          position,
          eventId,
          streamId,
          type,
          error,
          parkedAt,
        })),
    };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiAction(
    'Rebuild from the whole log into a shadow; the current version serves until the new one takes over',
    projectionNotFound('branch-ranking'),
    rebuildRunning('branch-ranking'),
    notHosted(),
    logNotIntact(),
  )
  @ApiAcceptedResponse({ type: RebuildStartedView })
  rebuild(@Param('name', IdPipe) name: string): RebuildStartedView {
    return this.startRebuild(name);
  }

  @Post(':name/retry-parked')
  @HttpCode(202)
  @ApiAction(
    'Apply the parked events again, in order with all others: a rebuild, after which what still fails stays parked',
    projectionNotFound('branch-ranking'),
    rebuildRunning('branch-ranking'),
    notHosted(),
    logNotIntact(),
  )
  @ApiAcceptedResponse({ type: RebuildStartedView })
  retryParked(@Param('name', IdPipe) name: string): RebuildStartedView {
    // Re-applying a parked event alone, out of order with the events applied since, could build a wrong document.
    return this.startRebuild(name);
  }

  private startRebuild(name: string): RebuildStartedView {
    const projector = this.hosting(name);
    if (projector.rebuildProgress(name)?.state === 'running') {
      throw rebuildRunning(name);
    }
    return { rebuildId: projector.rebuild(name) };
  }

  /** The projector of this process; one named projection of it when `name` is given. */
  private hosting(name?: string): Projector {
    if (!this.projector) throw notHosted();
    if (name !== undefined && !this.projector.projectionNames().includes(name)) {
      throw projectionNotFound(name);
    }
    return this.projector;
  }
}
