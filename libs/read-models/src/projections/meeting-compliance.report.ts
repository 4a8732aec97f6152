import {
  calendarPeriods,
  canVoteOn,
  DomainError,
  membershipOn,
  postsOn,
  type CadencePeriod,
  type CalendarDate,
  type MeetingKind,
  type MemberRecord,
  type Post,
  type Vote,
  presentAt,
} from '@app/domain';
import type { Filter, ReadModelStore } from '../read-model-store.port';
import {
  lecturesProjection,
  meetingsProjection,
  type LectureDocument,
  type MeetingDocument,
} from './branch-activity.projections';
import { rulesFor } from './hospital-policies.projection';
import { membersProjection, type MemberDocument } from './members.projection';
import { listOrgUnits, type OrgUnitDocument } from './org-units.projection';

/** What a unit must hold: the meeting kinds of 三会一课 and 党课 party lectures. */
export type ComplianceKind = MeetingKind | 'party-lecture';

export type MeetingComplianceCode =
  | 'QUORUM_NOT_MET'
  | 'VOTE_NOT_CARRIED'
  | 'MISSING_GENERAL_ASSEMBLY'
  | 'MISSING_BRANCH_COMMITTEE'
  | 'MISSING_GROUP_MEETING'
  | 'MISSING_THEME_DAY'
  | 'MISSING_ORGANIZATIONAL_LIFE'
  | 'MISSING_DEMOCRATIC_APPRAISAL'
  | 'MISSING_PARTY_LECTURE';

export interface MeetingComplianceFinding {
  readonly code: MeetingComplianceCode;
  readonly meetingId?: string;
  readonly detail: string;
}

export type KindCounts = Readonly<Partial<Record<ComplianceKind, number>>>;

export interface MeetingComplianceItem {
  readonly unitId: string;
  readonly name: string;
  readonly kind: 'branch' | 'group';
  /** The branch the unit belongs to: itself, or a group's parent. */
  readonly branchId: string;
  /** Per kind, the cadence sub-periods (months, quarters, years) of the report period that each need one. */
  readonly required: KindCounts;
  /** Per kind, the valid meetings (or lectures) held in the report period. */
  readonly held: KindCounts;
  /** Per kind, the required sub-periods that had enough of them. */
  readonly satisfied: KindCounts;
  /** Σ satisfied ÷ Σ required; null when nothing was required. */
  readonly ratio: number | null;
  readonly findings: readonly MeetingComplianceFinding[];
}

export interface MeetingComplianceReport {
  readonly hospitalId: string;
  readonly periodId: string;
  readonly rulePack: string;
  readonly lecturesPerBranchPerQuarter: number;
  readonly items: readonly MeetingComplianceItem[];
}

// ── Rules: small and pure ────────────────────────────────────────────────────────────────────────────────────

const CADENCE_RANK: Readonly<Record<CadencePeriod, number>> = { month: 0, quarter: 1, year: 2 };
const PERIOD_PATTERNS: readonly (readonly [CadencePeriod, RegExp])[] = [
  ['month', /^\d{4}-(0[1-9]|1[0-2])$/],
  ['quarter', /^\d{4}-Q[1-4]$/],
  ['year', /^\d{4}$/],
];

/** Whether `periodId` is a month `YYYY-MM`, a quarter `YYYY-Qn` or a year `YYYY`; anything else is refused. */
export function periodCadence(periodId: string): CadencePeriod {
  const match = PERIOD_PATTERNS.find(([, pattern]) => pattern.test(periodId));
  if (!match) {
    throw new DomainError('REPORT.INVALID_PERIOD', `${periodId} is not a month YYYY-MM, quarter YYYY-Qn or year YYYY`, {
      periodId,
    });
  }
  return match[0];
}

