import {
  membershipOn,
  postsOn,
  statusOn,
  type BranchCategory,
  type CalendarDate,
  type MemberRecord,
  type RulePack,
  presentAt,
} from '@app/domain';
import type { ReadModelStore } from '../read-model-store.port';
import {
  lecturesProjection,
  meetingsProjection,
  type LectureDocument,
  type MeetingDocument,
} from './branch-activity.projections';
import { rulesFor } from './hospital-policies.projection';
import { membersProjection, type MemberDocument } from './members.projection';
import { listOrgUnits, type OrgUnitDocument } from './org-units.projection';

export type OrganizationFindingCode =
  'BRANCH_TOO_SMALL' | 'BRANCH_TOO_LARGE' | 'COMMITTEE_REQUIRED' | 'MEMBER_INACTIVE_6_MONTHS';

export interface OrganizationFinding {
  readonly code: OrganizationFindingCode;
  readonly memberId?: string;
  readonly detail: string;
}

/** Members of a branch on the report date, by status; members who left are no longer members. */
export interface MembersByStatus {
  readonly full: number;
  readonly probationary: number;
  readonly suspended: number;
  readonly 'party-probation': number;
}

export interface OrganizationReportItem {
  readonly branchId: string;
  readonly name: string;
  readonly category: BranchCategory | null;
  readonly members: MembersByStatus;
  readonly secretary: string | null;
  /** 支委会: the branch secretary and the branch committee members, by member id. */
  readonly committee: readonly string[];
  /** 双带头人: the secretary is also a department head. */
  readonly dualLeader: boolean;
  readonly findings: readonly OrganizationFinding[];
}

export interface OrganizationReport {
  readonly hospitalId: string;
  readonly on: CalendarDate;
  readonly rulePack: string;
  /** Branches whose secretary is a department head ÷ branches with a secretary; null when none has one. */
  readonly dualLeaderRatio: number | null;
  readonly items: readonly OrganizationReportItem[];
}

const COMMITTEE_POSTS: readonly string[] = ['branch-secretary', 'branch-committee-member'];

/**
 * The hospital's branches as they stood on a date: size, secretary, committee, 双带头人, and the findings of
 * the rule pack. Inactivity is judged over the `inactiveMonths` up to the date, from meetings and lectures.
 */
export async function organizationReport(
  readModels: ReadModelStore,
  hospitalId: string,
  on: CalendarDate,
): Promise<OrganizationReport> {
  const { rulePack } = await rulesFor(readModels, hospitalId);
  const windowStart = monthsBefore(on, rulePack.inactiveMonths);
  const year = { $in: yearsFrom(windowStart, on) };
  const [branches, members, meetings, lectures] = await Promise.all([
    listOrgUnits(readModels, { hospitalId, kind: 'branch' }),
    readModels.collection<MemberDocument>(membersProjection.collection).find({ hospitalId }, { sort: { _id: 1 } }),
    readModels.collection<MeetingDocument>(meetingsProjection.collection).find({ hospitalId, year }),
    readModels.collection<LectureDocument>(lecturesProjection.collection).find({ hospitalId, year }),
  ]);
  const inWindow = (date: CalendarDate) => windowStart <= date && date <= on;
  const { active, excused } = participation(
    meetings.filter((meeting) => !meeting.revoked && inWindow(meeting.heldOn)),
    lectures.filter((lecture) => inWindow(lecture.givenOn)),
  );
  const expectedToTakePart = (member: MemberRecord) =>
    belongedThroughout(member, windowStart, on) && !suspendedDuring(member, windowStart, on);

  const items = branches
    .filter((branch) => isOpenOn(branch, on))
    .map((branch): OrganizationReportItem => {
      const belonging = members.filter((member) => membershipOn(member, on)?.branchId === branch.unitId);
      const counts = countByStatus(belonging, on);
      const holders = (posts: readonly string[]) =>
        members
          .filter((member) => membershipOn(member, on) !== null)
          .filter((member) =>
            postsOn(member, on).some((term) => term.unitId === branch.unitId && posts.includes(term.post)),
          );
      const [secretary = null] = holders(['branch-secretary']);
      const committee = holders(COMMITTEE_POSTS).map((member) => member.memberId);
      const inactive = belonging.filter(
        (member) => expectedToTakePart(member) && !active.has(member.memberId) && !excused.has(member.memberId),
      );
      return {
        branchId: branch.unitId,
        name: branch.name,
        category: branch.category,
        members: counts,
        secretary: secretary?.memberId ?? null,
        committee,
        dualLeader: secretary?.departmentHead ?? false,
        findings: [
          ...branchFindings(rulePack, counts, committee.length),
          ...inactive.map((member) => ({
            code: 'MEMBER_INACTIVE_6_MONTHS' as const,
            memberId: member.memberId,
            detail: `No meeting or lecture attended from ${windowStart} to ${on}, and no reason given`,
          })),
        ],
      };
    });

  return { hospitalId, on, rulePack: rulePack.id, dualLeaderRatio: dualLeaderRatioOf(items), items };
}

