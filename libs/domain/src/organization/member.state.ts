import type { CalendarDate } from '../shared/time';
import type { MemberStatus, Post } from './member.events';
import type { UnitFacts } from './org-unit.state';

/** Membership of a branch (and optionally one of its groups) from a date until the next transfer or leaving. */
export interface Membership {
  readonly branchId: string;
  readonly groupId: string | null;
  readonly from: CalendarDate;
  /** Exclusive: the day the member moved on. */
  readonly until: CalendarDate | null;
}

export interface PostTerm {
  readonly post: Post;
  readonly unitId: string;
  readonly from: CalendarDate;
  /** Inclusive last day; null while held. */
  readonly to: CalendarDate | null;
}

/** A member's whole effective-dated history, so "who belonged, and who could vote, on date T" is a lookup. */
export interface MemberRecord {
  readonly memberId: string;
  readonly name: string;
  readonly hospitalId: string;
  readonly departmentHead: boolean;
  readonly joinedPartyOn: CalendarDate;
  readonly memberships: readonly Membership[];
  /** Sorted by date; each status holds from its date until the next. */
  readonly statuses: readonly { readonly status: MemberStatus; readonly from: CalendarDate }[];
  readonly posts: readonly PostTerm[];
}

export type MemberState =
  { readonly status: 'unknown' } | { readonly status: 'registered'; readonly member: MemberRecord };

export const initialMemberState: MemberState = { status: 'unknown' };

export function statusOn(member: MemberRecord, date: CalendarDate): MemberStatus | null {
  let current: MemberStatus | null = null;
  for (const entry of member.statuses) if (entry.from <= date) current = entry.status;
  return current;
}

/** The branch membership on a date, if the member belonged anywhere and had not left. */
export function membershipOn(member: MemberRecord, date: CalendarDate): Membership | null {
  const status = statusOn(member, date);
  if (status === null || status === 'left') return null;
  return member.memberships.find((m) => m.from <= date && (m.until === null || date < m.until)) ?? null;
}

/** Only 正式党员 vote. */
export function canVoteOn(member: MemberRecord, date: CalendarDate): boolean {
  return membershipOn(member, date) !== null && statusOn(member, date) === 'full';
}

export function postsOn(member: MemberRecord, date: CalendarDate): PostTerm[] {
  return member.posts.filter((term) => term.from <= date && (term.to === null || date <= term.to));
}

/**
 * Member of a unit on a date: of its branch or group, or of a branch below it (a general branch or committee
 * counts everyone beneath). `branchAncestors` gives the units above each branch.
 */
export function isMemberOfUnitOn(
  member: MemberRecord,
  unit: Pick<UnitFacts, 'unitId' | 'kind'>,
  date: CalendarDate,
  branchAncestors: Readonly<Record<string, readonly string[]>>,
): boolean {
  const membership = membershipOn(member, date);
  if (!membership) return false;
  if (unit.kind === 'group') return membership.groupId === unit.unitId;
  if (unit.kind === 'branch') return membership.branchId === unit.unitId;
  return (branchAncestors[membership.branchId] ?? []).includes(unit.unitId);
}
