import { specFor } from '../testing/given-when-then';
import type { AssignPost, RegisterMember, TransferMember } from './member.commands';
import { memberDecider } from './member.decide';
import type { MemberEvent, MemberRegistered, PostAssigned } from './member.events';
import { canVoteOn, membershipOn, postsOn } from './member.state';
import type { UnitFacts } from './org-unit.state';

const given = specFor(memberDecider);
const now = '2024-06-30T04:00:00.000Z';

const unit = (
  unitId: string,
  kind: UnitFacts['kind'],
  parentId: string | null,
  extra: Partial<UnitFacts> = {},
): UnitFacts => ({
  unitId,
  kind,
  name: unitId,
  hospitalId: 'h1',
  parentId,
  category: null,
  timeZone: 'Asia/Shanghai',
  dissolvedOn: null,
  ancestors: [],
  ...extra,
});
const committee = unit('committee', 'committee', null);
const cardiology = unit('cardiology', 'branch', 'committee');
const cardiologyGroup = unit('cardiology-g1', 'group', 'cardiology');
const surgery = unit('surgery', 'branch', 'committee');
/** A branch and group of another hospital, h2. */
const h2Surgery = unit('h2-surgery', 'branch', 'h2-committee', { hospitalId: 'h2' });
const h2SurgeryGroup = unit('h2-surgery-g1', 'group', 'h2-surgery', { hospitalId: 'h2' });

const registeredData: MemberRegistered['data'] = {
  memberId: 'm1',
  name: '张三',
  hospitalId: 'h1',
  branchId: 'cardiology',
  groupId: 'cardiology-g1',
  status: 'probationary',
  joinedPartyOn: '2020-07-01',
  joinedBranchOn: '2021-01-01',
  departmentHead: true,
};
const register: RegisterMember = {
  type: 'RegisterMember',
  ...registeredData,
  branch: cardiology,
  group: cardiologyGroup,
  now,
};
const registered: MemberEvent = { type: 'MemberRegistered', data: registeredData };
const transfer: TransferMember = {
  type: 'TransferMember',
  memberId: 'm1',
  toBranchId: 'surgery',
  toGroupId: null,
  effectiveOn: '2024-03-01',
  toBranch: surgery,
  toGroup: null,
  now,
};
const assign: AssignPost = {
  type: 'AssignPost',
  memberId: 'm1',
  post: 'branch-secretary',
  unitId: 'cardiology',
  from: '2023-01-01',
  to: null,
  unit: cardiology,
  now,
};
const assigned: PostAssigned = {
  type: 'PostAssigned',
  data: { memberId: 'm1', post: 'branch-secretary', unitId: 'cardiology', from: '2023-01-01', to: null },
};

