import type { MeetingKind } from '../branch-activity/meeting.events';

/** Points a member earns (or loses) for what the log records (*policy*). */
export interface MemberPointsPolicy {
  readonly attendMeeting: number;
  readonly giveLecture: number;
  readonly attendLecture: number;
  readonly completeFollowUp: number;
  readonly volunteerService: number;
  readonly unexcusedAbsence: number;
}

/** The values a hospital may set for itself; the rest of a rule pack is fixed by the regulations it encodes. */
export interface HospitalPolicy {
  /** 党课 each branch must hold per quarter. */
  readonly lecturesPerBranchPerQuarter: number;
  /** 党课 the committee secretary must give per year. */
  readonly committeeSecretaryLecturesPerYear: number;
  /** A follow-up call is on time within this many days of discharge. */
  readonly followUpWindowDays: number;
  readonly points: MemberPointsPolicy;
}

export type CadencePeriod = 'month' | 'quarter' | 'year';

/**
 * A versioned set of rules the reports judge by. Rules are data: a report names the pack it used, and a new
 * pack (or a hospital's policy) re-judges all history without touching an event.
 */
export interface RulePack {
  readonly id: string;
  readonly branch: {
    readonly minFullMembers: number;
    readonly maxMembers: number;
    /** From this many full members a branch needs a committee (支委会) … */
    readonly committeeRequiredFromFullMembers: number;
    /** … of this size. */
    readonly committeeSize: { readonly min: number; readonly max: number };
  };
  /** Each meeting kind at least once per period, in the unit's time zone. */
  readonly cadence: Readonly<Record<MeetingKind, CadencePeriod>>;
  /** Months without an attended meeting or lecture (and no reason given) before a member counts as inactive. */
  readonly inactiveMonths: number;
  readonly defaultPolicy: HospitalPolicy;
}

/** 《中国共产党支部工作条例（试行）》 2018, 基层组织选举工作条例 2020, 党章. */
export const CN_BRANCH_2018: RulePack = {
  id: 'cn-branch-2018',
  branch: { minFullMembers: 3, maxMembers: 50, committeeRequiredFromFullMembers: 7, committeeSize: { min: 3, max: 7 } },
  cadence: {
    'general-assembly': 'quarter',
    'branch-committee': 'month',
    'group-meeting': 'month',
    'theme-day': 'month',
    'organizational-life': 'year',
    'democratic-appraisal': 'year',
  },
  inactiveMonths: 6,
  defaultPolicy: {
    lecturesPerBranchPerQuarter: 1,
    committeeSecretaryLecturesPerYear: 1,
    followUpWindowDays: 7,
    points: {
      attendMeeting: 2,
      giveLecture: 3,
      attendLecture: 1,
      completeFollowUp: 1,
      volunteerService: 2,
      unexcusedAbsence: -2,
    },
  },
};

export const RULE_PACKS: Readonly<Record<string, RulePack>> = { [CN_BRANCH_2018.id]: CN_BRANCH_2018 };

export const DEFAULT_RULE_PACK = CN_BRANCH_2018;

export type PolicyOverrides = Partial<Omit<HospitalPolicy, 'points'>> & {
  readonly points?: Partial<MemberPointsPolicy>;
};

/** The pack's defaults with a hospital's overrides laid over them. */
export function effectivePolicy(pack: RulePack, overrides: PolicyOverrides = {}): HospitalPolicy {
  const { points, ...rest } = overrides;
  return { ...pack.defaultPolicy, ...rest, points: { ...pack.defaultPolicy.points, ...points } };
}
