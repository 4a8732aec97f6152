import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import {
  invalidParent,
  invalidTimeZone,
  orgUnitAlreadyExists,
  orgUnitDissolved,
  orgUnitNotFound,
  parentNotFound,
} from '@app/domain';
import type { HandleCommandOptions } from '@app/event-store';
import {
  findOrgUnit,
  listOrgUnits,
  READ_MODEL_STORE,
  type OrgUnitDocument,
  type ReadModelStore,
} from '@app/read-models';
import type { FastifyReply } from 'fastify';
import { CommandContext } from '../http/command-context';
import { IdPipe } from '../http/id.pipe';
import { newId } from '../http/new-id';
import { ApiRead, ApiWrite } from '../http/api-docs';
import { writeResult } from '../http/write-result';
import { HospitalScope } from '../shared/hospital-scope';
import { DissolveOrgUnitDto, EstablishOrgUnitDto, ListOrgUnitsQuery, OrgUnitView } from './org-unit.dto';
import { OrgUnitCommandMessage } from './organization.commands';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/org-units')
export class OrgUnitsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly scope: HospitalScope,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  @Post()
  @Roles('admin')
  @ApiWrite(
    'Establish a Party organization unit (OrgUnitEstablished)',
    parentNotFound('pj-central-committee'),
    orgUnitAlreadyExists('cardiology'),
    invalidParent('A branch sits under a committee or a general branch, not under a group'),
    invalidTimeZone('Mars/Olympus'),
  )
  async establish(
    @Body() body: EstablishOrgUnitDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.scope.assertNamed(principal, body.hospitalId);
    const unitId = body.unitId ?? newId(context);
    const parentId = body.parentId ?? null;
    const command = new OrgUnitCommandMessage(
      {
        type: 'EstablishOrgUnit',
        unitId,
        kind: body.kind,
        name: body.name,
        hospitalId: body.hospitalId,
        parentId,
        category: body.category ?? null,
        timeZone: body.timeZone ?? 'Asia/Shanghai',
        parent: await this.scope.unit(principal, parentId),
      },
      context,
    );
    return writeResult(reply, unitId, await this.commandBus.execute(command));
  }

  @Post(':unitId/dissolution')
  @Roles('admin')
  @ApiWrite(
    'Dissolve a unit from a date (OrgUnitDissolved)',
    orgUnitNotFound('cardiology'),
    orgUnitDissolved('cardiology'),
  )
  async dissolve(
    @Param('unitId', IdPipe) unitId: string,
    @Body() body: DissolveOrgUnitDto,
    @CurrentPrincipal() principal: Principal,
    @CommandContext() context: HandleCommandOptions,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.scope.assertCanWrite(principal, unitId);
    const command = new OrgUnitCommandMessage(
      {
        type: 'DissolveOrgUnit',
        unitId,
        effectiveOn: body.effectiveOn,
        reason: body.reason,
        now: new Date().toISOString(),
      },
      context,
    );
    return writeResult(reply, unitId, await this.commandBus.execute(command));
  }

  @Get()
  @ApiRead('List org units of a hospital, or without hospitalId of every hospital the token acts for')
  @ApiOkResponse({ type: [OrgUnitView] })
  async list(@Query() query: ListOrgUnitsQuery, @CurrentPrincipal() principal: Principal): Promise<OrgUnitView[]> {
    const hospitalIds = this.scope.confine(principal, query.hospitalId);
    return (await listOrgUnits(this.readModels, { kind: query.kind, hospitalIds })).map(toView);
  }

  @Get(':unitId')
  @ApiRead('One org unit', orgUnitNotFound('cardiology'))
  @ApiOkResponse({ type: OrgUnitView })
  async get(@Param('unitId', IdPipe) unitId: string, @CurrentPrincipal() principal: Principal): Promise<OrgUnitView> {
    const unit = await findOrgUnit(this.readModels, unitId);
    this.scope.assertReaches(principal, unit?.hospitalId, () => orgUnitNotFound(unitId));
    if (!unit) throw orgUnitNotFound(unitId);
    return toView(unit);
  }
}

function toView({
  unitId,
  kind,
  name,
  hospitalId,
  parentId,
  category,
  timeZone,
  status,
  dissolvedOn,
}: OrgUnitDocument): OrgUnitView {
  return { unitId, kind, name, hospitalId, parentId, category, timeZone, status, dissolvedOn };
}
