import { evolveMember } from '../organization/member.decide';
import type { MemberEvent, MemberRegistered } from '../organization/member.events';
import { initialMemberState, type MemberRecord } from '../organization/member.state';
import type { UnitFacts } from '../organization/org-unit.state';

/** A member's record as the application resolves it: the member's own events folded by its decider. */
export function memberRecord(...events: readonly MemberEvent[]): MemberRecord {
  const state = events.reduce(evolveMember, initialMemberState);
  if (state.status === 'unknown') throw new Error('A member record starts with MemberRegistered');
  return state.member;
}

/** A full member of `branchId` since 2010, unless the overrides say otherwise. */
export function memberRegistered(
  memberId: string,
  branchId: string,
  overrides: Partial<MemberRegistered['data']> = {},
): MemberRegistered {
  return {
    type: 'MemberRegistered',
    data: {
      memberId,
      name: `党员${memberId}`,
      hospitalId: 'pj-central',
      branchId,
      groupId: null,
      status: 'full',
      joinedPartyOn: '2010-07-01',
      joinedBranchOn: '2010-07-01',
      departmentHead: false,
      ...overrides,
    },
  };
}

/** An active branch of the pj-central committee, in Shanghai time, unless the overrides say otherwise. */
export function branchFacts(unitId: string, overrides: Partial<UnitFacts> = {}): UnitFacts {
  return {
    unitId,
    kind: 'branch',
    name: `${unitId}党支部`,
    hospitalId: 'pj-central',
    parentId: 'pj-central-committee',
    category: 'clinical',
    timeZone: 'Asia/Shanghai',
    dissolvedOn: null,
    ancestors: ['pj-central-committee'],
    ...overrides,
  };
}
