import { evolveMember, type MemberEvent, type MemberRecord } from '@app/domain';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../read-model-store.port';

export interface MemberDocument extends MemberRecord {
  readonly _id: string;
  /** Every branch the member ever belonged to, for "members of this branch" lookups. */
  readonly branchIds: readonly string[];
}

const MEMBER_EVENTS = ['MemberRegistered', 'MemberStatusChanged', 'MemberTransferred', 'PostAssigned', 'PostEnded'];

/** Members with their effective-dated history, folded by the domain's own `evolveMember`. */
export const membersProjection: Projection<MemberDocument> = {
  name: 'members',
  version: 1,
  collection: 'members',
  indexes: [{ fields: ['hospitalId'] }, { fields: ['branchIds'] }],
  handles: MEMBER_EVENTS,
  documentIds: (event) => [(event.data as MemberEvent['data']).memberId],
  evolve(document, recorded) {
    const event = { type: recorded.type, data: recorded.data } as MemberEvent;
    const state = evolveMember(document ? { status: 'registered', member: document } : { status: 'unknown' }, event);
    if (state.status === 'unknown') return document;
    const { member } = state;
    return { ...member, _id: member.memberId, branchIds: [...new Set(member.memberships.map((m) => m.branchId))] };
  },
};

export function findMember(readModels: ReadModelStore, memberId: string): Promise<MemberDocument | null> {
  return readModels.collection<MemberDocument>(membersProjection.collection).get(memberId);
}
