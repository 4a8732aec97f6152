import type { MemberRegistered } from '../organization/member.events';
import type { MemberRecord } from '../organization/member.state';
import { memberRecord, memberRegistered } from '../testing/fixtures';
import type { UnitFacts } from '../organization/org-unit.state';

/** The clock for every branch-activity spec: activities are dated in March and April 2024. */
export const now = '2024-06-30T12:00:00.000Z';

const unit = (overrides: Partial<UnitFacts> & Pick<UnitFacts, 'unitId' | 'kind' | 'name'>): UnitFacts => ({
  hospitalId: 'pj-central',
  parentId: null,
  category: null,
  timeZone: 'Asia/Shanghai',
  dissolvedOn: null,
  ancestors: [],
  ...overrides,
});

export const committee = unit({ unitId: 'pj-central-committee', kind: 'committee', name: '医院党委' });
export const cardiology = unit({
  unitId: 'cardiology',
  kind: 'branch',
  name: '心内科党支部',
  parentId: committee.unitId,
  category: 'clinical',
  ancestors: [committee.unitId],
});
export const cardiologyGroup = unit({
  unitId: 'cardiology-g1',
  kind: 'group',
  name: '心内科第一党小组',
  parentId: cardiology.unitId,
  ancestors: [cardiology.unitId, committee.unitId],
});
export const neurology = unit({
  unitId: 'neurology',
  kind: 'branch',
  name: '神经内科党支部',
  parentId: committee.unitId,
  category: 'clinical',
  ancestors: [committee.unitId],
});

export const branchAncestors: Readonly<Record<string, readonly string[]>> = {
  [cardiology.unitId]: [committee.unitId],
  [neurology.unitId]: [committee.unitId],
};

export const registered = (
  memberId: string,
  branchId: string,
  groupId: string | null = null,
  joinedBranchOn = '2020-01-01',
): MemberRegistered => memberRegistered(memberId, branchId, { groupId, joinedPartyOn: '2020-01-01', joinedBranchOn });

/** A member's facts as the command handler resolves them: the member's own events, folded. */
export const memberFacts = memberRecord;

/**
 * The cast. wang and li sit in cardiology's first group, zhang in cardiology, zhao in neurology; liu moved from
 * cardiology to neurology on 2024-03-01; sun moved from neurology to cardiology on 2024-04-15; qian left on 2024-02-01.
 */
export const people: Readonly<Record<string, MemberRecord>> = {
  wang: memberFacts(registered('wang', 'cardiology', 'cardiology-g1')),
  li: memberFacts(registered('li', 'cardiology', 'cardiology-g1')),
  zhang: memberFacts(registered('zhang', 'cardiology')),
  zhao: memberFacts(registered('zhao', 'neurology')),
  liu: memberFacts(registered('liu', 'cardiology'), {
    type: 'MemberTransferred',
    data: {
      memberId: 'liu',
      fromBranchId: 'cardiology',
      toBranchId: 'neurology',
      toGroupId: null,
      effectiveOn: '2024-03-01',
    },
  }),
  sun: memberFacts(registered('sun', 'neurology'), {
    type: 'MemberTransferred',
    data: {
      memberId: 'sun',
      fromBranchId: 'neurology',
      toBranchId: 'cardiology',
      toGroupId: null,
      effectiveOn: '2024-04-15',
    },
  }),
  qian: memberFacts(registered('qian', 'cardiology'), {
    type: 'MemberStatusChanged',
    data: { memberId: 'qian', status: 'left', effectiveOn: '2024-02-01', reason: '转出本市' },
  }),
};

/** A personal datum no free-text field may carry. */
export const MOBILE = '13912345678';
