import type { MemberEvent, PostAssigned } from '../organization/member.events';
import { specFor } from '../testing/given-when-then';
import { branchFacts, memberRecord, memberRegistered } from '../testing/fixtures';
import type {
  ChangePeriodScheme,
  ClosePeriod,
  CorrectBranchScore,
  OpenAssessmentPeriod,
  ScoreBranch,
} from './assessment-period.commands';
import { assessmentPeriodDecider } from './assessment-period.decide';
import type {
  AssessmentPeriodClosed,
  AssessmentPeriodOpened,
  AssessmentScoreCorrected,
  AssessmentPeriodSchemeChanged,
  AssessmentScored,
  ScoreSheet,
} from './assessment-period.events';
import { DEFAULT_SCHEME_2024 } from './scoring-scheme.state';

const given = specFor(assessmentPeriodDecider);
const now = '2024-04-05T02:00:00.000Z';
const today = '2024-04-05';

const postAssigned = (memberId: string, overrides: Partial<PostAssigned['data']> = {}): PostAssigned => ({
  type: 'PostAssigned',
  data: {
    memberId,
    post: 'committee-member',
    unitId: 'pj-central-committee',
    from: '2024-01-01',
    to: null,
    ...overrides,
  },
});
// Zhao sits on the 党委 and moved from cardiology to the administration branch on 2024-03-01.
const zhaoEvents: MemberEvent[] = [
  memberRegistered('zhao', 'cardiology'),
  postAssigned('zhao'),
  {
    type: 'MemberTransferred',
    data: {
      memberId: 'zhao',
      fromBranchId: 'cardiology',
      toBranchId: 'administration',
      toGroupId: null,
      effectiveOn: '2024-03-01',
    },
  },
];
const zhao = memberRecord(...zhaoEvents);

const open: OpenAssessmentPeriod = {
  type: 'OpenAssessmentPeriod',
  periodId: 'pj-central-2024-Q1',
  hospitalId: 'pj-central',
  schemeId: 'default-2024',
  scheme: DEFAULT_SCHEME_2024,
  hospitalKnown: true,
};
const opened: AssessmentPeriodOpened = {
  type: 'AssessmentPeriodOpened',
  data: {
    periodId: 'pj-central-2024-Q1',
    hospitalId: 'pj-central',
    schemeId: 'default-2024',
    quarter: '2024-Q1',
    scheme: DEFAULT_SCHEME_2024,
  },
};
const sheet: ScoreSheet = {
  periodId: 'pj-central-2024-Q1',
  branchId: 'cardiology',
  assessorId: 'zhao',
  items: [
    { code: 'daily-work', score: 36 },
    { code: 'integration', score: 35.5 },
  ],
  bonuses: [{ code: 'brand', points: 3, reason: '党建品牌获市级表彰' }],
  deductions: [{ code: 'late-report', points: 2, reason: '季度材料迟报' }],
};
const score: ScoreBranch = {
  type: 'ScoreBranch',
  ...sheet,
  branch: branchFacts('cardiology'),
  assessor: zhao,
  today,
  now,
};
const scored: AssessmentScored = { type: 'AssessmentScored', data: sheet };
const correct: CorrectBranchScore = {
  ...score,
  type: 'CorrectBranchScore',
  items: [
    { code: 'daily-work', score: 38 },
    { code: 'integration', score: 35.5 },
  ],
  reason: '漏计一次主题党日',
};
const corrected: AssessmentScoreCorrected = {
  type: 'AssessmentScoreCorrected',
  data: { ...sheet, items: correct.items, reason: '漏计一次主题党日' },
};
const close: ClosePeriod = { type: 'ClosePeriod', periodId: 'pj-central-2024-Q1' };
const closed: AssessmentPeriodClosed = { type: 'AssessmentPeriodClosed', data: { periodId: 'pj-central-2024-Q1' } };

/** The sheet's data as recorded when the command's sheet fields are replaced. */
const scoredWith = (changes: Partial<ScoreSheet>): AssessmentScored => ({
  type: 'AssessmentScored',
  data: { ...sheet, ...changes },
});

