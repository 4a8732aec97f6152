import {
  isMemberOfUnitOn,
  statusOn,
  type BranchCategory,
  type CalendarDate,
  type MemberRecord,
  type MemberStatus,
  type Post,
} from '@app/domain';
import { branchIdFor, committeeIdFor, generalBranchIdFor, groupIdFor } from './demo-ids';
import { addDays, type DemoWindow } from './calendar';
import type { DepartmentSpec, HospitalSpec } from './city-directory';
import { randomFor, type Random } from './random';

/**
 * Who belongs where, and when: the org units and members of one hospital with their whole effective-dated
 * history (posts, status changes, a transfer on retirement), planned before any request is written so every
 * meeting, call and sheet can name only people who belonged on its date.
 */
export interface HospitalPlan {
  readonly spec: HospitalSpec;
  readonly committeeId: string;
  readonly generalBranches: readonly { readonly unitId: string; readonly name: string }[];
  readonly branches: readonly BranchPlan[];
  readonly members: readonly PlannedMember[];
  /** 党委书记 and 党委委员: the hospital's assessors. */
  readonly committeeSecretaryId: string;
  readonly committeeMemberIds: readonly string[];
}

export interface BranchPlan {
  readonly unitId: string;
  readonly hospitalId: string;
  readonly name: string;
  readonly parentId: string;
  readonly category: BranchCategory;
  readonly spec: DepartmentSpec;
  readonly groups: readonly GroupPlan[];
  readonly secretaryId: string;
  /** 支部委员 besides the secretary; empty for a branch below seven full members, which needs no committee. */
  readonly committeeMemberIds: readonly string[];
  /** Everyone who belongs to the branch at some time in the window, transfers in included. */
  readonly members: readonly PlannedMember[];
}

export interface GroupPlan {
  readonly unitId: string;
  readonly name: string;
  readonly leaderId: string;
}

export interface PlannedMember {
  readonly memberId: string;
  readonly name: string;
  readonly hospitalId: string;
  readonly branchId: string;
  readonly groupId: string | null;
  readonly status: 'full' | 'probationary';
  readonly joinedPartyOn: CalendarDate;
  readonly joinedBranchOn: CalendarDate;
  readonly departmentHead: boolean;
  readonly posts: readonly { readonly post: Post; readonly unitId: string; readonly from: CalendarDate }[];
  readonly statusChanges: readonly StatusChange[];
  readonly transfer: {
    readonly toBranchId: string;
    readonly toGroupId: string | null;
    readonly effectiveOn: CalendarDate;
  } | null;
  /** From this date the member drifts away: no meeting, lecture, call or clinic, and no reason given. */
  readonly inactiveFrom: CalendarDate | null;
  /** The same history as the domain keeps it, so dates are judged by the domain's own membershipOn and statusOn. */
  readonly record: MemberRecord;
}

export interface StatusChange {
  readonly status: MemberStatus;
  readonly effectiveOn: CalendarDate;
  readonly reason: string;
}

const CHINESE_NUMERALS = ['一', '二', '三', '四'];
const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯欣怡佳悦晨阳雪琳婷颖博晓东海波丹宁蕾昊天瑞雨航',
];

const PROBATION_DAYS = 365;
const CONVERSION_REASON = '预备期满，经支部党员大会讨论通过，按期转为正式党员';
const LEAVING_REASONS = ['工作调动，组织关系转出至外市', '调离本系统，组织关系随转'];
const SUSPENSION_REASON = '被监察机关依法留置，暂停行使党员权利';
const PARTY_PROBATION_REASON = '违反中央八项规定精神，受到留党察看一年处分';
const PARTY_PROBATION_END_REASON = '留党察看期满，确已改正错误，恢复党员权利';

/** A branch this large splits into 党小组 of about eight. */
const GROUPS_FROM_MEMBERS = 16;
/** 支委会 from seven members (the rule counts full members; probationary ones turn full within the window). */
const COMMITTEE_FROM_MEMBERS = 7;
/** Only branches this large lose a member to a status change or transfer, so each keeps ≥ 3 full members. */
const CHANGES_FROM_FULL_MEMBERS = 8;
/** Longer than the six months after which 党章 第九条 counts a member as inactive. */
const INACTIVE_DAYS = 215;

