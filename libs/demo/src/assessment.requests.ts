import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { periodIdFor } from './demo-ids';
import { hospitalAdmin } from './callers';
import type { CityPlan } from './city.plan';
import { post, type DemoCaller, type DemoChain, type DemoRequest, type DemoWave } from './demo-request';
import type { BranchPlan, HospitalPlan } from './organization.plan';
import { randomFor, type Random } from './random';

const MANUAL_INDICATORS = DEFAULT_SCHEME_2024.indicators.filter((indicator) => indicator.source === 'manual');
const ASSESSORS_PER_BRANCH = 2;

const BONUS_REASONS = ['获评市级先进基层党组织', '党建品牌项目获市卫健委表彰', '义诊活动获市卫健委通报表扬'];
const DEDUCTION_REASONS = ['党费收缴台账未按时报送', '会议记录不规范', '发展党员材料不齐全'];
const SCORE_CORRECTION_REASON = '复核发现日常工作分数录入有误';

/**
 * 考核评分: each hospital's quarters under `default-2024`, one chain per period (its stream takes one write at a
 * time): opened, a sheet for every branch from two committee members outside it, a planned correction, and
 * closure for all but the latest quarter, whose assessment is still under way.
 */
export function assessmentWave(plan: CityPlan): DemoWave {
  return {
    name: '考核评分 assessments',
    chains: () =>
      plan.hospitals.flatMap((hospital) =>
        plan.window.quarters.map((quarter, i) =>
          periodChain(plan, hospital, quarter, i === plan.window.quarters.length - 1),
        ),
      ),
  };
}

function periodChain(plan: CityPlan, hospital: HospitalPlan, quarter: string, stillOpen: boolean): DemoChain {
  const { hospitalId } = hospital.spec;
  const periodId = periodIdFor(hospitalId, quarter);
  const path = `/api/assessment-periods/${periodId}`;
  const admin = hospitalAdmin(hospital);
  const sheets = hospital.branches.flatMap((branch) => branchSheets(plan, hospital, branch, periodId));
  const corrections = sheets
    .filter((sheet) =>
      plan.stories.scoreCorrections.has(`${periodId}/${(sheet.body as { branchId: string }).branchId}`),
    )
    .slice(0, 1)
    .map((sheet) => scoreCorrection(path, sheet));
  return [
    post('/api/assessment-periods', { periodId, hospitalId, schemeId: DEFAULT_SCHEME_2024.schemeId }, admin),
    ...sheets,
    ...corrections,
    ...(stillOpen ? [] : [post(`${path}/closure`, {}, admin)]),
  ];
}

/** Sheets from committee members who do not belong to the branch; now and then an admin enters one for them. */
function branchSheets(plan: CityPlan, hospital: HospitalPlan, branch: BranchPlan, periodId: string): DemoRequest[] {
  const random = randomFor(plan.seed, 'assessment', periodId, branch.unitId);
  const outsiders = [hospital.committeeSecretaryId, ...hospital.committeeMemberIds].filter(
    (memberId) => !branch.members.some((member) => member.memberId === memberId),
  );
  // A branch keeps its standing from quarter to quarter; each assessor's view varies around it.
  const standing = 0.72 + randomFor(plan.seed, 'standing', branch.unitId).next() * 0.23;
  return random
    .shuffled(outsiders)
    .slice(0, ASSESSORS_PER_BRANCH)
    .map((assessorId) => {
      const caller: DemoCaller = random.chance(0.1)
        ? hospitalAdmin(hospital)
        : { role: 'assessor', memberId: assessorId, hospitalId: hospital.spec.hospitalId };
      return post(
        `/api/assessment-periods/${periodId}/scores`,
        {
          branchId: branch.unitId,
          assessorId,
          items: MANUAL_INDICATORS.map(({ code, max }) => ({
            code,
            score: halfPoints(max * around(random, standing)),
          })),
          bonuses: random.chance(0.15)
            ? [{ code: 'award', points: random.int(2, 5), reason: random.pick(BONUS_REASONS) }]
            : [],
          deductions: random.chance(0.1)
            ? [{ code: 'shortcoming', points: random.int(1, 3), reason: random.pick(DEDUCTION_REASONS) }]
            : [],
        },
        caller,
      );
    });
}

/** The assessor re-checks a sheet and lowers its daily-work score by two points. */
function scoreCorrection(path: string, sheet: DemoRequest): DemoRequest {
  const { branchId, items, ...rest } = sheet.body as {
    branchId: string;
    items: { code: string; score: number }[];
  };
  const corrected = items.map((item) =>
    item.code === 'daily-work' ? { ...item, score: Math.max(0, item.score - 2) } : item,
  );
  return post(
    `${path}/scores/${branchId}/corrections`,
    { ...rest, items: corrected, reason: SCORE_CORRECTION_REASON },
    sheet.as,
  );
}

const around = (random: Random, standing: number) =>
  Math.min(1, Math.max(0.5, standing + (random.next() - 0.5) * 0.08));

const halfPoints = (points: number) => Math.round(points * 2) / 2;