describe('assessment period (考核评分)', () => {
  describe('opening', () => {
    it('opens for the quarter its id ends in, under a published scheme it records', () => {
      given([]).when(open).then([opened]);
      given([])
        .when({ ...open, periodId: '2024-Q1' })
        .then([{ type: 'AssessmentPeriodOpened', data: { ...opened.data, periodId: '2024-Q1' } }]);
    });

    it('needs a period id ending in YYYY-Qn', () => {
      for (const periodId of ['2024-Q5', '2024Q1', 'pj-central', 'pj-central2024-Q1', '2024-Q1-draft']) {
        given([])
          .when({ ...open, periodId })
          .thenRefusedWith('ASSESSMENT.INVALID_PERIOD');
      }
    });

    it('opens once', () => {
      given([opened]).when(open).thenRefusedWith('ASSESSMENT.PERIOD_ALREADY_OPEN');
    });

    it('needs a published scheme', () => {
      given([])
        .when({ ...open, scheme: null })
        .thenRefusedWith('SCHEME.NOT_FOUND');
    });

    it('is refused for a hospital in which no org unit was ever established', () => {
      given([])
        .when({ ...open, hospitalKnown: false })
        .thenRefusedWith('HOSPITAL.NOT_FOUND');
    });
  });

  describe('scoring', () => {
    it('records a committee member’s sheet for a branch of the hospital', () => {
      given([opened]).when(score).then([scored]);
    });

    it('lets several assessors score a branch, and one assessor score several branches', () => {
      const qian = memberRecord(
        memberRegistered('qian', 'administration'),
        postAssigned('qian', { post: 'committee-secretary' }),
      );
      given([opened, scored])
        .when({ ...score, assessorId: 'qian', assessor: qian })
        .then([scoredWith({ assessorId: 'qian' })]);
      given([opened, scored])
        .when({ ...score, branchId: 'surgery', branch: branchFacts('surgery') })
        .then([scoredWith({ branchId: 'surgery' })]);
    });

    it('is refused before the period is opened', () => {
      given([]).when(score).thenRefusedWith('ASSESSMENT.PERIOD_NOT_FOUND');
    });

    it('scores a branch of the period’s hospital', () => {
      given([opened])
        .when({ ...score, branch: null })
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
      given([opened])
        .when({ ...score, branch: branchFacts('cardiology', { kind: 'group' }) })
        .thenRefusedWith('ASSESSMENT.BRANCH_NOT_IN_HOSPITAL');
      given([opened])
        .when({ ...score, branch: branchFacts('cardiology', { hospitalId: 'pj-east' }) })
        .thenRefusedWith('ASSESSMENT.BRANCH_NOT_IN_HOSPITAL');
    });

    it('scores only the scheme’s manual indicators, each once, all of them', () => {
      const [dailyWork, integration] = sheet.items;
      given([opened])
        .when({ ...score, items: [dailyWork, integration, { code: 'volunteering', score: 5 }] })
        .thenRefusedWith('ASSESSMENT.UNKNOWN_INDICATOR');
      given([opened])
        .when({ ...score, items: [dailyWork, integration, { code: 'meeting-compliance', score: 10 }] })
        .thenRefusedWith('ASSESSMENT.AUTOMATIC_INDICATOR');
      given([opened])
        .when({ ...score, items: [dailyWork, integration, { ...dailyWork, score: 20 }] })
        .thenRefusedWith('ASSESSMENT.DUPLICATE_ITEM');
      given([opened])
        .when({ ...score, items: [dailyWork] })
        .thenRefusedWith('ASSESSMENT.MISSING_ITEM');
    });

    it('scores each indicator within [0, max]', () => {
      for (const bad of [-1, 40.5, Number.NaN]) {
        given([opened])
          .when({ ...score, items: [{ code: 'daily-work', score: bad }, sheet.items[1]] })
          .thenRefusedWith('ASSESSMENT.SCORE_OUT_OF_RANGE');
      }
      const bounds = [
        { code: 'daily-work', score: 0 },
        { code: 'integration', score: 40 },
      ];
      given([opened])
        .when({ ...score, items: bounds })
        .then([scoredWith({ items: bounds })]);
    });

    it('refuses negative bonus or deduction points', () => {
      given([opened])
        .when({ ...score, bonuses: [{ ...sheet.bonuses[0], points: -1 }] })
        .thenRefusedWith('ASSESSMENT.SCORE_OUT_OF_RANGE');
      given([opened])
        .when({ ...score, deductions: [{ ...sheet.deductions[0], points: -1 }] })
        .thenRefusedWith('ASSESSMENT.SCORE_OUT_OF_RANGE');
    });

    it('keeps bonuses (加分项) within their cap', () => {
      const bonus = sheet.bonuses[0];
      given([opened])
        .when({
          ...score,
          bonuses: [
            { ...bonus, points: 6 },
            { ...bonus, points: 5 },
          ],
        })
        .thenRefusedWith('ASSESSMENT.BONUS_OVER_CAP');
      // 0.3 + 7.9 + 1.8 adds up to 10.000000000000002 in floating point: still at the cap.
      const atCap = [0.3, 7.9, 1.8].map((points) => ({ ...bonus, points }));
      given([opened])
        .when({ ...score, bonuses: atCap })
        .then([scoredWith({ bonuses: atCap })]);
    });

    it('keeps deductions (扣分项) within their cap', () => {
      const deduction = sheet.deductions[0];
      given([opened])
        .when({
          ...score,
          deductions: [
            { ...deduction, points: 15 },
            { ...deduction, points: 6 },
          ],
        })
        .thenRefusedWith('ASSESSMENT.DEDUCTION_OVER_CAP');
      const atCap = [{ ...deduction, points: 20 }];
      given([opened])
        .when({ ...score, deductions: atCap })
        .then([scoredWith({ deductions: atCap })]);
    });

    it('gives every bonus and deduction a reason', () => {
      given([opened])
        .when({ ...score, bonuses: [{ ...sheet.bonuses[0], reason: '  ' }] })
        .thenRefusedWith('ASSESSMENT.REASON_REQUIRED');
      given([opened])
        .when({ ...score, deductions: [{ ...sheet.deductions[0], reason: '' }] })
        .thenRefusedWith('ASSESSMENT.REASON_REQUIRED');
    });

    it('refuses personal data in reasons', () => {
      given([opened])
        .when({ ...score, bonuses: [{ ...sheet.bonuses[0], reason: '患者13912345678来信表扬' }] })
        .thenRefusedWith('PII.FORBIDDEN');
      given([opened])
        .when({ ...score, deductions: [{ ...sheet.deductions[0], reason: '投诉人身份证110105199003071234' }] })
        .thenRefusedWith('PII.FORBIDDEN');
    });

    it('is scored by a registered member', () => {
      given([opened])
        .when({ ...score, assessor: null })
        .thenRefusedWith('MEMBER.NOT_FOUND');
    });

    it('is scored by a holder of a committee post of the hospital on the day', () => {
      const plain = memberRecord(memberRegistered('sun', 'administration'));
      given([opened])
        .when({ ...score, assessorId: 'sun', assessor: plain })
        .thenRefusedWith('ASSESSMENT.ASSESSOR_NOT_COMMITTEE');
      const branchSecretary = memberRecord(
        memberRegistered('sun', 'administration'),
        postAssigned('sun', { post: 'branch-secretary', unitId: 'administration' }),
      );
      given([opened])
        .when({ ...score, assessorId: 'sun', assessor: branchSecretary })
        .thenRefusedWith('ASSESSMENT.ASSESSOR_NOT_COMMITTEE');
      const stoodDown = memberRecord(...zhaoEvents, {
        type: 'PostEnded',
        data: { memberId: 'zhao', post: 'committee-member', unitId: 'pj-central-committee', on: '2024-03-31' },
      });
      given([opened])
        .when({ ...score, assessor: stoodDown })
        .thenRefusedWith('ASSESSMENT.ASSESSOR_NOT_COMMITTEE');
      given([opened])
        .when({ ...score, assessor: stoodDown, today: '2024-03-31' })
        .then([scored]);
    });

    it('is not scored by a member of another hospital, committee post or not', () => {
      const elsewhere = memberRecord(
        memberRegistered('sun', 'east-admin', { hospitalId: 'pj-east' }),
        postAssigned('sun', { unitId: 'pj-east-committee' }),
      );
      given([opened])
        .when({ ...score, assessorId: 'sun', assessor: elsewhere })
        .thenRefusedWith('ASSESSMENT.ASSESSOR_OTHER_HOSPITAL');
      given([opened])
        .when({ ...correct, assessorId: 'sun', assessor: elsewhere })
        .thenRefusedWith('ASSESSMENT.ASSESSOR_OTHER_HOSPITAL');
    });

    it('is not scored by a member who has left', () => {
      const left = memberRecord(...zhaoEvents, {
        type: 'MemberStatusChanged',
        data: { memberId: 'zhao', status: 'left', effectiveOn: '2024-04-01', reason: '调离本院' },
      });
      given([opened])
        .when({ ...score, assessor: left })
        .thenRefusedWith('ASSESSMENT.ASSESSOR_NOT_COMMITTEE');
    });

    it('is never scored by a member of the assessed branch on the day (conflict of interest)', () => {
      given([opened])
        .when({ ...score, branchId: 'administration', branch: branchFacts('administration') })
        .thenRefusedWith('ASSESSMENT.CONFLICT_OF_INTEREST');
      // Before 2024-03-01 Zhao still belonged to cardiology.
      given([opened])
        .when({ ...score, today: '2024-02-29' })
        .thenRefusedWith('ASSESSMENT.CONFLICT_OF_INTEREST');
    });

    it('takes one sheet per assessor and branch; a change is a correction', () => {
      given([opened, scored]).when(score).thenRefusedWith('ASSESSMENT.ALREADY_SCORED');
      given([opened, scored, corrected]).when(score).thenRefusedWith('ASSESSMENT.ALREADY_SCORED');
    });
  });

  describe('correcting', () => {
    it('replaces the assessor’s sheet, with a reason', () => {
      given([opened, scored]).when(correct).then([corrected]);
      given([opened, scored, corrected]).when(correct).then([corrected]);
    });

    it('needs a sheet of the same assessor for the branch', () => {
      given([opened]).when(correct).thenRefusedWith('ASSESSMENT.NOT_SCORED');
      given([opened, scoredWith({ assessorId: 'qian' })])
        .when(correct)
        .thenRefusedWith('ASSESSMENT.NOT_SCORED');
    });

    it('gives a reason free of personal data', () => {
      given([opened, scored])
        .when({ ...correct, reason: ' ' })
        .thenRefusedWith('ASSESSMENT.REASON_REQUIRED');
      given([opened, scored])
        .when({ ...correct, reason: '据13912345678反映更正' })
        .thenRefusedWith('PII.FORBIDDEN');
    });

    it('checks the corrected sheet and its assessor like a new one', () => {
      given([opened, scored])
        .when({ ...correct, items: [{ code: 'daily-work', score: 41 }, sheet.items[1]] })
        .thenRefusedWith('ASSESSMENT.SCORE_OUT_OF_RANGE');
      given([opened, scored])
        .when({ ...correct, today: '2024-02-29' })
        .thenRefusedWith('ASSESSMENT.CONFLICT_OF_INTEREST');
    });

    it('is refused before the period is opened', () => {
      given([]).when(correct).thenRefusedWith('ASSESSMENT.PERIOD_NOT_FOUND');
    });
  });

  describe('closing', () => {
    it('closes an open period', () => {
      given([opened, scored]).when(close).then([closed]);
    });

    it('is refused before the period is opened', () => {
      given([]).when(close).thenRefusedWith('ASSESSMENT.PERIOD_NOT_FOUND');
    });

    it('takes nothing after closure: no sheet, no correction, no reopening, no second closure', () => {
      given([opened, closed]).when(score).thenRefusedWith('ASSESSMENT.PERIOD_CLOSED');
      given([opened, scored, closed]).when(correct).thenRefusedWith('ASSESSMENT.PERIOD_CLOSED');
      given([opened, closed]).when(open).thenRefusedWith('ASSESSMENT.PERIOD_CLOSED');
      given([opened, closed]).when(close).thenRefusedWith('ASSESSMENT.PERIOD_CLOSED');
    });
  });

  describe('changing the scheme', () => {
    /** Integration work weighs more, daily work less (at most 36: Zhao's sheet scores exactly that at first). */
    const revised = {
      ...DEFAULT_SCHEME_2024,
      schemeId: 'pj-2024-revised',
      indicators: DEFAULT_SCHEME_2024.indicators.map((indicator) =>
        indicator.code === 'daily-work' ? { ...indicator, max: 36 } : indicator,
      ),
      stars: [
        { stars: 5, minTotal: 85 },
        { stars: 1, minTotal: 0 },
      ],
    };
    const change: ChangePeriodScheme = {
      type: 'ChangePeriodScheme',
      periodId: 'pj-central-2024-Q1',
      schemeId: 'pj-2024-revised',
      scheme: revised,
      reason: '党委会议决定调整考核细则',
    };
    const changed: AssessmentPeriodSchemeChanged = {
      type: 'AssessmentPeriodSchemeChanged',
      data: { periodId: 'pj-central-2024-Q1', schemeId: 'pj-2024-revised', scheme: revised, reason: change.reason },
    };

    it('judges the period under another published scheme from now on, with the reason', () => {
      given([opened, scored]).when(change).then([changed]);
    });

    it('judges later sheets by the new scheme', () => {
      given([opened, changed])
        .when({
          ...score,
          items: [
            { code: 'daily-work', score: 37 },
            { code: 'integration', score: 35 },
          ],
        })
        .thenRefusedWith('ASSESSMENT.SCORE_OUT_OF_RANGE');
    });

    it('is refused while a sheet handed in does not fit the new scheme, and allowed once it is corrected', () => {
      given([opened, scored, corrected]).when(change).thenRefusedWith('ASSESSMENT.SCHEME_DOES_NOT_FIT_SHEETS');
      const fitting: AssessmentScoreCorrected = {
        type: 'AssessmentScoreCorrected',
        data: { ...corrected.data, items: [{ code: 'daily-work', score: 36 }, corrected.data.items[1]] },
      };
      given([opened, scored, corrected, fitting]).when(change).then([changed]);
    });

    it('needs a published scheme other than the current one, and a reason free of personal data', () => {
      given([opened])
        .when({ ...change, scheme: null })
        .thenRefusedWith('SCHEME.NOT_FOUND');
      given([opened])
        .when({ ...change, schemeId: 'default-2024', scheme: DEFAULT_SCHEME_2024 })
        .thenRefusedWith('ASSESSMENT.SCHEME_ALREADY_APPLIED');
      given([opened, changed]).when(change).thenRefusedWith('ASSESSMENT.SCHEME_ALREADY_APPLIED');
      given([opened])
        .when({ ...change, reason: ' ' })
        .thenRefusedWith('ASSESSMENT.REASON_REQUIRED');
      given([opened])
        .when({ ...change, reason: '患者电话13812345678' })
        .thenRefusedWith('PII.FORBIDDEN');
    });

    it('is refused before the period is opened and after it is closed', () => {
      given([]).when(change).thenRefusedWith('ASSESSMENT.PERIOD_NOT_FOUND');
      given([opened, closed]).when(change).thenRefusedWith('ASSESSMENT.PERIOD_CLOSED');
    });
  });
});