/** 双带头人 ratio over branch lines: dual-leader branches ÷ branches with a secretary; null when none has one. */
export function dualLeaderRatioOf(
  items: readonly { readonly secretary: string | null; readonly dualLeader: boolean }[],
): number | null {
  const withSecretary = items.filter((item) => item.secretary !== null);
  return withSecretary.length ? withSecretary.filter((item) => item.dualLeader).length / withSecretary.length : null;
}

function branchFindings(rulePack: RulePack, counts: MembersByStatus, committeeSize: number): OrganizationFinding[] {
  const { minFullMembers, maxMembers, committeeRequiredFromFullMembers, committeeSize: size } = rulePack.branch;
  const total = counts.full + counts.probationary + counts.suspended + counts['party-probation'];
  const findings: OrganizationFinding[] = [];
  if (counts.full < minFullMembers) {
    findings.push({
      code: 'BRANCH_TOO_SMALL',
      detail: `${counts.full} full members, fewer than the ${minFullMembers} a branch needs`,
    });
  }
  if (total > maxMembers) {
    findings.push({ code: 'BRANCH_TOO_LARGE', detail: `${total} members, more than ${maxMembers}` });
  }
  // Below the threshold a branch may be led by its secretary alone, so its committee's size is not judged.
  if (counts.full >= committeeRequiredFromFullMembers) {
    if (committeeSize === 0) {
      findings.push({
        code: 'COMMITTEE_REQUIRED',
        detail: `${counts.full} full members and no branch committee`,
      });
    } else if (committeeSize < size.min || committeeSize > size.max) {
      findings.push({
        code: 'COMMITTEE_REQUIRED',
        detail: `${counts.full} full members and a branch committee of ${committeeSize}, outside ${size.min}–${size.max}`,
      });
    }
  }
  return findings;
}

function countByStatus(members: readonly MemberRecord[], on: CalendarDate): MembersByStatus {
  const counts = { full: 0, probationary: 0, suspended: 0, 'party-probation': 0 };
  for (const member of members) {
    const status = statusOn(member, on);
    if (status !== null && status !== 'left') counts[status] += 1;
  }
  return counts;
}

/** Who attended, hosted or lectured (active), and who was absent with a reason given (excused). */
function participation(
  meetings: readonly MeetingDocument[],
  lectures: readonly LectureDocument[],
): { readonly active: ReadonlySet<string>; readonly excused: ReadonlySet<string> } {
  const active = new Set<string>();
  const excused = new Set<string>();
  for (const meeting of meetings) {
    for (const memberId of presentAt(meeting)) active.add(memberId);
    for (const { memberId, reason } of meeting.absentees) if (hasReason(reason)) excused.add(memberId);
  }
  for (const lecture of lectures) {
    for (const memberId of lecture.lecturerIds) active.add(memberId);
    for (const memberId of lecture.attendeeIds) active.add(memberId);
  }
  return { active, excused };
}

/** An absence counts as excused only with a reason that says something. */
export function hasReason(reason: string | null | undefined): boolean {
  return (reason ?? '').trim().length > 0;
}

function isOpenOn(branch: OrgUnitDocument, on: CalendarDate): boolean {
  return branch.dissolvedOn === null || on < branch.dissolvedOn;
}

/**
 * The dates in `[from, to]` on which a member's standing can change: `from` itself and every membership or
 * status boundary after it. Between two of them, membership and status stay as they were.
 */
function standingChanges(member: MemberRecord, from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const boundaries = [
    ...member.memberships.flatMap((membership) => [membership.from, membership.until ?? from]),
    ...member.statuses.map((entry) => entry.from),
  ];
  return [from, ...new Set(boundaries.filter((date) => from < date && date <= to))].sort();
}

/** A member of some branch on every day of `[from, to]`. */
export function belongedThroughout(member: MemberRecord, from: CalendarDate, to: CalendarDate): boolean {
  return standingChanges(member, from, to).every((date) => membershipOn(member, date) !== null);
}

/** The branch a member last belonged to within `[from, to]`, or null if they belonged nowhere in it. */
export function lastBranchWithin(member: MemberRecord, from: CalendarDate, to: CalendarDate): string | null {
  const dates = standingChanges(member, from, to).reverse();
  for (const date of dates) {
    const membership = membershipOn(member, date);
    if (membership) return membership.branchId;
  }
  return null;
}

/** 留置/逮捕 (suspended) at any time in the window is a reason not to take part. */
function suspendedDuring(member: MemberRecord, from: CalendarDate, to: CalendarDate): boolean {
  return standingChanges(member, from, to).some((date) => statusOn(member, date) === 'suspended');
}

/** The same day `months` calendar months earlier, clamped to the end of a shorter month (08-31 → 02-29). */
export function monthsBefore(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

/** The calendar years `YYYY` a date range touches, to query activity by its indexed `year`. */
function yearsFrom(from: CalendarDate, to: CalendarDate): string[] {
  const years: string[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) years.push(String(year));
  return years;
}
