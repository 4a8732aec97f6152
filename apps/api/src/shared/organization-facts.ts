import { Inject, Injectable } from '@nestjs/common';
import {
  memberDecider,
  memberStreamId,
  membershipOn,
  orgUnitDecider,
  orgUnitStreamId,
  type CalendarDate,
  type MemberRecord,
  type UnitFacts,
} from '@app/domain';
import { UPCAST_EVENT_STORE, loadState, type EventStore } from '@app/event-store';

/** Units nest at most committee > general-branch > branch > group; a longer chain is corrupt data. */
const MAX_DEPTH = 4;

/**
 * The cross-aggregate facts a command needs, read from the unit and member streams just before deciding, so
 * they are as fresh as the log (no projection lag) and deciders never fetch.
 */
@Injectable()
export class OrganizationFacts {
  constructor(@Inject(UPCAST_EVENT_STORE) private readonly store: EventStore) {}

  async unit(unitId: string | null | undefined): Promise<UnitFacts | null> {
    if (!unitId) return null;
    const found = await this.unitRecord(unitId);
    if (!found) return null;
    const ancestors: string[] = [];
    for (let parentId = found.parentId; parentId && ancestors.length < MAX_DEPTH;) {
      ancestors.push(parentId);
      parentId = (await this.unitRecord(parentId))?.parentId ?? null;
    }
    return { ...found, ancestors };
  }

  async member(memberId: string | null | undefined): Promise<MemberRecord | null> {
    if (!memberId) return null;
    const { state } = await loadState(this.store, memberStreamId(memberId), memberDecider);
    return state.status === 'registered' ? state.member : null;
  }

  /** Every named member's record (null for unknown ids), each stream read once. */
  async members(memberIds: readonly string[]): Promise<Record<string, MemberRecord | null>> {
    const unique = [...new Set(memberIds)];
    const records = await Promise.all(unique.map((id) => this.member(id)));
    return Object.fromEntries(unique.map((id, index) => [id, records[index]]));
  }

  /** The units above each branch these members belonged to on a date, for "member of a committee" checks. */
  async branchAncestors(
    people: Readonly<Record<string, MemberRecord | null>>,
    date: CalendarDate,
  ): Promise<Record<string, readonly string[]>> {
    const branchIds = new Set<string>();
    for (const member of Object.values(people)) {
      const membership = member && membershipOn(member, date);
      if (membership) branchIds.add(membership.branchId);
    }
    const entries = await Promise.all(
      [...branchIds].map(async (branchId) => [branchId, (await this.unit(branchId))?.ancestors ?? []] as const),
    );
    return Object.fromEntries(entries);
  }

  private async unitRecord(unitId: string) {
    const { state } = await loadState(this.store, orgUnitStreamId(unitId), orgUnitDecider);
    return state.status === 'established' ? state.unit : null;
  }
}
