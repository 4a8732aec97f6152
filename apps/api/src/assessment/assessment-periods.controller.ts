import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import {
  DEFAULT_TIME_ZONE,
  DomainError,
  assessmentPeriodDecider,
  assessmentPeriodStreamId,
  assessorOtherHospital,
  hospitalNotFound,
  localDate,
  schemeStreamId,
  periodAlreadyOpen,
  invalidPeriod,
  schemeNotFound,
  periodNotFound,
  periodClosed,
  schemeAlreadyApplied,
  alreadyScored,
  notScored,
  branchNotInHospital,
  assessorNotCommittee,
  conflictOfInterest,
  unknownIndicator,
  scoreOutOfRange,
  bonusOverCap,
  reasonRequired,
  orgUnitNotFound,
} from '@app/domain';
import { UPCAST_EVENT_STORE, loadState, type EventStore, type HandleCommandOptions } from '@app/event-store';
import type { FastifyReply } from 'fastify';
import { ApiWrite } from '../http/api-docs';
import { CommandContext } from '../http/command-context';
import { EmptyBodyPipe } from '../http/empty-body.pipe';
import { IdPipe } from '../http/id.pipe';
import { ProblemException } from '../http/problem';
import { writeResult } from '../http/write-result';
import { HospitalScope, pinnedUnlessFound } from '../shared/hospital-scope';
import { AssessmentPeriodCommandMessage } from './assessment.commands';
import {
  ChangePeriodSchemeDto,
  CorrectBranchScoreDto,
  OpenAssessmentPeriodDto,
  ScoreBranchDto,
  type AdjustmentDto,
  type ItemScoreDto,
} from './assessment-period.dto';
import { scoringSchemeDeciderFor } from './built-in-scheme';