interface MutableMember extends Omit<
  PlannedMember,
  'posts' | 'statusChanges' | 'transfer' | 'inactiveFrom' | 'record'
> {
  posts: { post: Post; unitId: string; from: CalendarDate }[];
  statusChanges: StatusChange[];
  transfer: PlannedMember['transfer'];
  inactiveFrom: CalendarDate | null;
}

interface MutableBranch extends Omit<BranchPlan, 'members'> {
  members: MutableMember[];
}

export function planHospital(
  seed: number,
  spec: HospitalSpec,
  window: DemoWindow,
  branchesPerHospital: number | null,
): HospitalPlan {
  const random = randomFor(seed, 'organization', spec.hospitalId);
  const committeeId = committeeIdFor(spec.hospitalId);
  const prefix = spec.code.toLowerCase();
  let sequence = 0;
  const nextMemberId = () => `${prefix}-${String(++sequence).padStart(4, '0')}`;

  const placed = [
    ...spec.generalBranches.flatMap((general) =>
      general.departments.map((department) => ({
        department,
        parentId: generalBranchIdFor(spec.hospitalId, general.slug),
      })),
    ),
    ...spec.departments.map((department) => ({ department, parentId: committeeId })),
  ].slice(0, branchesPerHospital ?? undefined);
  const branches = placed.map(({ department, parentId }) =>
    planBranch(random, spec.hospitalId, department, parentId, window, nextMemberId),
  );
  const generalBranches = spec.generalBranches
    .map((general) => ({ unitId: generalBranchIdFor(spec.hospitalId, general.slug), name: general.name }))
    .filter(({ unitId }) => branches.some((branch) => branch.parentId === unitId));

  const { secretaryId, memberIds } = appointCommittee(random, spec, committeeId, branches, window);
  planLifeEvents(random, branches, window);

  const members = branches.flatMap((branch) => branch.members.filter((member) => member.branchId === branch.unitId));
  const frozen = new Map(members.map((member) => [member.memberId, freeze(member)]));
  return {
    spec,
    committeeId,
    generalBranches,
    branches: branches.map((branch) => ({
      ...branch,
      members: branch.members.map((member) => frozen.get(member.memberId)!),
    })),
    members: [...frozen.values()],
    committeeSecretaryId: secretaryId,
    committeeMemberIds: memberIds,
  };
}

