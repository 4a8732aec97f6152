import { Inject, Injectable } from '@nestjs/common';
import {
  memberDecider,
  memberStreamId,
  membershipOn,
  orgUnitDecider,
  orgUnitStreamId,
  type CalendarDate,
  type DomainEvent,
  type MemberRecord,
  type MemberEvent,
  type MemberState,
  type OrgUnitEvent,
  type OrgUnitState,
  type UnitFacts,
} from '@app/domain';
import { UPCAST_EVENT_STORE, catchUpState, type EventStore, type FoldedState, type StateFold } from '@app/event-store';
import { LRUCache } from 'lru-cache';

/** Units nest at most committee > general-branch > branch > group; a longer chain is corrupt data. */
const MAX_DEPTH = 4;
/** Unit and member streams whose folded state is kept per kind; the demo city has about 1,400 in all. */
const CACHED_STREAMS = 20_000;

/**
 * The cross-aggregate facts a command needs, read from the unit and member streams just before deciding, so
 * they are as fresh as the log (no projection lag) and deciders never fetch.
 */
@Injectable()
export class OrganizationFacts {
  private readonly unitStates: FoldedStreams<OrgUnitEvent, OrgUnitState>;
  private readonly memberStates: FoldedStreams<MemberEvent, MemberState>;

  constructor(@Inject(UPCAST_EVENT_STORE) store: EventStore) {
    this.unitStates = new FoldedStreams(store, orgUnitDecider);
    this.memberStates = new FoldedStreams(store, memberDecider);
  }

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
    const state = await this.memberStates.current(memberStreamId(memberId));
    return state.status === 'registered' ? state.member : null;
  }

  /** Every named member's record (null for unknown ids), each stream read once. */
  async members(memberIds: readonly string[]): Promise<Record<string, MemberRecord | null>> {
    const unique = [...new Set(memberIds)];
    const records = await Promise.all(unique.map((id) => this.member(id)));
    return Object.fromEntries(unique.map((id, index) => [id, records[index]]));
  }

  /**
   * The units above each branch these members belonged to on a date, for "member of a committee" checks. `known` is
   * a unit the command has just read (its own branch, usually), so its streams are not read twice.
   */
  async branchAncestors(
    people: Readonly<Record<string, MemberRecord | null>>,
    date: CalendarDate,
    known: UnitFacts | null = null,
  ): Promise<Record<string, readonly string[]>> {
    const branchIds = new Set<string>();
    for (const member of Object.values(people)) {
      const membership = member && membershipOn(member, date);
      if (membership) branchIds.add(membership.branchId);
    }
    const entries = await Promise.all(
      [...branchIds].map(async (branchId) => {
        const branch = branchId === known?.unitId ? known : await this.unit(branchId);
        return [branchId, branch?.ancestors ?? []] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  private async unitRecord(unitId: string) {
    const state = await this.unitStates.current(orgUnitStreamId(unitId));
    return state.status === 'established' ? state.unit : null;
  }
}

/**
 * Each stream's state as last folded, with the revision it was folded to, so a call reads only the events appended
 * since: as fresh as the log without reading a stream twice. The least recently used streams make way past the bound.
 */
class FoldedStreams<Event extends DomainEvent, State> {
  private readonly folded = new LRUCache<string, FoldedState<State>>({ max: CACHED_STREAMS });

  constructor(
    private readonly store: EventStore,
    private readonly decider: StateFold<Event, State>,
  ) {}

  async current(streamId: string): Promise<State> {
    const latest = await catchUpState(this.store, streamId, this.decider, this.folded.get(streamId));
    // Concurrent calls on one stream may finish in either order: the cache keeps the furthest, never goes back.
    if (latest.revision > (this.folded.peek(streamId)?.revision ?? 0)) this.folded.set(streamId, latest);
    return latest.state;
  }
}
