import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { meetingCompliance } from '@app/read-models';
import { hospitalNotFound } from '@app/domain';
import { ApiRead, refusal } from '../http/api-docs';
import { MeetingComplianceQuery, MeetingComplianceReportView } from './meeting-compliance.dto';
import { ReportSource } from './report-source';
import { visibleTo } from './visibility';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports/meeting-compliance')
export class MeetingComplianceController {
  constructor(private readonly source: ReportSource) {}

  @Get()
  @Roles('reader', 'inspector', 'admin', 'secretary')
  @ApiRead(
    '三会一课 compliance per branch and group over a month, quarter or year (secretaries: their units)',
    hospitalNotFound('pj-central'),
    refusal('REPORT.INVALID_PERIOD', '2024-13 is not a month YYYY-MM, quarter YYYY-Qn or year YYYY'),
  )
  @ApiOkResponse({ type: MeetingComplianceReportView })
  async report(
    @Query() query: MeetingComplianceQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MeetingComplianceReportView> {
    await this.source.requireHospital(principal, query.hospitalId);
    const report = await meetingCompliance(await this.source.at(query.asOf), query.hospitalId, query.periodId);
    return { ...report, items: report.items.filter((item) => visibleTo(principal, item.unitId, item.branchId)) };
  }
}
