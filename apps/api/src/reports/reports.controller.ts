import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { followUpReport } from '@app/read-models';
import { hospitalNotFound } from '@app/domain';
import { ApiRead } from '../http/api-docs';
import { FollowUpReportQuery, FollowUpReportView } from './report-query.dto';
import { ReportSource } from './report-source';
import { visibleTo } from './visibility';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly source: ReportSource) {}

  @Get('follow-ups')
  @Roles('reader', 'inspector', 'admin', 'secretary')
  @ApiRead(
    'Discharged-patient follow-ups (出院回访) by discharge month, per branch (secretaries: their units)',
    hospitalNotFound('pj-central'),
  )
  @ApiOkResponse({ type: FollowUpReportView })
  async followUps(
    @Query() query: FollowUpReportQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FollowUpReportView> {
    await this.source.requireHospital(principal, query.hospitalId);
    const report = await followUpReport(await this.source.at(query.asOf), query.hospitalId, query.month);
    return { ...report, items: report.items.filter((item) => visibleTo(principal, item.branchId)) };
  }
}
