import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { recorded } from '../testing/recorded';
import { assessmentPeriodsProjection, type AssessmentPeriodDocument } from './assessment-periods.projection';

const opened = {
  periodId: 'h1-2024-Q1',
  hospitalId: 'h1',
  schemeId: 'default-2024',
  quarter: '2024-Q1',
  scheme: DEFAULT_SCHEME_2024,
};
const sheet = (assessorId: string, score: number) => ({
  periodId: 'h1-2024-Q1',
  branchId: 'cardiology',
  assessorId,
  items: [{ code: 'daily-work', score }],
  bonuses: [],
  deductions: [],
});

function apply(events: [string, object][]): AssessmentPeriodDocument | null {
  return events.reduce<AssessmentPeriodDocument | null>(
    (document, [type, data], index) =>
      assessmentPeriodsProjection.evolve(document, recorded(type, data, String(index + 1)), 'h1-2024-Q1'),
    null,
  );
}

describe('assessment-periods projection', () => {
  it('AssessmentPeriodOpened records the period with its scheme and quarter', () => {
    expect(apply([['AssessmentPeriodOpened', opened]])).toEqual({
      _id: 'h1-2024-Q1',
      ...opened,
      closed: false,
      sheets: [],
    });
  });

  it('AssessmentScored adds a sheet per assessor and branch', () => {
    const document = apply([
      ['AssessmentPeriodOpened', opened],
      ['AssessmentScored', sheet('a1', 30)],
      ['AssessmentScored', sheet('a2', 35)],
    ]);
    expect(document?.sheets.map((s) => [s.assessorId, s.items[0].score])).toEqual([
      ['a1', 30],
      ['a2', 35],
    ]);
  });

  it('AssessmentScoreCorrected replaces that assessor’s sheet for that branch', () => {
    const document = apply([
      ['AssessmentPeriodOpened', opened],
      ['AssessmentScored', sheet('a1', 30)],
      ['AssessmentScoreCorrected', { ...sheet('a1', 33), reason: '复核' }],
    ]);
    expect(document?.sheets).toEqual([sheet('a1', 33)]);
  });

  it('AssessmentPeriodSchemeChanged judges the period by the new scheme, keeping its sheets', () => {
    const revised = { ...DEFAULT_SCHEME_2024, schemeId: 'revised', bonusCap: 5 };
    const document = apply([
      ['AssessmentPeriodOpened', opened],
      ['AssessmentScored', sheet('zhao', 30)],
      [
        'AssessmentPeriodSchemeChanged',
        { periodId: 'h1-2024-Q1', schemeId: 'revised', scheme: revised, reason: '调整' },
      ],
    ]);
    expect(document).toMatchObject({ schemeId: 'revised', scheme: revised, sheets: [sheet('zhao', 30)] });
  });

  it('AssessmentPeriodClosed marks the period closed', () => {
    expect(
      apply([
        ['AssessmentPeriodOpened', opened],
        ['AssessmentPeriodClosed', { periodId: 'h1-2024-Q1' }],
      ])?.closed,
    ).toBe(true);
  });
});
