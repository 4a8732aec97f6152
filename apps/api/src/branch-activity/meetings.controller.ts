import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import {
  meetingDecider,
  meetingStreamId,
  type Absentee,
  type MeetingRecord,
  type Vote,
  meetingAlreadyRecorded,
  meetingNotFound,
  meetingRevoked,
  meetingKindNotForUnit,
  meetingAttendeeNotMember,
  attendeeAlsoAbsent,
  votesExceedAttendance,
  orgUnitNotFound,
} from '@app/domain';
import { UPCAST_EVENT_STORE, loadState, type EventStore, type HandleCommandOptions } from '@app/event-store';
import type { FastifyReply } from 'fastify';
import { CommandContext } from '../http/command-context';
import { IdPipe } from '../http/id.pipe';
import { newId } from '../http/new-id';
import { ApiWrite, refusal } from '../http/api-docs';
import { writeResult } from '../http/write-result';
import { OrganizationFacts } from '../shared/organization-facts';
import { HospitalScope, pinnedUnlessFound } from '../shared/hospital-scope';
import { resolveActivityFacts } from './activity.facts';
import { MeetingCommandMessage } from './branch-activity.commands';
import {
  CorrectMeetingRecordDto,
  HoldMeetingDto,
  RevokeMeetingRecordDto,
  type AbsenteeDto,
  type VoteDto,
} from './meeting.dto';

@ApiTags('branch-activity')
@ApiBearerAuth()
@Controller('api/meetings')
export class MeetingsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly facts: OrganizationFacts,
    private readonly scope: HospitalScope,
    @Inject(UPCAST_EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  @Post()
  @Roles('admin', 'secretary')
  @ApiWrite(
    'Record a meeting of 三会一课 held in a branch or group (MeetingHeld, 会议召开)',
    orgUnitNotFound('cardiology'),
    meetingAlreadyRecorded('mt-2024-03-cardiology'),
    meetingAttendeeNotMember('m-zhangsan', 'cardiology', '2024-03-12'),
    attendeeAlsoAbsent('m-a'),
    meetingKindNotForUnit('group-meeting', 'cardiology', 'branch'),
    votesExceedAttendance('选举支部书记', 9, 8),
    refusal('TIME.IN_FUTURE', 'heldAt 2099-03-12T09:30:00+08:00 is in the future'),
    refusal('PII.FORBIDDEN', 'minutesSummary contains a mobile number; patient data never enters the record'),
  )
  async hold(
    @Body() body: HoldMeetingDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.scope.assertCanWrite(principal, body.unitId);
    const meetingId = body.meetingId ?? newId(context);
    const absentees = body.absentees.map(toAbsentee);
    const named = [body.hostMemberId, ...body.attendeeIds, ...absentees.map((a) => a.memberId)];
    const command = new MeetingCommandMessage(
      {
        type: 'HoldMeeting',
        meetingId,
        unitId: body.unitId,
        kind: body.kind,
        heldAt: body.heldAt,
        topic: body.topic,
        hostMemberId: body.hostMemberId,
        attendeeIds: body.attendeeIds,
        absentees,
        minutesSummary: body.minutesSummary ?? null,
        votes: (body.votes ?? []).map(toVote),
        ...(await resolveActivityFacts(this.facts, body.unitId, body.heldAt, named)),
      },
      context,
    );
    return writeResult(reply, meetingId, await this.commandBus.execute(command));
  }

  @Post(':meetingId/corrections')
  @Roles('admin', 'secretary')
  @ApiWrite(
    'Correct fields of a meeting record; the rest stands (MeetingRecordCorrected)',
    meetingNotFound('mt-2024-03-cardiology'),
    meetingRevoked('mt-2024-03-cardiology'),
    meetingAttendeeNotMember('m-zhangsan', 'cardiology', '2024-03-12'),
    attendeeAlsoAbsent('m-a'),
  )
  async correct(
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: CorrectMeetingRecordDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const meeting = await this.writableMeeting(principal, meetingId);
    const absentees = body.absentees?.map(toAbsentee);
    const added = [...(body.attendeeIds ?? []), ...(absentees ?? []).map((a) => a.memberId)];
    const command = new MeetingCommandMessage(
      {
        type: 'CorrectMeetingRecord',
        meetingId,
        reason: body.reason,
        attendeeIds: body.attendeeIds,
        absentees,
        topic: body.topic,
        minutesSummary: body.minutesSummary,
        votes: body.votes?.map(toVote),
        ...(await resolveActivityFacts(this.facts, meeting?.unitId ?? null, meeting?.heldAt ?? null, added)),
      },
      pinnedUnlessFound(context, meeting !== null),
    );
    return writeResult(reply, meetingId, await this.commandBus.execute(command));
  }

  @Post(':meetingId/revocation')
  @Roles('admin', 'secretary')
  @ApiWrite(
    'Revoke a meeting record: it counts for nothing but stays in the log (MeetingRecordRevoked)',
    meetingNotFound('mt-2024-03-cardiology'),
    meetingRevoked('mt-2024-03-cardiology'),
  )
  async revoke(
    @Param('meetingId', IdPipe) meetingId: string,
    @Body() body: RevokeMeetingRecordDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const meeting = await this.writableMeeting(principal, meetingId);
    const command = new MeetingCommandMessage(
      { type: 'RevokeMeetingRecord', meetingId, reason: body.reason, now: new Date().toISOString() },
      pinnedUnlessFound(context, meeting !== null),
    );
    return writeResult(reply, meetingId, await this.commandBus.execute(command));
  }

  /**
   * The recorded meeting, once the caller may write for its unit. A meeting never recorded is left to the
   * decider to refuse (MEETING.NOT_FOUND), so null (and the command pinned to its stream staying empty).
   */
  private async writableMeeting(principal: Principal, meetingId: string): Promise<MeetingRecord | null> {
    const { state } = await loadState(this.eventStore, meetingStreamId(meetingId), meetingDecider);
    if (state.status === 'unknown') return null;
    // A meeting of a hospital outside the caller's scope is, to it, a meeting never recorded.
    await this.scope.assertCanWrite(principal, state.record.unitId, () => meetingNotFound(meetingId));
    return state.record;
  }
}

const toAbsentee = ({ memberId, reason }: AbsenteeDto): Absentee => ({ memberId, reason });

const toVote = ({ motion, yes, no, abstain, election }: VoteDto): Vote => ({
  motion,
  yes,
  no,
  abstain,
  election: election ?? false,
});
