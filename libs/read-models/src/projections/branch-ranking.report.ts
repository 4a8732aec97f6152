import {
  competitionRanks,
  notApplicableRuleOf,
  quarterMonths,
  scoreBranch,
  splitByLargestRemainder,
  type BranchCategory,
  type BranchScore,
  type NotApplicableRule,
} from '@app/domain';
import type { ReadModelStore } from '../read-model-store.port';
import { assessmentPeriodsProjection, type AssessmentPeriodDocument } from './assessment-periods.projection';
import { followUpRates } from './follow-up-stats.projection';
import { rulesFor } from './hospital-policies.projection';
import { meetingCompliance } from './meeting-compliance.report';
import { listOrgUnits } from './org-units.projection';

export interface BranchRankingItem extends BranchScore {
  readonly rank: number;
  readonly branchId: string;
  readonly name: string;
  readonly category: BranchCategory | null;
  /** The automatic ratios the points came from (null: nothing was due). */
  readonly ratios: { readonly meetingCompliance: number | null; readonly followUpRate: number | null };
}

export interface BranchRanking {
  readonly periodId: string;
  readonly hospitalId: string;
  readonly quarter: string;
  readonly schemeId: string;
  readonly rulePack: string;
  /** How the scheme scores an indicator listed in an item's `notApplicable` (see `indicatorPointsUnder`). */
  readonly notApplicableRule: NotApplicableRule;
  readonly closed: boolean;
  /** How many branches are ranked, before limit and offset. */
  readonly count: number;
  readonly items: readonly BranchRankingItem[];
}

/**
 * 支部排名 for an assessment period: every branch of the hospital active in its quarter (optionally one
 * category), scored under the period's scheme with the automatic indicators from the same quarter's
 * compliance and follow-up reports (an indicator with no basis there is not applicable, scored by the scheme's
 * rule), competition-ranked; all of them, `rankingPage` picks a page. Null when the
 * period does not exist.
 */
export async function branchRanking(
  readModels: ReadModelStore,
  periodId: string,
  category?: BranchCategory,
): Promise<BranchRanking | null> {
  const period = await readModels
    .collection<AssessmentPeriodDocument>(assessmentPeriodsProjection.collection)
    .get(periodId);
  if (!period) return null;
  const { hospitalId, quarter, scheme } = period;
  const { months, firstDay } = quarterMonths(quarter);
  const [{ rulePack }, branches, compliance, rates] = await Promise.all([
    rulesFor(readModels, hospitalId),
    listOrgUnits(readModels, { hospitalId, kind: 'branch' }),
    meetingCompliance(readModels, hospitalId, quarter),
    followUpRates(readModels, hospitalId, months),
  ]);
  const complianceByUnit = new Map(compliance.items.map((item) => [item.unitId, item.ratio]));
  const ranked = branches
    .filter(
      (branch) =>
        (branch.dissolvedOn === null || branch.dissolvedOn > firstDay) && (!category || branch.category === category),
    )
    .map((branch) => {
      const ratios = {
        meetingCompliance: complianceByUnit.get(branch.unitId) ?? null,
        followUpRate: rates.get(branch.unitId) ?? null,
      };
      const sheets = period.sheets.filter((sheet) => sheet.branchId === branch.unitId);
      return {
        branchId: branch.unitId,
        name: branch.name,
        category: branch.category,
        ratios,
        ...scoreBranch(scheme, sheets, ratios),
      };
    })
    .sort((a, b) => b.total - a.total || (a.branchId < b.branchId ? -1 : 1));
  const ranks = competitionRanks(ranked.map((item) => item.total));
  return {
    periodId,
    hospitalId,
    quarter,
    schemeId: period.schemeId,
    rulePack: rulePack.id,
    notApplicableRule: notApplicableRuleOf(scheme),
    closed: period.closed,
    count: ranked.length,
    items: ranked.map((item, index) => ({ rank: ranks[index], ...item })),
  };
}

/** `limit` items of the ranking from `offset` (all of them without a limit); `count` still counts every branch. */
export function rankingPage(
  ranking: BranchRanking,
  { limit, offset = 0 }: { readonly limit?: number; readonly offset?: number },
): BranchRanking {
  return { ...ranking, items: ranking.items.slice(offset, limit === undefined ? undefined : offset + limit) };
}

export interface PerformanceFundShare {
  readonly branchId: string;
  readonly name: string;
  readonly total: number;
  readonly shareFen: number;
}

/**
 * 党建专项绩效: `amountYuan` split across the branches of a period's whole ranking (every category) in proportion
 * to their totals (the ranking's, so not-applicable indicators count as the scheme's rule says), in whole fen by largest remainder, so the shares add up to the amount exactly.
 */
export function performanceFund(
  ranking: BranchRanking,
  amountYuan: number,
): {
  readonly periodId: string;
  readonly hospitalId: string;
  readonly amountFen: number;
  readonly items: readonly PerformanceFundShare[];
} {
  const amountFen = Math.round(amountYuan * 100);
  const shares = splitByLargestRemainder(
    amountFen,
    ranking.items.map((item) => item.total),
  );
  return {
    periodId: ranking.periodId,
    hospitalId: ranking.hospitalId,
    amountFen,
    items: ranking.items.map(({ branchId, name, total }, index) => ({
      branchId,
      name,
      total,
      shareFen: shares[index],
    })),
  };
}