describe('member', () => {
  describe('registration', () => {
    it('registers a member of a branch and one of its groups', () => {
      given([]).when(register).then([registered]);
    });

    it('registers once', () => {
      given([registered]).when(register).thenRefusedWith('MEMBER.ALREADY_REGISTERED');
    });

    it('needs an existing, active branch, and a group of that branch', () => {
      given([])
        .when({ ...register, branch: null })
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
      given([])
        .when({ ...register, branch: committee })
        .thenRefusedWith('ORG_UNIT.WRONG_KIND');
      given([])
        .when({ ...register, branch: { ...cardiology, dissolvedOn: '2020-12-31' } })
        .thenRefusedWith('ORG_UNIT.DISSOLVED');
      given([])
        .when({ ...register, group: null })
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
      given([])
        .when({ ...register, group: surgery })
        .thenRefusedWith('ORG_UNIT.WRONG_KIND');
      given([])
        .when({ ...register, group: { ...cardiologyGroup, parentId: 'surgery' } })
        .thenRefusedWith('MEMBER.GROUP_NOT_IN_BRANCH');
    });

    it('registers into a branch and group of the member’s own hospital only', () => {
      given([])
        .when({ ...register, branchId: 'h2-surgery', branch: h2Surgery, groupId: null, group: null })
        .thenRefusedWith('MEMBER.BRANCH_IN_OTHER_HOSPITAL');
      given([])
        .when({ ...register, groupId: 'h2-surgery-g1', group: h2SurgeryGroup })
        .thenRefusedWith('MEMBER.GROUP_IN_OTHER_HOSPITAL');
    });

    it('joins the branch no earlier than the Party, and not in the future', () => {
      given([])
        .when({ ...register, joinedBranchOn: '2019-01-01' })
        .thenRefusedWith('MEMBER.INVALID_DATES');
      given([])
        .when({ ...register, joinedPartyOn: '2024-07-02', joinedBranchOn: '2024-07-02' })
        .thenRefusedWith('TIME.IN_FUTURE');
    });

    it('refuses personal data in the name', () => {
      given([])
        .when({ ...register, name: '110105199003071234' })
        .thenRefusedWith('PII.FORBIDDEN');
    });
  });

  describe('status', () => {
    const change = {
      type: 'ChangeMemberStatus',
      memberId: 'm1',
      status: 'full',
      effectiveOn: '2021-07-01',
      reason: '按期转正',
      now,
    } as const;

    it('changes on its effective date, entered after the fact', () => {
      given([registered])
        .when(change)
        .then([
          {
            type: 'MemberStatusChanged',
            data: { memberId: 'm1', status: 'full', effectiveOn: '2021-07-01', reason: '按期转正' },
          },
        ]);
    });

    it('records nothing when the status already held on that date', () => {
      given([registered])
        .when({ ...change, status: 'probationary' })
        .then([]);
    });

    it('cannot change before joining the Party, or in the future', () => {
      given([registered])
        .when({ ...change, effectiveOn: '2019-01-01' })
        .thenRefusedWith('MEMBER.INVALID_DATES');
      given([registered])
        .when({ ...change, effectiveOn: '2024-07-02' })
        .thenRefusedWith('TIME.IN_FUTURE');
    });

    it('needs a registered member', () => {
      given([]).when(change).thenRefusedWith('MEMBER.NOT_FOUND');
    });
  });

  describe('transfer', () => {
    it('moves the member to another branch from a date', () => {
      given([registered])
        .when(transfer)
        .then([
          {
            type: 'MemberTransferred',
            data: {
              memberId: 'm1',
              fromBranchId: 'cardiology',
              toBranchId: 'surgery',
              toGroupId: null,
              effectiveOn: '2024-03-01',
            },
          },
        ]);
    });

    it('refuses a move to where the member already is', () => {
      given([registered])
        .when({
          ...transfer,
          toBranchId: 'cardiology',
          toGroupId: 'cardiology-g1',
          toBranch: cardiology,
          toGroup: cardiologyGroup,
        })
        .thenRefusedWith('MEMBER.ALREADY_IN_BRANCH');
    });

    it('refuses a member who had left by then', () => {
      const left: MemberEvent = {
        type: 'MemberStatusChanged',
        data: { memberId: 'm1', status: 'left', effectiveOn: '2023-01-01', reason: '出党' },
      };
      given([registered, left]).when(transfer).thenRefusedWith('MEMBER.LEFT');
    });

    it('refuses a transfer dated before the current membership began', () => {
      given([registered])
        .when({ ...transfer, effectiveOn: '2020-12-01' })
        .thenRefusedWith('MEMBER.LEFT');
      given([registered])
        .when({ ...transfer, effectiveOn: '2021-01-01' })
        .thenRefusedWith('MEMBER.INVALID_DATES');
    });

    it('needs an existing, active target branch', () => {
      given([registered])
        .when({ ...transfer, toBranch: null })
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
      given([registered])
        .when({ ...transfer, toBranch: { ...surgery, dissolvedOn: '2024-01-01' } })
        .thenRefusedWith('ORG_UNIT.DISSOLVED');
    });

    it('stays within the member’s hospital: another hospital’s branch or group is refused', () => {
      given([registered])
        .when({ ...transfer, toBranchId: 'h2-surgery', toBranch: h2Surgery })
        .thenRefusedWith('MEMBER.TRANSFER_ACROSS_HOSPITALS');
      given([registered])
        .when({ ...transfer, toGroupId: 'h2-surgery-g1', toGroup: h2SurgeryGroup })
        .thenRefusedWith('MEMBER.GROUP_IN_OTHER_HOSPITAL');
    });
  });

  describe('posts (五岗)', () => {
    it('assigns a post in a unit of its level to a member of that unit', () => {
      given([registered]).when(assign).then([assigned]);
    });

    it('refuses a post in a unit of another level', () => {
      given([registered])
        .when({ ...assign, post: 'committee-member' })
        .thenRefusedWith('POST.LEVEL_MISMATCH');
    });

    it('refuses a holder who does not belong to the unit then', () => {
      given([registered])
        .when({ ...assign, unitId: 'surgery', unit: surgery })
        .thenRefusedWith('POST.HOLDER_NOT_MEMBER');
      given([registered])
        .when({ ...assign, from: '2020-12-01' })
        .thenRefusedWith('POST.HOLDER_NOT_MEMBER');
    });

    it('lets any member of the hospital hold a committee post', () => {
      given([registered])
        .when({ ...assign, post: 'committee-member', unitId: 'committee', unit: committee })
        .then([{ type: 'PostAssigned', data: { ...assigned.data, post: 'committee-member', unitId: 'committee' } }]);
    });

    it('refuses a missing or dissolved unit, and a term that ends before it begins', () => {
      given([registered])
        .when({ ...assign, unit: null })
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
      given([registered])
        .when({ ...assign, unit: { ...cardiology, dissolvedOn: '2022-01-01' } })
        .thenRefusedWith('ORG_UNIT.DISSOLVED');
      given([registered])
        .when({ ...assign, to: '2022-01-01' })
        .thenRefusedWith('MEMBER.INVALID_DATES');
    });

    it('records nothing when the same post is already held', () => {
      given([registered, assigned]).when(assign).then([]);
    });

    it('ends a held post, and only a held one', () => {
      const end = {
        type: 'EndPost',
        memberId: 'm1',
        post: 'branch-secretary',
        unitId: 'cardiology',
        on: '2024-01-31',
        now,
      } as const;
      given([registered, assigned])
        .when(end)
        .then([
          {
            type: 'PostEnded',
            data: { memberId: 'm1', post: 'branch-secretary', unitId: 'cardiology', on: '2024-01-31' },
          },
        ]);
      given([registered]).when(end).thenRefusedWith('POST.NOT_HELD');
      given([registered, assigned])
        .when({ ...end, on: '2022-12-31' })
        .thenRefusedWith('MEMBER.INVALID_DATES');
    });
  });

  describe('history answers "who belonged, and who could vote, on date T"', () => {
    const history: MemberEvent[] = [
      registered,
      {
        type: 'MemberStatusChanged',
        data: { memberId: 'm1', status: 'full', effectiveOn: '2021-07-01', reason: '转正' },
      },
      {
        type: 'MemberTransferred',
        data: {
          memberId: 'm1',
          fromBranchId: 'cardiology',
          toBranchId: 'surgery',
          toGroupId: null,
          effectiveOn: '2024-03-01',
        },
      },
      assigned,
      // Entered after the fact, out of date order.
      {
        type: 'MemberStatusChanged',
        data: { memberId: 'm1', status: 'suspended', effectiveOn: '2022-01-01', reason: '留置' },
      },
      {
        type: 'MemberStatusChanged',
        data: { memberId: 'm1', status: 'full', effectiveOn: '2022-06-01', reason: '恢复' },
      },
    ];
    const state = history.reduce(memberDecider.evolve, memberDecider.initialState);
    const member = state.status === 'registered' ? state.member : undefined;

    it('knows the branch on each date', () => {
      expect(membershipOn(member!, '2020-12-31')).toBeNull();
      expect(membershipOn(member!, '2024-02-29')?.branchId).toBe('cardiology');
      expect(membershipOn(member!, '2024-03-01')?.branchId).toBe('surgery');
    });

    it('knows who could vote on each date', () => {
      expect(canVoteOn(member!, '2021-06-30')).toBe(false);
      expect(canVoteOn(member!, '2021-07-01')).toBe(true);
      expect(canVoteOn(member!, '2022-03-01')).toBe(false);
      expect(canVoteOn(member!, '2022-06-01')).toBe(true);
    });

    it('knows the posts held on each date', () => {
      expect(postsOn(member!, '2022-12-31')).toEqual([]);
      expect(postsOn(member!, '2023-06-01').map((term) => term.post)).toEqual(['branch-secretary']);
    });
  });
});
