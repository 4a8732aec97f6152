import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import { assertNotInFuture, type CalendarDate } from '../shared/time';
import type { AssignPost, MemberCommand, RegisterMember, TransferMember } from './member.commands';
import {
  alreadyInBranch,
  groupNotInBranch,
  invalidMemberDates,
  memberAlreadyRegistered,
  memberLeft,
  memberNotFound,
  postHolderNotMember,
  postLevelMismatch,
  postNotHeld,
  branchInOtherHospital,
  groupInOtherHospital,
  transferAcrossHospitals,
} from './member.errors';
import type { MemberEvent, Post } from './member.events';
import { initialMemberState, membershipOn, statusOn, type MemberRecord, type MemberState } from './member.state';
import { orgUnitDissolved, orgUnitNotFound, unitNotOfKind } from './org-unit.errors';
import { isActiveOn, type UnitFacts } from './org-unit.state';

export const POST_LEVEL: Readonly<Record<Post, UnitFacts['kind']>> = {
  'committee-secretary': 'committee',
  'committee-member': 'committee',
  'branch-secretary': 'branch',
  'branch-committee-member': 'branch',
  'group-leader': 'group',
};

export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  if (event.type === 'MemberRegistered') {
    const { memberId, name, hospitalId, departmentHead, joinedPartyOn, branchId, groupId, joinedBranchOn, status } =
      event.data;
    return {
      status: 'registered',
      member: {
        memberId,
        name,
        hospitalId,
        departmentHead,
        joinedPartyOn,
        memberships: [{ branchId, groupId, from: joinedBranchOn, until: null }],
        statuses: [{ status, from: joinedPartyOn }],
        posts: [],
      },
    };
  }
  if (state.status === 'unknown') return state;
  return { status: 'registered', member: evolveRecord(state.member, event) };
}

function evolveRecord(member: MemberRecord, event: Exclude<MemberEvent, { type: 'MemberRegistered' }>): MemberRecord {
  switch (event.type) {
    case 'MemberStatusChanged': {
      const { status, effectiveOn } = event.data;
      const statuses = [...member.statuses, { status, from: effectiveOn }].sort((a, b) =>
        a.from < b.from ? -1 : a.from > b.from ? 1 : 0,
      );
      return { ...member, statuses };
    }
    case 'MemberTransferred': {
      const { toBranchId, toGroupId, effectiveOn } = event.data;
      const memberships = member.memberships.map((m) => (m.until === null ? { ...m, until: effectiveOn } : m));
      return {
        ...member,
        memberships: [...memberships, { branchId: toBranchId, groupId: toGroupId, from: effectiveOn, until: null }],
      };
    }
    case 'PostAssigned': {
      const { post, unitId, from, to } = event.data;
      return { ...member, posts: [...member.posts, { post, unitId, from, to }] };
    }
    case 'PostEnded': {
      const { post, unitId, on } = event.data;
      const posts = member.posts.map((term) => (isOpenTerm(term, post, unitId) ? { ...term, to: on } : term));
      return { ...member, posts };
    }
    default:
      return assertNever(event);
  }
}

export function decideMember(command: MemberCommand, state: MemberState): MemberEvent[] {
  if (command.type === 'RegisterMember') {
    if (state.status !== 'unknown') throw memberAlreadyRegistered(command.memberId);
    return register(command);
  }
  if (state.status === 'unknown') throw memberNotFound(command.memberId);
  const { member } = state;
  switch (command.type) {
    case 'ChangeMemberStatus': {
      const { memberId, status, effectiveOn, reason, now } = command;
      assertNotInFuture('effectiveOn', effectiveOn, now);
      assertNoPii({ reason });
      if (effectiveOn < member.joinedPartyOn)
        throw invalidMemberDates('A status cannot change before the member joined the Party');
      if (statusOn(member, effectiveOn) === status) return [];
      return [{ type: 'MemberStatusChanged', data: { memberId, status, effectiveOn, reason } }];
    }
    case 'TransferMember':
      return transfer(command, member);
    case 'AssignPost':
      return assignPost(command, member);
    case 'EndPost': {
      const { memberId, post, unitId, on, now } = command;
      assertNotInFuture('on', on, now);
      const term = member.posts.find((candidate) => isOpenTerm(candidate, post, unitId));
      if (!term) throw postNotHeld(post, unitId);
      if (on < term.from) throw invalidMemberDates('A post cannot end before it began');
      return [{ type: 'PostEnded', data: { memberId, post, unitId, on } }];
    }
    default:
      return assertNever(command);
  }
}

