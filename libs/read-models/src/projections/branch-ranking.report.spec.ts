import { DEFAULT_SCHEME_2024, type NotApplicableRule } from '@app/domain';
import { projectedReadModels, type GivenEvent } from '../testing/projected-read-models';
import { assessmentPeriodsProjection } from './assessment-periods.projection';
import { lecturesProjection, meetingsProjection } from './branch-activity.projections';
import { branchRanking, performanceFund } from './branch-ranking.report';
import { followUpStatsProjection } from './follow-up-stats.projection';
import { hospitalPoliciesProjection } from './hospital-policies.projection';
import { membersProjection } from './members.projection';
import { orgUnitsProjection } from './org-units.projection';

const PROJECTIONS = [
  assessmentPeriodsProjection,
  orgUnitsProjection,
  followUpStatsProjection,
  hospitalPoliciesProjection,
  membersProjection,
  meetingsProjection,
  lecturesProjection,
];

const branch = (unitId: string): GivenEvent => ({
  type: 'OrgUnitEstablished',
  data: {
    unitId,
    kind: 'branch',
    name: unitId,
    hospitalId: 'h1',
    parentId: null,
    category: 'clinical',
    timeZone: 'Asia/Shanghai',
  },
});
const opened = (notApplicable: NotApplicableRule | undefined): GivenEvent => ({
  type: 'AssessmentPeriodOpened',
  data: {
    periodId: 'h1-2024-Q1',
    hospitalId: 'h1',
    schemeId: 'default-2024',
    quarter: '2024-Q1',
    scheme: { ...DEFAULT_SCHEME_2024, notApplicable },
  },
});
/** Both branches get the same sheet, so only the follow-up indicator can part them. */
const scored = (branchId: string): GivenEvent => ({
  type: 'AssessmentScored',
  data: {
    periodId: 'h1-2024-Q1',
    branchId,
    assessorId: 'a1',
    items: [
      { code: 'daily-work', score: 36 },
      { code: 'integration', score: 36 },
    ],
    bonuses: [],
    deductions: [],
  },
});
const followUpCase = (n: number) => ({
  followUpId: `f${n}`,
  branchId: 'wards',
  hospitalId: 'h1',
  dischargedAt: '2024-02-10T09:00:00+08:00',
  dischargedOn: '2024-02-10',
});
/** `wards` discharged two patients in the quarter and reached both. */
const fullFollowUps: GivenEvent[] = [1, 2].flatMap((n) => [
  { type: 'FollowUpScheduled', data: { ...followUpCase(n), patientRef: 'PR' } },
  {
    type: 'FollowUpCompleted',
    data: {
      ...followUpCase(n),
      callerMemberId: 'm',
      calledAt: '2024-02-12T10:00:00+08:00',
      satisfaction: 5,
      notes: null,
    },
  },
]);

async function rankingUnder(notApplicable: NotApplicableRule | undefined) {
  const readModels = await projectedReadModels(PROJECTIONS, [
    branch('wards'),
    branch('outpatients'),
    opened(notApplicable),
    scored('wards'),
    scored('outpatients'),
    ...fullFollowUps,
  ]);
  return (await branchRanking(readModels, 'h1-2024-Q1'))!;
}
const line = (ranking: Awaited<ReturnType<typeof rankingUnder>>, branchId: string) =>
  ranking.items.find((item) => item.branchId === branchId)!;

// Neither branch held a meeting the quarter required (compliance 0 of 10); both have 72 manual points.
describe('branch ranking: not applicable is not full marks', () => {
  it('lists the indicator with no basis, gives it no points and rescales: nobody discharged wins nothing', async () => {
    const ranking = await rankingUnder(undefined);
    expect(ranking.notApplicableRule).toBe('rescale');
    expect(line(ranking, 'wards')).toMatchObject({
      rank: 1,
      followUpRate: 10,
      notApplicable: [],
      ratios: { meetingCompliance: 0, followUpRate: 1 },
      // 72 + 0 + 10.
      total: 82,
    });
    expect(line(ranking, 'outpatients')).toMatchObject({
      rank: 2,
      meetingCompliance: 0,
      followUpRate: null,
      notApplicable: ['followUpRate'],
      ratios: { meetingCompliance: 0, followUpRate: null },
      // (72 + 0) × 100 / 90 of the indicators that apply.
      total: 80,
    });
  });

  it('scores the indicator as the scheme says: full marks or none', async () => {
    const full = await rankingUnder('full');
    expect(full.notApplicableRule).toBe('full');
    // 72 + 0 + 10 each: the old free points, a tie.
    expect(full.items.map(({ branchId, total, rank }) => [branchId, total, rank])).toEqual([
      ['outpatients', 82, 1],
      ['wards', 82, 1],
    ]);
    const zero = await rankingUnder('zero');
    expect(zero.items.map(({ branchId, total }) => [branchId, total])).toEqual([
      ['wards', 82],
      ['outpatients', 72],
    ]);
  });

  it('splits the fund by the same totals', async () => {
    const fund = performanceFund(await rankingUnder('rescale'), 1000);
    // 100,000 fen by 82 : 80 → 50,617.28 and 49,382.72; the fen left over goes to the larger remainder.
    expect(fund.items.map(({ branchId, total, shareFen }) => [branchId, total, shareFen])).toEqual([
      ['wards', 82, 50_617],
      ['outpatients', 80, 49_383],
    ]);
  });
});
