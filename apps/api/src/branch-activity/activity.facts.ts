import { DEFAULT_TIME_ZONE, localDate, type ActivityFacts } from '@app/domain';
import type { OrganizationFacts } from '../shared/organization-facts';

/**
 * The world a branch activity is decided against: its unit, everyone it names, and the branches above them on
 * the activity's date in the unit's own time zone (`at` is an instant, or a `YYYY-MM-DD` date taken as is).
 */
export async function resolveActivityFacts(
  facts: OrganizationFacts,
  unitId: string | null,
  at: string | null,
  memberIds: readonly string[],
): Promise<ActivityFacts> {
  const [unit, people] = await Promise.all([facts.unit(unitId), facts.members(memberIds)]);
  const on = at === null ? null : at.length === 10 ? at : localDate(at, unit?.timeZone ?? DEFAULT_TIME_ZONE);
  return {
    unit,
    people,
    branchAncestors: on === null ? {} : await facts.branchAncestors(people, on, unit),
    now: new Date().toISOString(),
  };
}