function register(command: RegisterMember): MemberEvent[] {
  const { branch, group, now, type: _type, ...data } = command;
  assertNotInFuture('joinedPartyOn', data.joinedPartyOn, now);
  assertNotInFuture('joinedBranchOn', data.joinedBranchOn, now);
  assertNoPii({ name: data.name });
  if (data.joinedBranchOn < data.joinedPartyOn) throw invalidMemberDates('joinedBranchOn cannot precede joinedPartyOn');
  if (branch && branch.hospitalId !== data.hospitalId) throw branchInOtherHospital(data.branchId, data.hospitalId);
  checkBranchAndGroup(data.branchId, branch, data.groupId, group, data.joinedBranchOn);
  return [{ type: 'MemberRegistered', data }];
}

function transfer(command: TransferMember, member: MemberRecord): MemberEvent[] {
  const { memberId, toBranchId, toGroupId, effectiveOn, toBranch, toGroup, now } = command;
  assertNotInFuture('effectiveOn', effectiveOn, now);
  const current = membershipOn(member, effectiveOn);
  if (!current) throw memberLeft(memberId, effectiveOn);
  if (current.branchId === toBranchId && current.groupId === toGroupId) throw alreadyInBranch(memberId, toBranchId);
  if (effectiveOn <= current.from) throw invalidMemberDates('A transfer must come after the current membership began');
  if (member.memberships.some((m) => m.from > effectiveOn))
    throw invalidMemberDates('A later transfer is already recorded');
  if (toBranch && toBranch.hospitalId !== member.hospitalId) throw transferAcrossHospitals(memberId, toBranchId);
  checkBranchAndGroup(toBranchId, toBranch, toGroupId, toGroup, effectiveOn);
  return [
    {
      type: 'MemberTransferred',
      data: { memberId, fromBranchId: current.branchId, toBranchId, toGroupId, effectiveOn },
    },
  ];
}

function assignPost(command: AssignPost, member: MemberRecord): MemberEvent[] {
  const { memberId, post, unitId, from, to, unit, now } = command;
  assertNotInFuture('from', from, now);
  if (to !== null && to < from) throw invalidMemberDates('A post cannot end before it begins');
  if (!unit) throw orgUnitNotFound(unitId);
  if (!isActiveOn(unit, from)) throw orgUnitDissolved(unitId);
  if (unit.kind !== POST_LEVEL[post]) throw postLevelMismatch(post, unit.kind);
  const membership = membershipOn(member, from);
  const belongs =
    membership !== null &&
    (unit.kind === 'committee'
      ? member.hospitalId === unit.hospitalId
      : unit.kind === 'group'
        ? membership.groupId === unitId
        : membership.branchId === unitId);
  if (!belongs) throw postHolderNotMember(memberId, unitId);
  if (member.posts.some((term) => isOpenTerm(term, post, unitId))) return [];
  return [{ type: 'PostAssigned', data: { memberId, post, unitId, from, to } }];
}

function checkBranchAndGroup(
  branchId: string,
  branch: UnitFacts | null,
  groupId: string | null,
  group: UnitFacts | null,
  on: CalendarDate,
): void {
  if (!branch) throw orgUnitNotFound(branchId);
  if (branch.kind !== 'branch') throw unitNotOfKind(branchId, 'branch');
  if (!isActiveOn(branch, on)) throw orgUnitDissolved(branchId);
  if (groupId === null) return;
  if (!group) throw orgUnitNotFound(groupId);
  if (group.kind !== 'group') throw unitNotOfKind(groupId, 'group');
  if (group.hospitalId !== branch.hospitalId) throw groupInOtherHospital(groupId, branch.hospitalId);
  if (group.parentId !== branchId) throw groupNotInBranch(groupId, branchId);
  if (!isActiveOn(group, on)) throw orgUnitDissolved(groupId);
}

function isOpenTerm(
  term: { post: Post; unitId: string; to: CalendarDate | null },
  post: Post,
  unitId: string,
): boolean {
  return term.post === post && term.unitId === unitId && term.to === null;
}

export const memberDecider: Decider<MemberCommand, MemberEvent, MemberState> = {
  initialState: initialMemberState,
  evolve: evolveMember,
  decide: decideMember,
};

export const memberStreamId = (memberId: string) => `member-${memberId}`;
