import { recorded } from '../testing/recorded';
import { membersProjection, type MemberDocument } from './members.projection';

const registered = {
  memberId: 'm1',
  name: '张三',
  hospitalId: 'h1',
  branchId: 'cardiology',
  groupId: null,
  status: 'probationary',
  joinedPartyOn: '2020-07-01',
  joinedBranchOn: '2020-07-01',
  departmentHead: true,
};

function project(...events: [string, object][]): MemberDocument | null {
  return events.reduce<MemberDocument | null>((document, [type, data], index) => {
    const event = recorded(type, data, String(index + 1));
    expect(membersProjection.documentIds(event)).toEqual(['m1']);
    return membersProjection.evolve(document, event, 'm1');
  }, null);
}

describe('members projection', () => {
  it('MemberRegistered starts the member’s history in its branch', () => {
    expect(project(['MemberRegistered', registered])).toMatchObject({
      _id: 'm1',
      memberships: [{ branchId: 'cardiology', groupId: null, from: '2020-07-01', until: null }],
      statuses: [{ status: 'probationary', from: '2020-07-01' }],
      branchIds: ['cardiology'],
      departmentHead: true,
    });
  });

  it('MemberStatusChanged adds a dated status', () => {
    const document = project(
      ['MemberRegistered', registered],
      ['MemberStatusChanged', { memberId: 'm1', status: 'full', effectiveOn: '2021-07-01', reason: '转正' }],
    );
    expect(document?.statuses).toEqual([
      { status: 'probationary', from: '2020-07-01' },
      { status: 'full', from: '2021-07-01' },
    ]);
  });

  it('MemberTransferred closes the old membership and indexes both branches', () => {
    const document = project(
      ['MemberRegistered', registered],
      [
        'MemberTransferred',
        {
          memberId: 'm1',
          fromBranchId: 'cardiology',
          toBranchId: 'surgery',
          toGroupId: null,
          effectiveOn: '2023-01-01',
        },
      ],
    );
    expect(document?.memberships.map((m) => [m.branchId, m.until])).toEqual([
      ['cardiology', '2023-01-01'],
      ['surgery', null],
    ]);
    expect(document?.branchIds).toEqual(['cardiology', 'surgery']);
  });

  it('PostAssigned and PostEnded keep the post terms', () => {
    const document = project(
      ['MemberRegistered', registered],
      [
        'PostAssigned',
        { memberId: 'm1', post: 'branch-secretary', unitId: 'cardiology', from: '2021-01-01', to: null },
      ],
      ['PostEnded', { memberId: 'm1', post: 'branch-secretary', unitId: 'cardiology', on: '2023-12-31' }],
    );
    expect(document?.posts).toEqual([
      { post: 'branch-secretary', unitId: 'cardiology', from: '2021-01-01', to: '2023-12-31' },
    ]);
  });
});
