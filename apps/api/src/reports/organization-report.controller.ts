import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DEFAULT_TIME_ZONE, localDate, hospitalNotFound } from '@app/domain';
import { dualLeaderRatioOf, memberPoints, organizationReport } from '@app/read-models';
import { ApiRead } from '../http/api-docs';
import {
  MemberRankingQuery,
  MemberRankingView,
  OrganizationReportQuery,
  OrganizationReportView,
} from './organization-report.dto';
import { ReportSource } from './report-source';
import { visibleTo } from './visibility';

const DEFAULT_LIMIT = 100;

/** Today in Shanghai, or the day `asOf` fell on: a past answer is judged on its own day unless told otherwise. */
const dayOf = (asOf: string | undefined) => localDate(asOf ?? new Date().toISOString(), DEFAULT_TIME_ZONE);

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api')
export class OrganizationReportController {
  constructor(private readonly source: ReportSource) {}

  @Get('reports/organization')
  @Roles('reader', 'inspector', 'admin', 'secretary')
  @ApiRead(
    'Branches on a date: members by status, secretary, committee, 双带头人 ratio, and organization findings (secretaries: their units’ lines)',
    hospitalNotFound('pj-central'),
  )
  @ApiOkResponse({ type: OrganizationReportView })
  async organization(
    @Query() query: OrganizationReportQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrganizationReportView> {
    await this.source.requireHospital(principal, query.hospitalId);
    const on = query.on ?? dayOf(query.asOf);
    const report = await organizationReport(await this.source.at(query.asOf), query.hospitalId, on);
    // Over the lines the caller sees: over the whole hospital, with its own line and the public list of branches,
    // the ratio would tell a secretary the other branches' dualLeader flags.
    const items = report.items.filter((item) => visibleTo(principal, item.branchId));
    return {
      ...report,
      dualLeaderRatio: dualLeaderRatioOf(items),
      items: items.map((item) => ({ ...item, committee: [...item.committee], findings: [...item.findings] })),
    };
  }

  @Get('rankings/members')
  @Roles('reader', 'inspector', 'admin', 'secretary')
  @ApiRead(
    'Member points (党员积分) for a year with competition ranks (secretaries: members of their units)',
    hospitalNotFound('pj-central'),
  )
  @ApiOkResponse({ type: MemberRankingView })
  async members(
    @Query() query: MemberRankingQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MemberRankingView> {
    await this.source.requireHospital(principal, query.hospitalId);
    const year = query.year ?? dayOf(query.asOf).slice(0, 4);
    const ranking = await memberPoints(
      await this.source.at(query.asOf),
      query.hospitalId,
      year,
      query.limit ?? DEFAULT_LIMIT,
      (item) => visibleTo(principal, item.branchId ?? ''),
    );
    return { ...ranking, items: [...ranking.items] };
  }
}