function planBranch(
  random: Random,
  hospitalId: string,
  spec: DepartmentSpec,
  parentId: string,
  window: DemoWindow,
  nextMemberId: () => string,
): MutableBranch {
  const unitId = branchIdFor(hospitalId, spec.slug);
  const size = spec.retirees ? spec.members : Math.max(4, Math.round(spec.members * (0.85 + random.next() * 0.3)));
  const probationary = spec.retirees ? 0 : Math.min(size - 4, Math.floor(size * 0.08 + random.next()));
  const groupCount = size >= GROUPS_FROM_MEMBERS ? Math.min(3, Math.floor(size / 8)) : 0;
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    unitId: groupIdFor(unitId, i + 1),
    name: `${spec.name}第${CHINESE_NUMERALS[i]}党小组`,
  }));
  const secretaryIsHead = !spec.retirees && random.chance(0.7);

  const members: MutableMember[] = Array.from({ length: size }, (_, i) => {
    const isProbationary = i >= size - probationary;
    const joinedPartyOn = isProbationary
      ? addDays(window.firstDay, -random.int(30, PROBATION_DAYS - 35))
      : spec.retirees
        ? randomDate(random, '1968-07-01', '1996-12-31')
        : randomDate(random, '1988-07-01', addDays(window.firstDay, -730));
    const branchFrom = randomDate(random, '2008-01-01', addDays(window.firstDay, -120));
    return {
      memberId: nextMemberId(),
      name: random.pick(SURNAMES) + random.pick(GIVEN) + (random.chance(0.7) ? random.pick(GIVEN) : ''),
      hospitalId,
      branchId: unitId,
      groupId: groups.length ? groups[i % groups.length].unitId : null,
      status: isProbationary ? 'probationary' : 'full',
      joinedPartyOn,
      joinedBranchOn: isProbationary || branchFrom < joinedPartyOn ? joinedPartyOn : branchFrom,
      departmentHead: i === 0 ? secretaryIsHead : i === 1 && !spec.retirees && !secretaryIsHead,
      posts: [],
      statusChanges: [],
      transfer: null,
      inactiveFrom: null,
    };
  });

  // 支部换届: the branch's posts date from its last election, before the window.
  const electedOn = addDays(window.firstDay, -random.int(120, 900));
  const assign = (member: MutableMember, post: Post, unit: string) =>
    member.posts.push({ post, unitId: unit, from: later(electedOn, member.joinedBranchOn) });
  const [secretary] = members;
  assign(secretary, 'branch-secretary', unitId);
  const committee = size >= COMMITTEE_FROM_MEMBERS ? members.slice(1, size >= 15 ? 5 : 3) : [];
  for (const member of committee) assign(member, 'branch-committee-member', unitId);
  const groupPlans = groups.map((group) => {
    const inGroup = members.filter((member) => member.groupId === group.unitId);
    const leader = inGroup.find((member) => member.posts.length === 0) ?? inGroup[0];
    assign(leader, 'group-leader', group.unitId);
    return { ...group, leaderId: leader.memberId };
  });

  for (const member of members.filter((candidate) => candidate.status === 'probationary')) {
    const convertedOn = addDays(member.joinedPartyOn, PROBATION_DAYS);
    if (convertedOn < window.end)
      member.statusChanges.push({ status: 'full', effectiveOn: convertedOn, reason: CONVERSION_REASON });
  }

  return {
    unitId,
    hospitalId,
    name: `${spec.name}党支部`,
    parentId,
    category: spec.category,
    spec,
    groups: groupPlans,
    secretaryId: secretary.memberId,
    committeeMemberIds: committee.map((member) => member.memberId),
    members,
  };
}

/** 党委: the secretary from an administrative branch, members from as many other branches as seats. */
function appointCommittee(
  random: Random,
  spec: HospitalSpec,
  committeeId: string,
  branches: readonly MutableBranch[],
  window: DemoWindow,
): { secretaryId: string; memberIds: string[] } {
  const working = branches.filter((branch) => !branch.spec.retirees);
  const eligible = (branch: MutableBranch) =>
    branch.members.filter((member) => member.status === 'full' && !member.posts.some((p) => p.post === 'group-leader'));
  const secretaryBranch = working.find((branch) => branch.category === 'administrative') ?? working[0];
  const secretary =
    eligible(secretaryBranch).find((member) => member.posts.length === 0) ?? eligible(secretaryBranch)[0];
  const others = random.shuffled(working.filter((branch) => branch !== secretaryBranch));
  const seats = others
    .slice(0, spec.committeeMembers)
    .map((branch) => eligible(branch).find((member) => member.departmentHead) ?? eligible(branch)[0]);
  // 党委换届: every five years; the current committee was elected before the window.
  const electedOn = addDays(window.firstDay, -random.int(400, 1200));
  const assign = (member: MutableMember, post: Post) =>
    member.posts.push({ post, unitId: committeeId, from: later(electedOn, member.joinedBranchOn) });
  assign(secretary, 'committee-secretary');
  for (const member of seats) assign(member, 'committee-member');
  return { secretaryId: secretary.memberId, memberIds: seats.map((member) => member.memberId) };
}

/**
 * A few members leave, fall under discipline or retire during the window, and one drifts away for the last seven
 * months (a 纪检 finding): at most one per branch, only in branches large enough to keep three full members, and
 * never someone holding a post.
 */
