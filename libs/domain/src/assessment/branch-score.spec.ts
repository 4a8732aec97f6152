import type { ScoreSheet } from './assessment-period.events';
import { competitionRanks, indicatorPointsUnder, scoreBranch, splitByLargestRemainder, starsFor } from './branch-score';
import { DEFAULT_SCHEME_2024, type ScoringScheme } from './scoring-scheme.state';

const sheet = (items: [number, number], bonus = 0, deduction = 0): ScoreSheet => ({
  periodId: 'p',
  branchId: 'b',
  assessorId: `a${items[0]}`,
  items: [
    { code: 'daily-work', score: items[0] },
    { code: 'integration', score: items[1] },
  ],
  bonuses: bonus ? [{ code: 'x', points: bonus, reason: 'r' }] : [],
  deductions: deduction ? [{ code: 'y', points: deduction, reason: 'r' }] : [],
});

describe('branch score (考核评分)', () => {
  it('is the assessors’ mean sheet plus the automatic indicators at max × ratio', () => {
    const score = scoreBranch(DEFAULT_SCHEME_2024, [sheet([36, 34], 4, 2), sheet([30, 32], 2, 0)], {
      meetingCompliance: 0.8,
      followUpRate: 0.5,
    });
    // manual (70 + 62) / 2 = 66, bonus 3, deduction 1, compliance 8, follow-up 5.
    expect(score).toEqual({
      assessors: 2,
      manual: 66,
      bonus: 3,
      deduction: 1,
      meetingCompliance: 8,
      followUpRate: 5,
      notApplicable: [],
      total: 81,
      stars: 4,
    });
  });

  it('is floored at 0', () => {
    expect(
      scoreBranch(DEFAULT_SCHEME_2024, [sheet([0, 0], 0, 20)], { meetingCompliance: 0, followUpRate: 0 }).total,
    ).toBe(0);
  });

  it('counts a branch nobody scored as zero manual points', () => {
    expect(scoreBranch(DEFAULT_SCHEME_2024, [], { meetingCompliance: 1, followUpRate: 1 })).toMatchObject({
      assessors: 0,
      manual: 0,
      total: 20,
    });
  });

  it('awards stars by the scheme’s thresholds', () => {
    expect([95, 90, 89.99, 80, 70, 60, 59, 0].map((total) => starsFor(DEFAULT_SCHEME_2024, total))).toEqual([
      5, 5, 4, 4, 3, 2, 1, 1,
    ]);
  });
});