@ApiTags('assessment')
@ApiBearerAuth()
@Controller('api/assessment-periods')
export class AssessmentPeriodsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly scope: HospitalScope,
    @Inject(UPCAST_EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Roles('admin')
  @ApiWrite(
    'Open a quarter’s assessment under a published scheme (AssessmentPeriodOpened)',
    schemeNotFound('default-2024'),
    periodAlreadyOpen('pj-central-2024-Q1'),
    invalidPeriod('pj-central-2024'),
    hospitalNotFound('pj-central'),
  )
  async open(
    @Body() body: OpenAssessmentPeriodDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.scope.assertNamed(principal, body.hospitalId);
    const command = new AssessmentPeriodCommandMessage(
      {
        type: 'OpenAssessmentPeriod',
        periodId: body.periodId,
        hospitalId: body.hospitalId,
        schemeId: body.schemeId,
        scheme: await this.publishedScheme(body.schemeId),
        hospitalKnown: await this.scope.hospitalKnown(body.hospitalId),
      },
      context,
    );
    return writeResult(reply, body.periodId, await this.commandBus.execute(command));
  }

  @Post(':periodId/scheme')
  @Roles('admin')
  @ApiWrite(
    'Judge the period under another published scheme from now on, with the reason (AssessmentPeriodSchemeChanged); asOf earlier still uses the old one',
    periodNotFound('pj-central-2024-Q1'),
    schemeNotFound('pj-central-2024-revised'),
    schemeAlreadyApplied('pj-central-2024-Q1', 'pj-central-2024-revised'),
    periodClosed('pj-central-2024-Q1'),
  )
  async changeScheme(
    @Param('periodId', IdPipe) periodId: string,
    @Body() body: ChangePeriodSchemeDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const checked = await this.reachingPeriod(principal, periodId, context);
    const command = new AssessmentPeriodCommandMessage(
      {
        type: 'ChangePeriodScheme',
        periodId,
        schemeId: body.schemeId,
        scheme: await this.publishedScheme(body.schemeId),
        reason: body.reason,
      },
      checked,
    );
    return writeResult(reply, periodId, await this.commandBus.execute(command));
  }

  @Post(':periodId/scores')
  @Roles('assessor', 'admin')
  @ApiWrite(
    'Hand in an assessor’s sheet for a branch (AssessmentScored) (考核评分); admins may enter it on their behalf',
    periodNotFound('pj-central-2024-Q1'),
    alreadyScored('m-lisi', 'cardiology'),
    periodClosed('pj-central-2024-Q1'),
    orgUnitNotFound('cardiology'),
    branchNotInHospital('cardiology', 'pj-central'),
    assessorNotCommittee('m-lisi', '2024-03-31'),
    assessorOtherHospital('m-lisi', 'pj-central'),
    conflictOfInterest('m-lisi', 'cardiology'),
    unknownIndicator('daily-work'),
    scoreOutOfRange('daily-work', 45, 40),
    bonusOverCap(12, 10),
    reasonRequired('bonuses[0]'),
  )
  async score(
    @Param('periodId', IdPipe) periodId: string,
    @Body() body: ScoreBranchDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    assertMayScoreAs(principal, body.assessorId);
    const checked = await this.reachingPeriod(principal, periodId, context);
    const command = new AssessmentPeriodCommandMessage(
      {
        type: 'ScoreBranch',
        periodId,
        branchId: body.branchId,
        assessorId: body.assessorId,
        ...sheetEntries(body),
        ...(await this.sheetFacts(principal, body.branchId, body.assessorId)),
      },
      checked,
    );
    return writeResult(reply, periodId, await this.commandBus.execute(command));
  }

  @Post(':periodId/scores/:branchId/corrections')
  @Roles('assessor', 'admin')
  @ApiWrite(
    'Replace an assessor’s sheet for a branch, with the reason (AssessmentScoreCorrected)',
    periodNotFound('pj-central-2024-Q1'),
    notScored('m-lisi', 'cardiology'),
    periodClosed('pj-central-2024-Q1'),
    scoreOutOfRange('daily-work', 45, 40),
  )
  async correct(
    @Param('periodId', IdPipe) periodId: string,
    @Param('branchId', IdPipe) branchId: string,
    @Body() body: CorrectBranchScoreDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    assertMayScoreAs(principal, body.assessorId);
    const checked = await this.reachingPeriod(principal, periodId, context);
    if (body.branchId !== undefined && body.branchId !== branchId) {
      throw new ProblemException('VALIDATION.FAILED', 'branchId in the body differs from the path', [
        { pointer: '/branchId', detail: `must equal the path's branchId ${branchId}` },
      ]);
    }
    const command = new AssessmentPeriodCommandMessage(
      {
        type: 'CorrectBranchScore',
        periodId,
        branchId,
        assessorId: body.assessorId,
        ...sheetEntries(body),
        reason: body.reason,
        ...(await this.sheetFacts(principal, branchId, body.assessorId)),
      },
      checked,
    );
    return writeResult(reply, periodId, await this.commandBus.execute(command));
  }

  @Post(':periodId/closure')
  @Roles('admin')
  @ApiWrite(
    'Close the period: no sheet or correction after this (AssessmentPeriodClosed)',
    periodNotFound('pj-central-2024-Q1'),
    periodClosed('pj-central-2024-Q1'),
  )
  @ApiBody({ schema: { type: 'object', additionalProperties: false, example: {} } })
  async close(
    @Param('periodId', IdPipe) periodId: string,
    @Body(EmptyBodyPipe) _body: Record<string, never>,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const checked = await this.reachingPeriod(principal, periodId, context);
    const command = new AssessmentPeriodCommandMessage({ type: 'ClosePeriod', periodId }, checked);
    return writeResult(reply, periodId, await this.commandBus.execute(command));
  }

  /** The scheme as published; null when none has that id. */
  private async publishedScheme(schemeId: string) {
    const { state } = await loadState(this.store, schemeStreamId(schemeId), scoringSchemeDeciderFor(schemeId));
    return state.status === 'published' ? state.scheme : null;
  }

  /**
   * A period of a hospital outside the caller's scope is, to it, a period never opened. The command's options, pinned
   * to the stream staying empty when no period was opened yet (the decider refuses it).
   */
  private async reachingPeriod(
    principal: Principal,
    periodId: string,
    context: HandleCommandOptions,
  ): Promise<HandleCommandOptions> {
    const { state } = await loadState(this.store, assessmentPeriodStreamId(periodId), assessmentPeriodDecider);
    const hospitalId = state.status === 'unknown' ? null : state.period.hospitalId;
    this.scope.assertReaches(principal, hospitalId, () => periodNotFound(periodId));
    return pinnedUnlessFound(context, hospitalId !== null);
  }

  /**
   * The branch and assessor as they stand, and the hospital's date on which the assessor's posts are read. A branch
   * or assessor outside the caller's scope is unknown to it; an assessor of another hospital within it (a city-level
   * token) is refused as such (ASSESSMENT.ASSESSOR_OTHER_HOSPITAL).
   */
  private async sheetFacts(principal: Principal, branchId: string, assessorId: string) {
    const [branch, assessor] = await Promise.all([
      this.scope.unit(principal, branchId),
      this.scope.member(principal, assessorId),
    ]);
    const now = new Date().toISOString();
    return { branch, assessor, today: localDate(now, branch?.timeZone ?? DEFAULT_TIME_ZONE), now };
  }
}

/**
 * An assessor enters only its own sheets (`assessorId` = its token's subject); an admin may enter one on an
 * assessor's behalf, and the event records both: the admin as actor, the assessor in the sheet.
 */
function assertMayScoreAs(principal: Principal, assessorId: string): void {
  if (principal.roles.includes('admin') || principal.subject === assessorId) return;
  throw new DomainError('AUTH.FORBIDDEN', `An assessor enters only its own sheets, not those of ${assessorId}`, {
    assessorId,
  });
}

/** Plain copies of the sheet's entries, so the event records data rather than DTO instances. */
function sheetEntries(body: { items: ItemScoreDto[]; bonuses: AdjustmentDto[]; deductions: AdjustmentDto[] }) {
  const adjustment = ({ code, points, reason }: AdjustmentDto) => ({ code, points, reason });
  return {
    items: body.items.map(({ code, score }) => ({ code, score })),
    bonuses: body.bonuses.map(adjustment),
    deductions: body.deductions.map(adjustment),
  };
}
