import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/domain';
import { branchRanking, performanceFund } from '@app/read-models';
import { ApiRead } from '../http/api-docs';
import { BranchRankingQuery, BranchRankingView, PerformanceFundQuery, PerformanceFundView } from './ranking.dto';
import { ReportSource } from './report-source';
import { visibleTo } from './visibility';

const periodNotFound = (periodId: string) =>
  new DomainError('ASSESSMENT.PERIOD_NOT_FOUND', `Assessment period ${periodId} does not exist for that hospital`);

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api')
export class RankingsController {
  constructor(private readonly source: ReportSource) {}

  @Get('rankings/branches')
  @Roles('reader', 'inspector', 'admin', 'secretary')
  @ApiRead(
    'Branch ranking (支部排名) for an assessment period: totals, stars, competition ranks (secretaries: their units’ lines)',
  )
  @ApiOkResponse({ type: BranchRankingView })
  async branches(
    @Query() query: BranchRankingQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BranchRankingView> {
    const ranking = await branchRanking(await this.source.at(query.asOf), query.periodId, query);
    if (!ranking || (query.hospitalId && ranking.hospitalId !== query.hospitalId)) throw periodNotFound(query.periodId);
    return { ...ranking, items: ranking.items.filter((item) => visibleTo(principal, item.branchId)) };
  }

  @Get('reports/performance-fund')
  @Roles('reader', 'inspector', 'admin')
  @ApiRead('The quarterly 党建专项绩效 split across branches by their totals, in whole fen that add up exactly')
  @ApiOkResponse({ type: PerformanceFundView })
  async fund(@Query() query: PerformanceFundQuery): Promise<PerformanceFundView> {
    const fund = await performanceFund(await this.source.at(query.asOf), query.periodId, query.amount);
    if (!fund || fund.hospitalId !== query.hospitalId) throw periodNotFound(query.periodId);
    return { periodId: fund.periodId, amountFen: fund.amountFen, items: [...fund.items] };
  }
}
