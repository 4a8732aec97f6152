import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import type { HandleCommandOptions } from '@app/event-store';
import {
  lectureAlreadyRecorded,
  lecturerNotMember,
  lectureAttendeeNotMember,
  duplicateLectureAttendee,
  orgUnitNotFound,
} from '@app/domain';
import type { FastifyReply } from 'fastify';
import { CommandContext } from '../http/command-context';
import { newId } from '../http/new-id';
import { ApiWrite, refusal } from '../http/api-docs';
import { writeResult } from '../http/write-result';
import { OrganizationFacts } from '../shared/organization-facts';
import { HospitalScope } from '../shared/hospital-scope';
import { resolveActivityFacts } from './activity.facts';
import { LectureCommandMessage } from './branch-activity.commands';
import { GiveLectureDto } from './lecture.dto';

@ApiTags('branch-activity')
@ApiBearerAuth()
@Controller('api/lectures')
export class LecturesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly facts: OrganizationFacts,
    private readonly scope: HospitalScope,
  ) {}

  @Post()
  @Roles('admin', 'secretary')
  @ApiWrite(
    'Record a Party lecture given in a unit (PartyLectureGiven, 党课)',
    orgUnitNotFound('cardiology'),
    lectureAlreadyRecorded('lc-2024-q1-cardiology'),
    lecturerNotMember('m-zhangsan', 'cardiology', '2024-03-20'),
    lectureAttendeeNotMember('m-zhangsan', 'cardiology', '2024-03-20'),
    duplicateLectureAttendee('m-a'),
    refusal('TIME.IN_FUTURE', 'givenAt 2099-03-12T09:30:00+08:00 is in the future'),
  )
  async give(
    @Body() body: GiveLectureDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.scope.assertCanWrite(principal, body.unitId);
    const lectureId = body.lectureId ?? newId(context);
    const command = new LectureCommandMessage(
      {
        type: 'GiveLecture',
        lectureId,
        unitId: body.unitId,
        // The body names one lecturer (the contract); the event can hold a joint lecture's several.
        lecturerIds: [body.lecturerId],
        title: body.title,
        givenAt: body.givenAt,
        attendeeIds: body.attendeeIds,
        durationMinutes: body.durationMinutes,
        ...(await resolveActivityFacts(this.facts, body.unitId, body.givenAt, [body.lecturerId, ...body.attendeeIds])),
      },
      context,
    );
    return writeResult(reply, lectureId, await this.commandBus.execute(command));
  }
}
