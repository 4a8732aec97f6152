import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError, type BranchCategory, hospitalNotFound } from '@app/domain';
import { branchRanking, performanceFund, rankingPage, type BranchRanking } from '@app/read-models';
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
    'Branch ranking (支部排名) for an assessment period: totals (an indicator with no basis is listed in notApplicable and scored by the scheme’s notApplicableRule, rescale by default), stars, competition ranks (secretaries: their units’ lines)',
    periodNotFound('pj-central-2024-Q1'),
    hospitalNotFound('pj-central'),
  )
  @ApiOkResponse({ type: BranchRankingView })
  async branches(
    @Query() query: BranchRankingQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BranchRankingView> {
    await this.source.requireHospital(principal, query.hospitalId);
    const ranking = await this.ranking(query.periodId, query.asOf, query.category);
    // A period of a hospital outside the caller's scope is, to it, a period never opened.
    const expected = query.hospitalId ?? ranking?.hospitalId;
    if (!ranking || ranking.hospitalId !== expected || !principal.hospitalIds.includes(expected)) {
      throw periodNotFound(query.periodId);
    }
    const page = rankingPage(ranking, query);
    return { ...page, items: page.items.filter((item) => visibleTo(principal, item.branchId)) };
  }

  @Get('reports/performance-fund')
  @Roles('reader', 'inspector', 'admin')
  @ApiRead(
    'The quarterly 党建专项绩效 split across branches by their totals, in whole fen that add up exactly',
    periodNotFound('pj-central-2024-Q1'),
    hospitalNotFound('pj-central'),
  )
  @ApiOkResponse({ type: PerformanceFundView })
  async fund(
    @Query() query: PerformanceFundQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PerformanceFundView> {
    await this.source.requireHospital(principal, query.hospitalId);
    const ranking = await this.ranking(query.periodId, query.asOf);
    if (!ranking || ranking.hospitalId !== query.hospitalId) throw periodNotFound(query.periodId);
    const fund = performanceFund(ranking, query.amount);
    return { periodId: fund.periodId, amountFen: fund.amountFen, items: [...fund.items] };
  }

  /** Every branch of the period ranked (kept until the read models move on); pages and funds are cut from it. */
  private ranking(
    periodId: string,
    asOf: string | undefined,
    category?: BranchCategory,
  ): Promise<BranchRanking | null> {
    return this.source.answer(asOf, `branch-ranking ${periodId} ${category ?? ''}`, (readModels) =>
      branchRanking(readModels, periodId, category),
    );
  }
}
