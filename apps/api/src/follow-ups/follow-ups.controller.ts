import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import {
  DEFAULT_TIME_ZONE,
  followUpDecider,
  followUpStreamId,
  localDate,
  followUpAlreadyScheduled,
  followUpNotFound,
  followUpAlreadyCompleted,
  callBeforeDischarge,
  callerNotMember,
  satisfactionWithoutReach,
  orgUnitNotFound,
} from '@app/domain';
import { UPCAST_EVENT_STORE, loadState, type EventStore, type HandleCommandOptions } from '@app/event-store';
import type { FastifyReply } from 'fastify';
import { ApiWrite, refusal } from '../http/api-docs';
import { CommandContext } from '../http/command-context';
import { IdPipe } from '../http/id.pipe';
import { newId } from '../http/new-id';
import { writeResult } from '../http/write-result';
import { OrganizationFacts } from '../shared/organization-facts';
import { HospitalScope, pinnedUnlessFound } from '../shared/hospital-scope';
import { AttemptFollowUpDto, ScheduleFollowUpDto } from './follow-up.dto';
import { FollowUpCommandMessage } from './follow-ups.commands';

const now = () => new Date().toISOString();

@ApiTags('branch-activity')
@ApiBearerAuth()
@Controller('api/follow-ups')
export class FollowUpsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly facts: OrganizationFacts,
    private readonly scope: HospitalScope,
    @Inject(UPCAST_EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Roles('admin', 'secretary')
  @ApiWrite(
    'Schedule a discharged patient’s follow-up call (出院回访) (FollowUpScheduled)',
    orgUnitNotFound('cardiology'),
    followUpAlreadyScheduled('fu-2024-0312-001'),
    refusal('PII.FORBIDDEN', 'patientRef contains a mobile number; patient data never enters the record'),
  )
  async schedule(
    @Body() body: ScheduleFollowUpDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.scope.assertCanWrite(principal, body.branchId);
    const followUpId = body.followUpId ?? newId(context);
    const command = new FollowUpCommandMessage(
      {
        type: 'ScheduleFollowUp',
        followUpId,
        branchId: body.branchId,
        patientRef: body.patientRef,
        dischargedAt: body.dischargedAt,
        branch: await this.facts.unit(body.branchId),
        now: now(),
      },
      context,
    );
    return writeResult(reply, followUpId, await this.commandBus.execute(command));
  }

  @Post(':followUpId/attempts')
  @Roles('admin', 'secretary')
  @ApiWrite(
    'Record a follow-up call (FollowUpAttempted, or FollowUpCompleted (回访完成) when the patient was reached)',
    followUpNotFound('fu-2024-0312-001'),
    followUpAlreadyCompleted('fu-2024-0312-001'),
    callBeforeDischarge('2024-03-10T15:00:00+08:00', '2024-03-12T09:30:00+08:00'),
    callerNotMember('m-zhangsan', 'cardiology', '2024-03-19'),
    satisfactionWithoutReach('no-answer'),
  )
  async attempt(
    @Param('followUpId', IdPipe) followUpId: string,
    @Body() body: AttemptFollowUpDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { state } = await loadState(this.store, followUpStreamId(followUpId), followUpDecider);
    const branchId = state.status === 'unknown' ? null : state.followUp.branchId;
    if (branchId !== null) await this.scope.assertCanWrite(principal, branchId, () => followUpNotFound(followUpId));
    // An unknown follow-up has no unit to check access against; the decider refuses it (FOLLOWUP.NOT_FOUND).
    const checked = pinnedUnlessFound(context, branchId !== null);
    // A caller outside the token's scope is, to it, a member that does not exist.
    const [branch, caller] = await Promise.all([
      this.facts.unit(branchId),
      this.scope.member(principal, body.callerMemberId),
    ]);
    const callDate = localDate(body.calledAt, branch?.timeZone ?? DEFAULT_TIME_ZONE);
    const command = new FollowUpCommandMessage(
      {
        type: 'AttemptFollowUp',
        followUpId,
        callerMemberId: body.callerMemberId,
        calledAt: body.calledAt,
        outcome: body.outcome,
        satisfaction: body.satisfaction ?? null,
        notes: body.notes ?? null,
        caller,
        branchAncestors: await this.facts.branchAncestors({ [body.callerMemberId]: caller }, callDate, branch),
        branch,
        now: now(),
      },
      checked,
    );
    return writeResult(reply, followUpId, await this.commandBus.execute(command));
  }
}