describe('not applicable is not full marks (不适用指标)', () => {
  const under = (notApplicable: ScoringScheme['notApplicable']): ScoringScheme => ({
    ...DEFAULT_SCHEME_2024,
    notApplicable,
  });
  // Manual 35 + 33 = 68 of 80; 6 of 8 required meetings held; nobody discharged.
  const noDischarges = { meetingCompliance: 0.75, followUpRate: null };

  it('rescales the indicator points over the indicators that apply, by default', () => {
    const score = scoreBranch(DEFAULT_SCHEME_2024, [sheet([35, 33], 3, 1)], noDischarges);
    // (68 + 7.5) × 100 / 90 = 83.888…; then + 3 − 1 = 85.89: bonuses and deductions are not rescaled.
    expect(score).toMatchObject({ meetingCompliance: 7.5, followUpRate: null, notApplicable: ['followUpRate'] });
    expect(score).toMatchObject({ total: 85.89, stars: 4 });
    expect(scoreBranch(under(undefined), [sheet([35, 33], 3, 1)], noDischarges).total).toBe(85.89);
  });

  it('awards the not-applicable indicator its max under `full`', () => {
    // 68 + 7.5 + 10 + 3 − 1 = 87.5: the old free points, only when a scheme says so.
    expect(scoreBranch(under('full'), [sheet([35, 33], 3, 1)], noDischarges)).toMatchObject({
      followUpRate: null,
      notApplicable: ['followUpRate'],
      total: 87.5,
    });
  });

  it('awards it nothing under `zero`', () => {
    // 68 + 7.5 + 3 − 1 = 77.5.
    expect(scoreBranch(under('zero'), [sheet([35, 33], 3, 1)], noDischarges)).toMatchObject({
      notApplicable: ['followUpRate'],
      total: 77.5,
      stars: 3,
    });
  });

  it('leaves the total as it was when every indicator applies, whatever the rule', () => {
    const ratios = { meetingCompliance: 0.75, followUpRate: 0.5 };
    for (const rule of ['rescale', 'full', 'zero'] as const) {
      // 68 + 7.5 + 5 + 3 − 1 = 82.5.
      expect(scoreBranch(under(rule), [sheet([35, 33], 3, 1)], ratios)).toMatchObject({
        notApplicable: [],
        total: 82.5,
      });
    }
  });

  it('rescales the manual items alone when no automatic indicator applies', () => {
    const none = { meetingCompliance: null, followUpRate: null };
    // 68 × 100 / 80 = 85, + 3 − 1 = 87.
    expect(scoreBranch(DEFAULT_SCHEME_2024, [sheet([35, 33], 3, 1)], none)).toMatchObject({
      meetingCompliance: null,
      followUpRate: null,
      notApplicable: ['meetingCompliance', 'followUpRate'],
      total: 87,
    });
    expect(scoreBranch(under('full'), [sheet([35, 33], 3, 1)], none).total).toBe(90);
    expect(scoreBranch(under('zero'), [sheet([35, 33], 3, 1)], none).total).toBe(70);
  });

  it('gives no indicator points at all when none of a scheme’s indicators apply', () => {
    const automaticOnly: ScoringScheme = {
      ...DEFAULT_SCHEME_2024,
      indicators: DEFAULT_SCHEME_2024.indicators.filter((indicator) => indicator.source !== 'manual'),
    };
    // Nothing to scale: 0 indicator points; the bonus still counts.
    expect(
      scoreBranch(automaticOnly, [sheet([0, 0], 4)], { meetingCompliance: null, followUpRate: null }),
    ).toMatchObject({ notApplicable: ['meetingCompliance', 'followUpRate'], total: 4 });
  });

  it('does not list an indicator the scheme does not have', () => {
    const noFollowUps: ScoringScheme = {
      ...DEFAULT_SCHEME_2024,
      indicators: DEFAULT_SCHEME_2024.indicators.filter((indicator) => indicator.source !== 'follow-up-rate'),
    };
    // 68 + 7.5 of the scheme's 90, nothing to rescale.
    expect(scoreBranch(noFollowUps, [sheet([35, 33])], noDischarges)).toMatchObject({
      notApplicable: [],
      total: 75.5,
    });
  });

  it('states each rule as indicator points from what was earned, the scheme’s range and what had no basis', () => {
    const points = { earned: 60, schemeMax: 100, notApplicableMax: 20 };
    expect(indicatorPointsUnder('rescale', points)).toBe(75);
    expect(indicatorPointsUnder('full', points)).toBe(80);
    expect(indicatorPointsUnder('zero', points)).toBe(60);
    expect(indicatorPointsUnder('rescale', { earned: 0, schemeMax: 20, notApplicableMax: 20 })).toBe(0);
  });
});

describe('competition ranking', () => {
  it('shares a rank between equal totals and skips the next', () => {
    expect(competitionRanks([95, 90, 90, 85, 80, 80, 80, 10])).toEqual([1, 2, 2, 4, 5, 5, 5, 8]);
    expect(competitionRanks([])).toEqual([]);
  });
});

describe('largest-remainder split', () => {
  it('adds up to the amount exactly, in whole fen', () => {
    const shares = splitByLargestRemainder(75_000_000, [91.5, 88, 88, 73.25, 60]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(75_000_000);
    expect(shares.every(Number.isInteger)).toBe(true);
  });

  it('gives leftover fen to the largest remainders, ties to the earlier share', () => {
    // 100 fen over three equal weights: 33.33 each, one fen left, to the first.
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 10 fen by 1:2:3 → 1.67, 3.33, 5: floors 1, 3, 5 and the one left goes to 1.67.
    expect(splitByLargestRemainder(10, [1, 2, 3])).toEqual([2, 3, 5]);
  });

  it('still pays out the whole amount, equally, when no branch scored', () => {
    expect(splitByLargestRemainder(101, [0, 0])).toEqual([51, 50]);
    expect(splitByLargestRemainder(100, [])).toEqual([]);
  });
});
