import type { ScoreSheet } from './assessment-period.events';
import { competitionRanks, scoreBranch, splitByLargestRemainder, starsFor } from './branch-score';
import { DEFAULT_SCHEME_2024 } from './scoring-scheme.state';

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
      total: 81,
      stars: 4,
    });
  });

  it('gives an automatic indicator its max when nothing was required', () => {
    const score = scoreBranch(DEFAULT_SCHEME_2024, [sheet([40, 40])], { meetingCompliance: null, followUpRate: null });
    expect(score).toMatchObject({ total: 100, stars: 5 });
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
