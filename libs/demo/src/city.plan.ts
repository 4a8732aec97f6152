import { quarterMonths, type CalendarDate } from '@app/domain';
import { committeeIdFor, meetingIdFor, periodIdFor } from './demo-ids';
import { demoWindow, type DemoWindow } from './calendar';
import { PANJIN_HOSPITALS } from './city-directory';
import { planHospital, type BranchPlan, type HospitalPlan } from './organization.plan';
import { randomFor, type Random } from './random';

export type DemoScale = 'tiny' | 'default' | 'city';
export const DEMO_SCALES: readonly DemoScale[] = ['tiny', 'default', 'city'];

interface ScaleProfile {
  /** Whole quarters of history, ending before today's quarter. */
  readonly quarters: number;
  /** Only the first branches of each hospital; null for all of them. */
  readonly branchesPerHospital: number | null;
  /** The share of each department's discharges that the demo records a follow-up for. */
  readonly dischargeShare: number;
}

/**
 * `default` is the whole city over the last four quarters with a sample of follow-ups: about ten thousand
 * requests, which load in under a minute on two cores. `city` covers eight quarters with a follow-up for every
 * discharge: about a million. `tiny` is three branches per hospital over two quarters, for tests.
 */
const SCALE_PROFILES: Readonly<Record<DemoScale, ScaleProfile>> = {
  tiny: { quarters: 2, branchesPerHospital: 3, dischargeShare: 0.004 },
  default: { quarters: 4, branchesPerHospital: null, dischargeShare: 0.008 },
  city: { quarters: 8, branchesPerHospital: null, dischargeShare: 1 },
};

export const DEFAULT_DEMO_SEED = 2024;

/** The unit the demo establishes first: when it was recorded tells the day a stored city was loaded. */
export const DEMO_FIRST_UNIT_ID = committeeIdFor(PANJIN_HOSPITALS[0].hospitalId);

export interface DemoCityOptions {
  readonly scale: DemoScale;
  /** Today in Asia/Shanghai: the city's history ends before today's quarter. */
  readonly today: CalendarDate;
  readonly seed?: number;
}

/** The notable records of a planned city, named so a tour (and a test) can go straight to them. */
export interface DemoLandmarks {
  readonly hospitalId: string;
  /** The latest closed assessment period of the hospital. */
  readonly closedPeriodId: string;
  /** The quarter of that period, in which one general assembly fell short of its quorum. */
  readonly quarter: string;
  readonly quorumFailureMeetingId: string;
  /** A meeting whose record was corrected, with its reason: a good stream to replay. */
  readonly correctedMeetingId: string;
  /** The branch of both meetings; its secretary is the example secretary. */
  readonly branchId: string;
  readonly branchName: string;
  readonly secretaryId: string;
  /** A 党委委员 from another branch: the example assessor. */
  readonly assessorId: string;
  /** The last month of the quarter, for the follow-up report. */
  readonly month: string;
}

/** The planned deviations from routine that make the data worth inspecting. */
export interface DemoStories {
  readonly quorumFailures: ReadonlySet<string>;
  readonly meetingCorrections: ReadonlySet<string>;
  /** Meetings entered twice by mistake: the duplicate is revoked. */
  readonly duplicateRecords: ReadonlySet<string>;
  /** `periodId/branchId` of sheets an assessor corrects. */
  readonly scoreCorrections: ReadonlySet<string>;
}

export interface CityPlan {
  readonly seed: number;
  readonly window: DemoWindow;
  readonly dischargeShare: number;
  readonly hospitals: readonly HospitalPlan[];
  readonly stories: DemoStories;
  readonly landmarks: DemoLandmarks;
}

export function planCity({ scale, today, seed = DEFAULT_DEMO_SEED }: DemoCityOptions): CityPlan {
  const profile = SCALE_PROFILES[scale];
  const window = demoWindow(today, profile.quarters);
  const hospitals = PANJIN_HOSPITALS.map((spec) => planHospital(seed, spec, window, profile.branchesPerHospital));
  const landmarks = landmarksOf(hospitals[0], window);
  return {
    seed,
    window,
    dischargeShare: profile.dischargeShare,
    hospitals,
    stories: planStories(randomFor(seed, 'stories'), hospitals, window, landmarks),
    landmarks,
  };
}

function landmarksOf(hospital: HospitalPlan, window: DemoWindow): DemoLandmarks {
  const quarter = window.quarters[window.quarters.length - 2];
  const { months } = quarterMonths(quarter);
  const branch = hospital.branches[0];
  const assessorId = [hospital.committeeSecretaryId, ...hospital.committeeMemberIds].find(
    (memberId) => !branch.members.some((member) => member.memberId === memberId),
  )!;
  return {
    hospitalId: hospital.spec.hospitalId,
    closedPeriodId: periodIdFor(hospital.spec.hospitalId, quarter),
    quarter,
    quorumFailureMeetingId: meetingIdFor(branch.unitId, 'general-assembly', quarter),
    correctedMeetingId: meetingIdFor(branch.unitId, 'theme-day', months[0]),
    branchId: branch.unitId,
    branchName: branch.name,
    secretaryId: branch.secretaryId,
    assessorId,
    month: months[2],
  };
}

function planStories(
  random: Random,
  hospitals: readonly HospitalPlan[],
  window: DemoWindow,
  landmarks: DemoLandmarks,
): DemoStories {
  const quorumFailures = new Set([landmarks.quorumFailureMeetingId]);
  const meetingCorrections = new Set([landmarks.correctedMeetingId]);
  const duplicateRecords = new Set<string>();
  const scoreCorrections = new Set<string>();
  const themeDay = (branch: BranchPlan) => meetingIdFor(branch.unitId, 'theme-day', random.pick(window.months));
  for (const hospital of hospitals) {
    const { branches } = hospital;
    quorumFailures.add(meetingIdFor(random.pick(branches).unitId, 'general-assembly', random.pick(window.quarters)));
    const withCommittee = branches.filter((branch) => branch.committeeMemberIds.length > 0);
    if (withCommittee.length > 0)
      quorumFailures.add(
        meetingIdFor(random.pick(withCommittee).unitId, 'branch-committee', random.pick(window.months)),
      );
    meetingCorrections.add(themeDay(random.pick(branches)));
    if (hospitals.indexOf(hospital) % 3 === 0) duplicateRecords.add(themeDay(random.pick(branches)));
    scoreCorrections.add(
      `${periodIdFor(hospital.spec.hospitalId, random.pick(window.quarters))}/${random.pick(branches).unitId}`,
    );
  }
  return { quorumFailures, meetingCorrections, duplicateRecords, scoreCorrections };
}
