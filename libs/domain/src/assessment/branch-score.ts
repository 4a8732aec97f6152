import type { ScoreSheet } from './assessment-period.events';
import type { ScoringScheme } from './scoring-scheme.state';

/** The period's automatic ratios for a branch, from its meeting-compliance and follow-up reports (0..1). */
export interface AutomaticRatios {
  /** Null when nothing was required of the branch: it failed nothing, so it earns the indicator's max. */
  readonly meetingCompliance: number | null;
  /** Null when nobody was discharged: likewise full marks. */
  readonly followUpRate: number | null;
}

export interface BranchScore {
  readonly assessors: number;
  /** Means over the assessors' sheets. */
  readonly manual: number;
  readonly bonus: number;
  readonly deduction: number;
  /** Points of the automatic indicators: `max × ratio`. */
  readonly meetingCompliance: number;
  readonly followUpRate: number;
  readonly total: number;
  readonly stars: number;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const mean = (values: readonly number[]) => (values.length === 0 ? 0 : sum(values) / values.length);
/** Scores are shown and compared to the hundredth, so float noise never splits a tie. */
const hundredths = (value: number) => Math.round(value * 100) / 100;

/**
 * A branch's period total (考核总分) = mean over its assessors of (manual items + bonuses − deductions) plus the
 * automatic indicators (`max × ratio`), floored at 0; stars from the scheme's thresholds.
 */
export function scoreBranch(
  scheme: ScoringScheme,
  sheets: readonly ScoreSheet[],
  ratios: AutomaticRatios,
): BranchScore {
  const manual = mean(sheets.map((sheet) => sum(sheet.items.map((item) => item.score))));
  const bonus = mean(sheets.map((sheet) => sum(sheet.bonuses.map((entry) => entry.points))));
  const deduction = mean(sheets.map((sheet) => sum(sheet.deductions.map((entry) => entry.points))));
  const automatic = (source: 'meeting-compliance' | 'follow-up-rate', ratio: number | null) =>
    sum(
      scheme.indicators
        .filter((indicator) => indicator.source === source)
        .map((indicator) => indicator.max * (ratio ?? 1)),
    );
  const meetingCompliance = automatic('meeting-compliance', ratios.meetingCompliance);
  const followUpRate = automatic('follow-up-rate', ratios.followUpRate);
  const total = hundredths(Math.max(0, manual + bonus - deduction + meetingCompliance + followUpRate));
  return {
    assessors: sheets.length,
    manual: hundredths(manual),
    bonus: hundredths(bonus),
    deduction: hundredths(deduction),
    meetingCompliance: hundredths(meetingCompliance),
    followUpRate: hundredths(followUpRate),
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