function planLifeEvents(random: Random, branches: readonly MutableBranch[], window: DemoWindow): void {
  const retireesBranch = branches.find((branch) => branch.spec.retirees);
  const candidates = random.shuffled(
    branches
      .filter((branch) => !branch.spec.retirees && fullMembersOf(branch) >= CHANGES_FROM_FULL_MEMBERS)
      .flatMap((branch) =>
        branch.members.filter((member) => member.status === 'full' && member.posts.length === 0).slice(0, 1),
      ),
  );
  const total = branches.reduce((sum, branch) => sum + branch.members.length, 0);
  const leaving = Math.max(1, Math.round(total * 0.005));
  const disciplined = Math.max(1, Math.round(total / 400));
  const retiring = retireesBranch ? Math.max(1, Math.round(total / 250)) : 0;
  const dateInWindow = () => randomDate(random, addDays(window.firstDay, 20), addDays(window.end, -20));

  candidates.slice(0, leaving).forEach((member) => {
    member.statusChanges.push({ status: 'left', effectiveOn: dateInWindow(), reason: random.pick(LEAVING_REASONS) });
  });
  candidates.slice(leaving, leaving + disciplined).forEach((member, i) => {
    const effectiveOn = dateInWindow();
    if (i % 2 === 0) {
      member.statusChanges.push({ status: 'suspended', effectiveOn, reason: SUSPENSION_REASON });
      return;
    }
    member.statusChanges.push({ status: 'party-probation', effectiveOn, reason: PARTY_PROBATION_REASON });
    const restoredOn = addDays(effectiveOn, 365);
    if (restoredOn < window.end)
      member.statusChanges.push({ status: 'full', effectiveOn: restoredOn, reason: PARTY_PROBATION_END_REASON });
  });
  const [drifting] = candidates.slice(leaving + disciplined);
  if (drifting) drifting.inactiveFrom = addDays(window.end, -INACTIVE_DAYS);
  if (!retireesBranch) return;
  candidates.slice(leaving + disciplined + 1, leaving + disciplined + 1 + retiring).forEach((member) => {
    member.transfer = {
      toBranchId: retireesBranch.unitId,
      toGroupId: retireesBranch.groups[0]?.unitId ?? null,
      effectiveOn: dateInWindow(),
    };
    retireesBranch.members.push(member);
  });
}

/** Those who belonged to the unit on the date and took part in its life: not a suspended (留置) or drifting member. */
export function takingPartOn(
  members: readonly PlannedMember[],
  unit: { readonly unitId: string; readonly kind: 'branch' | 'group' },
  date: CalendarDate,
): PlannedMember[] {
  return members.filter(
    (member) =>
      isMemberOfUnitOn(member.record, unit, date, {}) &&
      statusOn(member.record, date) !== 'suspended' &&
      (member.inactiveFrom === null || date < member.inactiveFrom),
  );
}

function fullMembersOf(branch: MutableBranch): number {
  return branch.members.filter((member) => member.status === 'full').length;
}

function freeze(member: MutableMember): PlannedMember {
  const { transfer } = member;
  const record: MemberRecord = {
    memberId: member.memberId,
    name: member.name,
    hospitalId: member.hospitalId,
    departmentHead: member.departmentHead,
    joinedPartyOn: member.joinedPartyOn,
    memberships: [
      {
        branchId: member.branchId,
        groupId: member.groupId,
        from: member.joinedBranchOn,
        until: transfer?.effectiveOn ?? null,
      },
      ...(transfer
        ? [{ branchId: transfer.toBranchId, groupId: transfer.toGroupId, from: transfer.effectiveOn, until: null }]
        : []),
    ],
    statuses: [
      { status: member.status, from: member.joinedPartyOn },
      ...member.statusChanges.map(({ status, effectiveOn }) => ({ status, from: effectiveOn })),
    ],
    posts: member.posts.map((term) => ({ ...term, to: null })),
  };
  return { ...member, record };
}

function randomDate(random: Random, from: CalendarDate, to: CalendarDate): CalendarDate {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, random.int(0, Math.max(0, days)));
}

const later = (a: CalendarDate, b: CalendarDate) => (a > b ? a : b);
