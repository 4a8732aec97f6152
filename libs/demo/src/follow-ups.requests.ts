import type { CallOutcome } from '@app/domain';
import { addDays, dateOf, dayOfMonth, daysInMonth, instant, localTime, type LocalTime } from './calendar';
import type { CityPlan } from './city.plan';
import { post, type DemoChain, type DemoRequest } from './demo-request';
import { branchSecretary } from './callers';
import { takingPartOn, type BranchPlan, type HospitalPlan } from './organization.plan';
import { randomFor, type Random } from './random';

/** The last admission number issued per hospital and year. */
export type PatientNumbers = Map<string, number>;

const SATISFACTION: readonly (readonly [number, number])[] = [
  [5, 60],
  [4, 27],
  [3, 9],
  [2, 3],
  [1, 1],
];

const REACHED_NOTES = [
  '恢复良好，已提醒按时复诊',
  '伤口愈合良好，已告知注意事项',
  '血压控制平稳，已嘱规律服药',
  '对护理服务表示满意',
  '诉偶有不适，已建议门诊复查',
];

/**
 * 出院回访: a share of the branch's discharges this month, each called by a member of the branch — mostly
 * within the 7-day window, sometimes late, sometimes after a missed call or two, a few never reached. Calls that
 * would fall after the window are left for later, as open follow-ups.
 */
export function* followUpChains(
  plan: CityPlan,
  hospital: HospitalPlan,
  branch: BranchPlan,
  month: string,
  patientNumbers: PatientNumbers,
): Generator<DemoChain> {
  const expected = branch.spec.dischargesPerMonth * plan.dischargeShare;
  if (expected === 0) return;
  const random = randomFor(plan.seed, 'follow-ups', branch.unitId, month);
  const count = stochasticRound(random, expected * (0.9 + random.next() * 0.2));
  const windowEnd = localTime(plan.window.end);
  const secretary = branchSecretary(branch);
  for (let i = 0; i < count; i++) {
    const dischargeDate = dayOfMonth(month, random.int(1, daysInMonth(month)));
    const dischargedAt = localTime(dischargeDate, random.int(8, 16), random.pick([0, 15, 30, 45]));
    const patientRef = nextPatientRef(patientNumbers, hospital.spec.code, month.slice(0, 4));
    const followUpId = `fu-${patientRef.toLowerCase()}`;
    const chain: DemoRequest[] = [
      post(
        '/api/follow-ups',
        { followUpId, branchId: branch.unitId, patientRef, dischargedAt: instant(dischargedAt) },
        secretary,
      ),
    ];
    let calledAt = callTime(random, dischargeDate, random.chance(0.85) ? random.int(1, 6) : random.int(7, 12));
    for (const outcome of callOutcomes(random)) {
      if (calledAt >= windowEnd) break;
      const callers = takingPartOn(branch.members, { unitId: branch.unitId, kind: 'branch' }, dateOf(calledAt));
      chain.push(
        post(
          `/api/follow-ups/${followUpId}/attempts`,
          {
            callerMemberId: random.pick(callers).memberId,
            calledAt: instant(calledAt),
            outcome,
            ...(outcome === 'reached' ? { satisfaction: random.weighted(SATISFACTION) } : {}),
            ...(outcome === 'reached' && random.chance(0.25) ? { notes: random.pick(REACHED_NOTES) } : {}),
            ...(outcome === 'wrong-number' ? { notes: '登记电话有误，已联系病区核对' } : {}),
          },
          secretary,
        ),
      );
      calledAt = callTime(random, dateOf(calledAt), random.int(1, 2));
    }
    yield chain;
  }
}

/** An opaque admission reference, `PJZX-2025-000123`: never a phone or ID number, never a name. */
function nextPatientRef(numbers: PatientNumbers, code: string, year: string): string {
  const key = `${code}-${year}`;
  const next = (numbers.get(key) ?? 0) + 1;
  numbers.set(key, next);
  return `${key}-${String(next).padStart(6, '0')}`;
}

function callOutcomes(random: Random): CallOutcome[] {
  const missed = (): CallOutcome => (random.chance(0.8) ? 'no-answer' : 'wrong-number');
  const draw = random.next();
  if (draw < 0.7) return ['reached'];
  if (draw < 0.88) return [missed(), 'reached'];
  if (draw < 0.93) return [missed(), missed(), 'reached'];
  return ['no-answer', 'no-answer', random.chance(0.4) ? 'declined' : 'no-answer'];
}

const callTime = (random: Random, after: string, days: number): LocalTime =>
  localTime(addDays(after, days), random.int(9, 16), random.pick([0, 10, 20, 30, 40, 50]));

/** A whole count with the given mean: 2.3 is 2 seven times in ten and 3 three times. */
function stochasticRound(random: Random, mean: number): number {
  const whole = Math.floor(mean);
  return whole + (random.chance(mean - whole) ? 1 : 0);
}
