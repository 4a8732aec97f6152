import { assertNever } from '../shared/decider';
import type { ScoreSheet } from './assessment-period.events';
import type { NotApplicableRule } from './scoring-scheme.events';
import { notApplicableRuleOf, type ScoringScheme } from './scoring-scheme.state';

/** The period's automatic ratios for a branch, from its meeting-compliance and follow-up reports (0..1). */
export interface AutomaticRatios {
  /** Null when no meeting was required of the branch: the indicator has no basis (not applicable). */
  readonly meetingCompliance: number | null;
  /** Null when nobody was discharged: likewise not applicable. */
  readonly followUpRate: number | null;
}

/** The automatic indicators, by the names the ranking shows them under. */
export type AutomaticIndicator = keyof AutomaticRatios;

export interface BranchScore {
  readonly assessors: number;
  /** Means over the assessors' sheets. */
  readonly manual: number;
  readonly bonus: number;
  readonly deduction: number;
  /** Points of the automatic indicators, `max × ratio`; null when not applicable (scored by the scheme's rule). */
  readonly meetingCompliance: number | null;
  readonly followUpRate: number | null;
  /** The automatic indicators of the scheme that had no basis in the period. */
  readonly notApplicable: readonly AutomaticIndicator[];
  readonly total: number;
  readonly stars: number;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const mean = (values: readonly number[]) => (values.length === 0 ? 0 : sum(values) / values.length);
/** Scores are shown and compared to the hundredth, so float noise never splits a tie. */
const hundredths = (value: number) => Math.round(value * 100) / 100;

const SOURCE_OF: Readonly<Record<AutomaticIndicator, 'meeting-compliance' | 'follow-up-rate'>> = {
  meetingCompliance: 'meeting-compliance',
  followUpRate: 'follow-up-rate',
};

/** A branch's indicator points, before bonuses and deductions. */
export interface IndicatorPoints {
  /** Points earned on the indicators that apply (manual items and automatic `max × ratio`). */
  readonly earned: number;
  /** Sum of the maxima of every indicator of the scheme. */
  readonly schemeMax: number;
  /** Sum of the maxima of the indicators with no basis in the period. */
  readonly notApplicableMax: number;
}

/**
 * 不适用指标 (an indicator with no basis) is scored by the scheme's rule, never as free points by default:
 * - `rescale`: the points earned on the indicators that apply are scaled to the scheme's full range,
 *   `earned × schemeMax / (schemeMax − notApplicableMax)`; with nothing applicable there is nothing to scale (0);
 * - `full`: the indicator earns its max (`earned + notApplicableMax`);
 * - `zero`: it earns nothing (`earned`).
 * Bonuses and deductions are not indicator points and are added after, unscaled.
 */
export function indicatorPointsUnder(
  rule: NotApplicableRule,
  { earned, schemeMax, notApplicableMax }: IndicatorPoints,
): number {
  switch (rule) {
    case 'rescale': {
      const applicableMax = schemeMax - notApplicableMax;
      return applicableMax > 0 ? (earned * schemeMax) / applicableMax : 0;
    }
    case 'full':
      return earned + notApplicableMax;
    case 'zero':
      return earned;
    default:
      return assertNever(rule);
  }
}

/**
 * A branch's period total (考核总分) = the indicator points (mean over its assessors of the manual items, plus the
 * automatic indicators at `max × ratio`, with any not applicable scored by the scheme's rule, see
 * `indicatorPointsUnder`) + bonuses − deductions (assessors' means), floored at 0; stars from the scheme's thresholds.
 */
export function scoreBranch(
  scheme: ScoringScheme,
  sheets: readonly ScoreSheet[],
  ratios: AutomaticRatios,
): BranchScore {
  const manual = mean(sheets.map((sheet) => sum(sheet.items.map((item) => item.score))));
  const bonus = mean(sheets.map((sheet) => sum(sheet.bonuses.map((entry) => entry.points))));
  const deduction = mean(sheets.map((sheet) => sum(sheet.deductions.map((entry) => entry.points))));
  const maxOf = (indicator: AutomaticIndicator) =>
    sum(scheme.indicators.filter((entry) => entry.source === SOURCE_OF[indicator]).map((entry) => entry.max));
  const automatic = (Object.keys(SOURCE_OF) as AutomaticIndicator[]).map((indicator) => {
    const ratio = ratios[indicator];
    const max = maxOf(indicator);
    // An indicator the scheme does not have is neither applicable nor not: it scores 0 and is not listed.
    return { indicator, max, points: ratio === null ? null : max * ratio, notApplicable: ratio === null && max > 0 };
  });
  const pointsOf = (indicator: AutomaticIndicator) => {
    const points = automatic.find((entry) => entry.indicator === indicator)?.points ?? null;
    return points === null ? null : hundredths(points);
  };
  const indicatorPoints = indicatorPointsUnder(notApplicableRuleOf(scheme), {
    earned: manual + sum(automatic.map((entry) => entry.points ?? 0)),
    schemeMax: sum(scheme.indicators.map((indicator) => indicator.max)),
    notApplicableMax: sum(automatic.filter((entry) => entry.notApplicable).map((entry) => entry.max)),
  });
  const total = hundredths(Math.max(0, indicatorPoints + bonus - deduction));
  return {
    assessors: sheets.length,
    manual: hundredths(manual),
    bonus: hundredths(bonus),
    deduction: hundredths(deduction),
    meetingCompliance: pointsOf('meetingCompliance'),
    followUpRate: pointsOf('followUpRate'),
    notApplicable: automatic.filter((entry) => entry.notApplicable).map((entry) => entry.indicator),
    total,
    stars: starsFor(scheme, total),
  };
}

/** The most stars whose threshold the total reaches; the lowest rung when it reaches none. */
export function starsFor(scheme: ScoringScheme, total: number): number {
  const ladder = [...scheme.stars].sort((a, b) => b.minTotal - a.minTotal);
  return (ladder.find((rung) => total >= rung.minTotal) ?? ladder[ladder.length - 1])?.stars ?? 0;
}

/** Competition ranking ("1224"): equal totals share a rank and the next rank skips. Items come sorted by total, descending. */
export function competitionRanks(totals: readonly number[]): number[] {
  return totals.map((total) => totals.indexOf(total) + 1);
}

/**
 * Splits an amount of fen across shares in proportion to their weights, by largest remainder: everyone gets the
 * floor of their exact share, and the fen left over go one each to the largest fractional parts (ties to the
 * earlier share), so the shares add up to the amount exactly.
 */
export function splitByLargestRemainder(amountFen: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  // Nobody earned anything: the amount is still paid out, equally.
  const effective = sum(weights) > 0 ? weights : weights.map(() => 1);
  const totalWeight = sum(effective);
  const exact = effective.map((weight) => (amountFen * weight) / totalWeight);
  const shares = exact.map(Math.floor);
  const leftover = amountFen - sum(shares);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let k = 0; k < leftover; k++) shares[byRemainder[k].index] += 1;
  return shares;
}