/** The months of a calendar period, in order. */
function monthsOf(periodId: string): string[] {
  const cadence = periodCadence(periodId);
  if (cadence === 'month') return [periodId];
  const year = periodId.slice(0, 4);
  const first = cadence === 'year' ? 1 : (Number(periodId.slice(-1)) - 1) * 3 + 1;
  const count = cadence === 'year' ? 12 : 3;
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/**
 * The periods of a cadence that lie wholly inside a report period: a quarter holds three months and one
 * quarter but no year, so a yearly rule is judged only by a whole-year report.
 */
export function subPeriods(periodId: string, cadence: CadencePeriod): string[] {
  if (CADENCE_RANK[cadence] > CADENCE_RANK[periodCadence(periodId)]) return [];
  return [...new Set(monthsOf(periodId).map((month) => calendarPeriods(`${month}-01`)[cadence]))];
}

/** A calendar period's first day and the first day after it. */
export function periodBounds(periodId: string): { readonly from: CalendarDate; readonly until: CalendarDate } {
  const months = monthsOf(periodId);
  const last = months[months.length - 1];
  const [year, month] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { from: `${months[0]}-01`, until: `${next}-01` };
}

/** 半数以上 includes the half: present ≥ ½ of entitled. Nobody entitled, no quorum. */
export function quorumMet(present: number, entitled: number): boolean {
  return entitled > 0 && present * 2 >= entitled;
}

/**
 * A resolution carries with yes > ½ of the entitled voting members (not of those present); an election needs
 * present voters > ⅘ of entitled, and yes > ½ of those present.
 */
export function voteCarried(vote: Pick<Vote, 'yes' | 'election'>, entitled: number, presentVoters: number): boolean {
  if (!vote.election) return vote.yes * 2 > entitled;
  return presentVoters * 5 > entitled * 4 && vote.yes * 2 > presentVoters;
}

/** Members of the branch on the date who could vote there: full members only. */
export function votingMembersOn(
  members: readonly MemberRecord[],
  branchId: string,
  date: CalendarDate,
): MemberRecord[] {
  return members.filter((member) => membershipOn(member, date)?.branchId === branchId && canVoteOn(member, date));
}

const COMMITTEE_POSTS: ReadonlySet<Post> = new Set(['branch-secretary', 'branch-committee-member']);

/**
 * 支委会 on a date: the members holding the branch's secretary or committee-member posts. Posts are looked at
 * first: few members hold one, so most are ruled out without working out their membership.
 */
export function committeeOn(members: readonly MemberRecord[], branchId: string, date: CalendarDate): MemberRecord[] {
  return members.filter(
    (member) =>
      postsOn(member, date).some((term) => term.unitId === branchId && COMMITTEE_POSTS.has(term.post)) &&
      membershipOn(member, date) !== null,
  );
}

/**
 * Whether the branch had a committee at any time in `[from, until)`. A secretary alone is not a committee (a
 * branch below the committee threshold is led by its secretary), so it takes a branch-committee-member post.
 */
export function hadCommitteeDuring(
  members: readonly MemberRecord[],
  branchId: string,
  { from, until }: { readonly from: CalendarDate; readonly until: CalendarDate },
): boolean {
  return members.some((member) =>
    member.posts.some(
      (term) =>
        term.unitId === branchId &&
        term.post === 'branch-committee-member' &&
        term.from < until &&
        (term.to === null || term.to >= from),
    ),
  );
}

// ── The report ───────────────────────────────────────────────────────────────────────────────────────────────

const LECTURE: ComplianceKind = 'party-lecture';
const GROUP_KINDS: readonly MeetingKind[] = ['group-meeting'];

const MISSING: Readonly<Record<ComplianceKind, MeetingComplianceCode>> = {
  'general-assembly': 'MISSING_GENERAL_ASSEMBLY',
  'branch-committee': 'MISSING_BRANCH_COMMITTEE',
  'group-meeting': 'MISSING_GROUP_MEETING',
  'theme-day': 'MISSING_THEME_DAY',
  'organizational-life': 'MISSING_ORGANIZATIONAL_LIFE',
  'democratic-appraisal': 'MISSING_DEMOCRATIC_APPRAISAL',
  'party-lecture': 'MISSING_PARTY_LECTURE',
};

interface Judged {
  readonly meeting: MeetingDocument;
  readonly valid: boolean;
  readonly findings: readonly MeetingComplianceFinding[];
}

/**
 * 三会一课 compliance of every branch and group of a hospital over a calendar period, judged by the hospital's
 * rule pack and policy: cadence per kind, quorum of general assemblies and committee meetings, votes carried.
 * Revoked records count for nothing; corrected ones count as corrected.
 */
export async function meetingCompliance(
  readModels: ReadModelStore,
  hospitalId: string,
  periodId: string,
): Promise<MeetingComplianceReport> {
  const cadence = periodCadence(periodId);
  const bounds = periodBounds(periodId);
  // Always through the (hospitalId, quarter|year) indexes; a month is narrowed within its quarter.
  const inPeriod: Filter =
    cadence === 'year'
      ? { hospitalId, year: periodId }
      : cadence === 'quarter'
        ? { hospitalId, quarter: periodId }
        : { hospitalId, quarter: calendarPeriods(`${periodId}-01`).quarter, month: periodId };
  const [{ rulePack, policy }, branches, groups, members, meetings, lectures] = await Promise.all([
    rulesFor(readModels, hospitalId),
    listOrgUnits(readModels, { hospitalId, kind: 'branch' }),
    listOrgUnits(readModels, { hospitalId, kind: 'group' }),
    readModels.collection<MemberDocument>(membersProjection.collection).find({ hospitalId }),
    readModels.collection<MeetingDocument>(meetingsProjection.collection).find(inPeriod),
    readModels.collection<LectureDocument>(lecturesProjection.collection).find(inPeriod),
  ]);

  const membersOf = groupBy(
    members.flatMap((member) => member.branchIds.map((branchId) => [branchId, member] as const)),
  );
  // Each instant parsed once, not twice per comparison: parsing was most of the report's time.
  const meetingsOf = groupBy(
    meetings
      .filter((meeting) => !meeting.revoked)
      .map((meeting) => ({ meeting, heldAt: Date.parse(meeting.heldAt) }))
      .sort((a, b) => a.heldAt - b.heldAt || (a.meeting.meetingId < b.meeting.meetingId ? -1 : 1))
      .map(({ meeting }) => [meeting.unitId, meeting] as const),
  );
  const lecturesOf = groupBy(lectures.map((lecture) => [lecture.unitId, lecture] as const));
  const branchKinds = (Object.keys(rulePack.cadence) as MeetingKind[]).filter((kind) => !GROUP_KINDS.includes(kind));
  // The same for every unit, so worked out once per report rather than per unit and kind.
  const subPeriodsOf = memoized((cadence: CadencePeriod) => subPeriods(periodId, cadence));
  const boundsOf = memoized(periodBounds);
  // A unit is reported when it still stood on the period's first day; sub-periods from its dissolution on are not due.
  const open = (unit: OrgUnitDocument) => unit.dissolvedOn === null || unit.dissolvedOn > bounds.from;
  const dueWhileOpen = (unit: OrgUnitDocument) => (subPeriod: string) =>
    unit.dissolvedOn === null || boundsOf(subPeriod).from < unit.dissolvedOn;

  const itemFor = (unit: OrgUnitDocument, branchId: string): MeetingComplianceItem => {
    const branchMembers = membersOf.get(branchId) ?? [];
    const judged = (meetingsOf.get(unit.unitId) ?? []).map((meeting) => judgeMeeting(meeting, branchMembers));
    const kinds = unit.kind === 'group' ? GROUP_KINDS : branchKinds;
    const counts = kinds.map((kind) => {
      let due = subPeriodsOf(rulePack.cadence[kind]).filter(dueWhileOpen(unit));
      if (kind === 'branch-committee') {
        due = due.filter((subPeriod) => hadCommitteeDuring(branchMembers, unit.unitId, boundsOf(subPeriod)));
      }
      const valid = judged.filter((entry) => entry.valid && entry.meeting.kind === kind).map((entry) => entry.meeting);
      const met = due.filter((subPeriod) => valid.some((meeting) => meeting[rulePack.cadence[kind]] === subPeriod));
      return {
        kind: kind as ComplianceKind,
        required: due.length,
        held: valid.length,
        satisfied: met.length,
        missing: due
          .filter((subPeriod) => !met.includes(subPeriod))
          .map((subPeriod) => ({ code: MISSING[kind], detail: `No valid ${kind} in ${subPeriod}` })),
      };
    });
    if (unit.kind === 'branch') {
      const perQuarter = policy.lecturesPerBranchPerQuarter;
      const given = lecturesOf.get(unit.unitId) ?? [];
      const due = perQuarter > 0 ? subPeriodsOf('quarter').filter(dueWhileOpen(unit)) : [];
      const short = due
        .map((quarter) => ({ quarter, count: given.filter((lecture) => lecture.quarter === quarter).length }))
        .filter(({ count }) => count < perQuarter);
      counts.push({
        kind: LECTURE,
        required: due.length,
        held: given.length,
        satisfied: due.length - short.length,
        missing: short.map(({ quarter, count }) => ({
          code: MISSING[LECTURE],
          detail: `${count} of ${perQuarter} party lectures in ${quarter}`,
        })),
      });
    }
    const required = counts.reduce((sum, count) => sum + count.required, 0);
    const satisfied = counts.reduce((sum, count) => sum + count.satisfied, 0);
    return {
      unitId: unit.unitId,
      name: unit.name,
      kind: unit.kind === 'group' ? 'group' : 'branch',
      branchId,
      required: Object.fromEntries(counts.map((count) => [count.kind, count.required])),
      held: Object.fromEntries(counts.map((count) => [count.kind, count.held])),
      satisfied: Object.fromEntries(counts.map((count) => [count.kind, count.satisfied])),
      ratio: required ? satisfied / required : null,
      findings: [...judged.flatMap((entry) => entry.findings), ...counts.flatMap((count) => count.missing)],
    };
  };

  const openBranchIds = new Set(branches.filter(open).map((branch) => branch.unitId));
  const openGroups = groups.filter(open);
  return {
    hospitalId,
    periodId,
    rulePack: rulePack.id,
    lecturesPerBranchPerQuarter: policy.lecturesPerBranchPerQuarter,
    // Each branch followed by its groups; a group whose branch is not reported comes last.
    items: [
      ...branches
        .filter(open)
        .flatMap((branch) => [
          itemFor(branch, branch.unitId),
          ...openGroups
            .filter((group) => group.parentId === branch.unitId)
            .map((group) => itemFor(group, branch.unitId)),
        ]),
      ...openGroups
        .filter((group) => group.parentId === null || !openBranchIds.has(group.parentId))
        .map((group) => itemFor(group, group.parentId ?? group.unitId)),
    ],
  };
}

/** Quorum for the kinds that have one, and votes at a general assembly; other kinds are valid as recorded. */
function judgeMeeting(meeting: MeetingDocument, branchMembers: readonly MemberRecord[]): Judged {
  const { meetingId, kind, unitId, heldOn } = meeting;
  const presentMembers = presentAt(meeting);
  const present = (among: readonly MemberRecord[]) =>
    among.filter((member) => presentMembers.has(member.memberId)).length;
  if (kind === 'branch-committee') {
    const committee = committeeOn(branchMembers, unitId, heldOn);
    const attending = present(committee);
    if (quorumMet(attending, committee.length)) return { meeting, valid: true, findings: [] };
    const detail = `Branch committee meeting on ${heldOn}: ${attending} of ${committee.length} committee members present; at least half needed`;
    return { meeting, valid: false, findings: [{ code: 'QUORUM_NOT_MET', meetingId, detail }] };
  }
  if (kind !== 'general-assembly') return { meeting, valid: true, findings: [] };

  const voters = votingMembersOn(branchMembers, unitId, heldOn);
  const presentVoters = present(voters);
  const valid = quorumMet(presentVoters, voters.length);
  const findings: MeetingComplianceFinding[] = valid
    ? []
    : [
        {
          code: 'QUORUM_NOT_MET',
          meetingId,
          detail: `General assembly on ${heldOn}: ${presentVoters} of ${voters.length} voting members present; at least half needed`,
        },
      ];
  for (const vote of meeting.votes) {
    if (voteCarried(vote, voters.length, presentVoters)) continue;
    const detail = vote.election
      ? `Election "${vote.motion}" on ${heldOn}: ${presentVoters} of ${voters.length} voting members present (more than four fifths needed), ${vote.yes} yes (more than half of those present needed)`
      : `Motion "${vote.motion}" on ${heldOn}: ${vote.yes} yes of ${voters.length} voting members; more than half needed`;
    findings.push({ code: 'VOTE_NOT_CARRIED', meetingId, detail });
  }
  return { meeting, valid, findings };
}

function memoized<K, V>(compute: (key: K) => V): (key: K) => V {
  const values = new Map<K, V>();
  return (key) => {
    if (!values.has(key)) values.set(key, compute(key));
    return values.get(key)!;
  };
}

function groupBy<T>(entries: readonly (readonly [string, T])[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const [key, value] of entries) {
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
