import type { DomainError } from '../shared/domain-error';
import { localDate, type CalendarDate } from '../shared/time';
import { isMemberOfUnitOn, type MemberRecord } from '../organization/member.state';
import { orgUnitDissolved, orgUnitNotFound } from '../organization/org-unit.errors';
import { isActiveOn, type UnitFacts } from '../organization/org-unit.state';

/** The world a branch activity is judged against, resolved before deciding. */
export interface ActivityFacts {
  /** The unit the activity is recorded in; null when it does not exist. */
  readonly unit: UnitFacts | null;
  /** Every person the command names, by member id; null (or absent) when not registered. */
  readonly people: Readonly<Record<string, MemberRecord | null>>;
  /** The units above each branch, so a committee counts every member beneath it. */
  readonly branchAncestors: Readonly<Record<string, readonly string[]>>;
  readonly now: string;
}

/**
 * The unit an activity is recorded in, and the activity's calendar date there (an instant is read in the unit's
 * time zone, a `YYYY-MM-DD` date as is): the unit must exist and not be dissolved by that date.
 */
export function activityUnitOn(
  unitId: string,
  unit: UnitFacts | null,
  at: string,
): { readonly unit: UnitFacts; readonly on: CalendarDate } {
  if (!unit || unit.unitId !== unitId) throw orgUnitNotFound(unitId);
  const on = at.length === 10 ? at : localDate(at, unit.timeZone);
  if (!isActiveOn(unit, on)) throw orgUnitDissolved(unitId);
  return { unit, on };
}

/** Everyone named must have belonged to the unit (or a branch below it) on the activity's date. */
export function assertMembersOfUnitOn(
  memberIds: readonly string[],
  unit: UnitFacts,
  on: CalendarDate,
  { people, branchAncestors }: Pick<ActivityFacts, 'people' | 'branchAncestors'>,
  notMember: (memberId: string, unitId: string, on: CalendarDate) => DomainError,
): void {
  for (const memberId of memberIds) {
    const member = people[memberId];
    if (!member || !isMemberOfUnitOn(member, unit, on, branchAncestors)) throw notMember(memberId, unit.unitId, on);
  }
}

export function firstDuplicate(ids: readonly string[]): string | undefined {
  return ids.find((id, index) => ids.indexOf(id) !== index);
}
