import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import {
  hospitalPolicyDecider,
  hospitalPolicyStreamId,
  type HospitalPolicyCommand,
  type HospitalPolicyState,
  hospitalNotFound,
  unknownRulePack,
  invalidPolicyValue,
} from '@app/domain';
import { EventSourcing, type HandleCommandOptions } from '@app/event-store';
import { rulesFor } from '@app/read-models';
import type { FastifyReply } from 'fastify';
import { ApiRead, ApiWrite } from '../http/api-docs';
import { CommandContext } from '../http/command-context';
import { IdPipe } from '../http/id.pipe';
import { writeResult } from '../http/write-result';
import { DomainCommand } from '../shared/domain-command';
import { HospitalScope } from '../shared/hospital-scope';
import { HospitalPolicyView, SetHospitalPolicyDto } from './hospital-policy.dto';
import { AsOfQuery } from './report-query.dto';
import { ReportSource } from './report-source';

export class HospitalPolicyCommandMessage extends DomainCommand<HospitalPolicyCommand, HospitalPolicyState> {}

@CommandHandler(HospitalPolicyCommandMessage)
export class HospitalPolicyCommandHandler implements ICommandHandler<HospitalPolicyCommandMessage> {
  constructor(private readonly eventSourcing: EventSourcing) {}

  execute({ payload, context }: HospitalPolicyCommandMessage) {
    return this.eventSourcing.handle(
      hospitalPolicyStreamId(payload.hospitalId),
      hospitalPolicyDecider,
      payload,
      context,
    );
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/hospitals/:hospitalId/policy')
export class HospitalPoliciesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly source: ReportSource,
    private readonly scope: HospitalScope,
  ) {}

  @Post()
  @Roles('admin')
  @ApiWrite(
    'Set the hospital’s rule pack and policy values; reports re-judge all history by them (HospitalPolicySet)',
    unknownRulePack('cn-branch-2030'),
    invalidPolicyValue('followUpWindowDays', 'must be a whole number from 1 to 60'),
  )
  async set(
    @Param('hospitalId', IdPipe) hospitalId: string,
    @Body() body: SetHospitalPolicyDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.scope.assertNamed(principal, hospitalId);
    const { rulePackId, reason, points, ...counts } = body;
    const command = new HospitalPolicyCommandMessage(
      {
        type: 'SetHospitalPolicy',
        hospitalId,
        rulePackId: rulePackId ?? null,
        overrides: { ...counts, ...(points ? { points: { ...points } } : {}) },
        reason,
      },
      context,
    );
    return writeResult(reply, hospitalId, await this.commandBus.execute(command));
  }

  @Get()
  @ApiRead('The rule pack and policy values the hospital’s reports are judged by', hospitalNotFound('pj-central'))
  @ApiOkResponse({ type: HospitalPolicyView })
  async get(
    @Param('hospitalId', IdPipe) hospitalId: string,
    @Query() query: AsOfQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HospitalPolicyView> {
    await this.source.requireHospital(principal, hospitalId);
    const { rulePack, policy } = await rulesFor(await this.source.at(query.asOf), hospitalId);
    return { hospitalId, rulePack: rulePack.id, policy };
  }
}
