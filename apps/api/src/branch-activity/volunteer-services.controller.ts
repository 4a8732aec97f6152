import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import type { HandleCommandOptions } from '@app/event-store';
import {
  volunteerServiceAlreadyRecorded,
  volunteerParticipantNotMember,
  duplicateVolunteerParticipant,
  orgUnitNotFound,
} from '@app/domain';
import type { FastifyReply } from 'fastify';
import { CommandContext } from '../http/command-context';
import { newId } from '../http/new-id';
import { ApiWrite } from '../http/api-docs';
import { writeResult } from '../http/write-result';
import { OrganizationFacts } from '../shared/organization-facts';
import { HospitalScope } from '../shared/hospital-scope';
import { resolveActivityFacts } from './activity.facts';
import { VolunteerServiceCommandMessage } from './branch-activity.commands';
import { HoldVolunteerServiceDto } from './volunteer-service.dto';

@ApiTags('branch-activity')
@ApiBearerAuth()
@Controller('api/volunteer-services')
export class VolunteerServicesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly facts: OrganizationFacts,
    private readonly scope: HospitalScope,
  ) {}

  @Post()
  @Roles('admin', 'secretary')
  @ApiWrite(
    'Record a volunteer service held by a unit (VolunteerServiceHeld, 义诊)',
    orgUnitNotFound('cardiology'),
    volunteerServiceAlreadyRecorded('vs-2024-03-community'),
    volunteerParticipantNotMember('m-zhangsan', 'cardiology', '2024-03-05'),
    duplicateVolunteerParticipant('m-a'),
  )
  async hold(
    @Body() body: HoldVolunteerServiceDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.scope.assertCanWrite(principal, body.unitId);
    const serviceId = body.serviceId ?? newId(context);
    const command = new VolunteerServiceCommandMessage(
      {
        type: 'HoldVolunteerService',
        serviceId,
        unitId: body.unitId,
        heldOn: body.heldOn,
        place: body.place,
        participantIds: body.participantIds,
        beneficiaries: body.beneficiaries,
        ...(await resolveActivityFacts(this.facts, body.unitId, body.heldOn, body.participantIds)),
      },
      context,
    );
    return writeResult(reply, serviceId, await this.commandBus.execute(command));
  }
}
