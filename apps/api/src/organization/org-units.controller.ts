import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import type { HandleCommandOptions } from '@app/event-store';
import {
  findOrgUnit,
  listOrgUnits,
  READ_MODEL_STORE,
  type OrgUnitDocument,
  type ReadModelStore,
} from '@app/read-models';
import type { FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { CommandContext } from '../http/command-context';
import { IdPipe } from '../http/id.pipe';
import { ProblemException } from '../http/problem';
import { writeResult, WriteResult } from '../http/write-result';
import { EstablishOrgUnitCommand } from './org-unit.commands';
import { EstablishOrgUnitDto, ListOrgUnitsQuery, OrgUnitView } from './org-unit.dto';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('api/org-units')
export class OrgUnitsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Establish a Party organization unit (OrgUnitEstablished)' })
  @ApiCreatedResponse({ type: WriteResult })
  async establish(
    @Body() body: EstablishOrgUnitDto,
    @CommandContext() context: HandleCommandOptions,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResult> {
    const unitId = body.unitId ?? uuidv7();
    const command = new EstablishOrgUnitCommand(
      {
        type: 'EstablishOrgUnit',
        unitId,
        kind: body.kind,
        name: body.name,
        hospitalId: body.hospitalId,
        parentId: body.parentId ?? null,
        category: body.category ?? null,
        timeZone: body.timeZone ?? 'Asia/Shanghai',
      },
      context,
    );
    return writeResult(reply, unitId, await this.commandBus.execute(command));
  }

  @Get()
  @ApiOperation({ summary: 'List org units of a hospital' })
  @ApiOkResponse({ type: [OrgUnitView] })
  async list(@Query() query: ListOrgUnitsQuery): Promise<OrgUnitView[]> {
    return (await listOrgUnits(this.readModels, query)).map(toView);
  }

  @Get(':unitId')
  @ApiOperation({ summary: 'One org unit' })
  @ApiOkResponse({ type: OrgUnitView })
  async get(@Param('unitId', IdPipe) unitId: string): Promise<OrgUnitView> {
    const unit = await findOrgUnit(this.readModels, unitId);
    if (!unit) throw new ProblemException('ORG_UNIT.NOT_FOUND', `Org unit ${unitId} does not exist`);
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
