import { projectedReadModels, type GivenEvent } from '../testing/projected-read-models';
import { lectureGiven, meetingHeld } from '../testing/activity-events';
import { recorded } from '../testing/recorded';
import { lecturesProjection, meetingsProjection } from './branch-activity.projections';
import { hospitalPoliciesProjection } from './hospital-policies.projection';
import { membersProjection } from './members.projection';
import { orgUnitsProjection } from './org-units.projection';
import {
  dualLeaderRatioOf,
  monthsBefore,
  organizationReport,
  type OrganizationReportItem,
} from './organization.report';

const ON = '2024-06-30';
/** Six months up to ON, both ends included. */
const WINDOW_START = '2023-12-30';

let position = 0;
const event = (type: string, data: object) => recorded(type, data, String(++position));

const branch = (unitId: string, name = unitId) =>
  event('OrgUnitEstablished', {
    unitId,
    kind: 'branch',
    name,
    hospitalId: 'h1',
    parentId: 'committee',
    category: 'clinical',
    timeZone: 'Asia/Shanghai',
  });
const member = (
  memberId: string,
  branchId: string,
  options: { status?: 'full' | 'probationary'; joinedBranchOn?: string; departmentHead?: boolean } = {},
) =>
  event('MemberRegistered', {
    memberId,
    name: memberId,
    hospitalId: 'h1',
    branchId,
    groupId: null,
    status: options.status ?? 'full',
    joinedPartyOn: '2010-07-01',
    joinedBranchOn: options.joinedBranchOn ?? '2015-01-01',
    departmentHead: options.departmentHead ?? false,
  });
const members = (branchId: string, count: number, options: Parameters<typeof member>[2] = {}) =>
  Array.from({ length: count }, (_, i) => member(`${branchId}-m${String(i + 1).padStart(2, '0')}`, branchId, options));
const post = (memberId: string, kind: string, unitId: string, from = '2020-01-01', to: string | null = null) =>
  event('PostAssigned', { memberId, post: kind, unitId, from, to });
const statusChange = (memberId: string, status: string, effectiveOn: string) =>
  event('MemberStatusChanged', { memberId, status, effectiveOn, reason: '组织决定' });

const PROJECTIONS = [
  orgUnitsProjection,
  membersProjection,
  meetingsProjection,
  lecturesProjection,
  hospitalPoliciesProjection,
];

async function reportOf(events: GivenEvent[], on = ON) {
  return organizationReport(await projectedReadModels(PROJECTIONS, events), 'h1', on);
}
async function itemOf(events: GivenEvent[], on = ON): Promise<OrganizationReportItem> {
  const report = await reportOf(events, on);
  return report.items.find((item) => item.branchId === 'b')!;
}
const codes = (item: OrganizationReportItem) => item.findings.map((finding) => finding.code);
/** A meeting in the window that everyone named attended, so inactivity stays out of branch-level tests. */
const allAttend = (ids: string[]) => meetingHeld('all', '2024-05-10', { host: ids[0], attendeeIds: ids.slice(1) });
const ids = (count: number, branchId = 'b') =>
  Array.from({ length: count }, (_, i) => `${branchId}-m${String(i + 1).padStart(2, '0')}`);

describe('organization report', () => {
  describe('members by status on the date', () => {
    it('counts each status as it stood on the date, leaving out members who left or had not yet joined', async () => {
      const item = await itemOf([
        branch('b', '心内科党支部'),
        member('full-1', 'b'),
        member('full-2', 'b'),
        member('prob', 'b', { status: 'probationary' }),
        member('susp', 'b'),
        statusChange('susp', 'suspended', '2024-03-01'),
        member('pp', 'b'),
        statusChange('pp', 'party-probation', '2024-02-01'),
        member('left', 'b'),
        statusChange('left', 'left', '2024-04-01'),
        member('later', 'b', { joinedBranchOn: '2024-07-01' }),
        statusChange('full-2', 'suspended', '2024-07-15'), // after the date: not yet
      ]);
      expect(item).toMatchObject({
        branchId: 'b',
        name: '心内科党支部',
        category: 'clinical',
        members: { full: 2, probationary: 1, suspended: 1, 'party-probation': 1 },
      });
    });

    it('counts a transferred member in the branch they belonged to on the date', async () => {
      const events = [
        branch('b'),
        branch('other'),
        member('mover', 'other'),
        event('MemberTransferred', {
          memberId: 'mover',
          fromBranchId: 'other',
          toBranchId: 'b',
          toGroupId: null,
          effectiveOn: '2024-05-01',
        }),
      ];
      expect((await itemOf(events)).members.full).toBe(1);
      expect((await itemOf(events, '2024-04-30')).members.full).toBe(0);
    });

    it('leaves out a branch dissolved on or before the date', async () => {
      const report = await reportOf([
        branch('b'),
        branch('gone'),
        event('OrgUnitDissolved', { unitId: 'gone', effectiveOn: '2024-06-30', reason: '合并' }),
      ]);
      expect(report.items.map((item) => item.branchId)).toEqual(['b']);
      expect(
        (
          await reportOf([
            branch('gone'),
            event('OrgUnitDissolved', { unitId: 'gone', effectiveOn: '2024-07-01', reason: '合并' }),
          ])
        ).items,
      ).toHaveLength(1);
    });
  });

  describe('BRANCH_TOO_SMALL', () => {
    it('is found with fewer than 3 full members, probationary members not counting', async () => {
      const item = await itemOf([
        branch('b'),
        ...members('b', 2),
        member('prob', 'b', { status: 'probationary' }),
        allAttend([...ids(2), 'prob']),
      ]);
      expect(item.findings).toEqual([
        { code: 'BRANCH_TOO_SMALL', detail: '2 full members, fewer than the 3 a branch needs' },
      ]);
    });

    it('is not found with 3 full members', async () => {
      expect(codes(await itemOf([branch('b'), ...members('b', 3), allAttend(ids(3))]))).toEqual([]);
    });
  });

  describe('BRANCH_TOO_LARGE', () => {
    const committee = ['b-m01', 'b-m02', 'b-m03'].map((id, i) =>
      post(id, i === 0 ? 'branch-secretary' : 'branch-committee-member', 'b'),
    );

    it('is found with more than 50 members of any status', async () => {
      const item = await itemOf([
        branch('b'),
        ...members('b', 48),
        member('p1', 'b', { status: 'probationary' }),
        member('p2', 'b', { status: 'probationary' }),
        member('p3', 'b', { status: 'probationary' }),
        ...committee,
        allAttend([...ids(48), 'p1', 'p2', 'p3']),
      ]);
      expect(item.findings).toEqual([{ code: 'BRANCH_TOO_LARGE', detail: '51 members, more than 50' }]);
    });

    it('is not found with exactly 50', async () => {
      expect(codes(await itemOf([branch('b'), ...members('b', 50), ...committee, allAttend(ids(50))]))).toEqual([]);
    });
  });

  describe('COMMITTEE_REQUIRED', () => {
    const seven = () => [branch('b'), ...members('b', 7), allAttend(ids(7))];

    it('is found with 7 full members and no branch committee', async () => {
      expect((await itemOf(seven())).findings).toEqual([
        { code: 'COMMITTEE_REQUIRED', detail: '7 full members and no branch committee' },
      ]);
    });

    it('is found with 7 full members and a committee smaller than 3', async () => {
      const item = await itemOf([
        ...seven(),
        post('b-m01', 'branch-secretary', 'b'),
        post('b-m02', 'branch-committee-member', 'b'),
      ]);
      expect(item.committee).toEqual(['b-m01', 'b-m02']);
      expect(item.findings).toEqual([
        { code: 'COMMITTEE_REQUIRED', detail: '7 full members and a branch committee of 2, outside 3–7' },
      ]);
    });

    it('is found with a committee larger than 7', async () => {
      const item = await itemOf([
        branch('b'),
        ...members('b', 9),
        allAttend(ids(9)),
        ...ids(8).map((id) => post(id, 'branch-committee-member', 'b')),
      ]);
      expect(codes(item)).toEqual(['COMMITTEE_REQUIRED']);
    });

    it('is not found with a committee of 3 in force on the date', async () => {
      const item = await itemOf([
        ...seven(),
        post('b-m01', 'branch-secretary', 'b'),
        post('b-m02', 'branch-committee-member', 'b'),
        post('b-m03', 'branch-committee-member', 'b'),
        post('b-m04', 'branch-committee-member', 'b', '2024-07-01'), // not yet
        post('b-m05', 'branch-committee-member', 'b', '2020-01-01', '2024-06-29'), // over
      ]);
      expect(item.committee).toEqual(['b-m01', 'b-m02', 'b-m03']);
      expect(codes(item)).toEqual([]);
    });

    it('is not found below 7 full members, where a branch may have no committee', async () => {
      const item = await itemOf([
        branch('b'),
        ...members('b', 6),
        member('prob', 'b', { status: 'probationary' }),
        allAttend([...ids(6), 'prob']),
      ]);
      expect(codes(item)).toEqual([]);
    });
  });

  describe('MEMBER_INACTIVE_6_MONTHS', () => {
    const inactiveIds = async (events: GivenEvent[]) =>
      (await itemOf([branch('b'), member('host', 'b'), member('x', 'b'), member('y', 'b'), ...events])).findings
        .filter((finding) => finding.code === 'MEMBER_INACTIVE_6_MONTHS')
        .map((finding) => finding.memberId);

    it('is found for a member with no meeting or lecture in the six months up to the date, no reason given', async () => {
      const item = await itemOf([
        branch('b'),
        ...members('b', 3),
        meetingHeld('mt', '2024-05-10', { host: 'b-m01', attendeeIds: ['b-m02'] }),
      ]);
      expect(item.findings).toEqual([
        {
          code: 'MEMBER_INACTIVE_6_MONTHS',
          memberId: 'b-m03',
          detail: `No meeting or lecture attended from ${WINDOW_START} to ${ON}, and no reason given`,
        },
      ]);
    });

    it('counts attending, hosting, giving or attending a lecture, on the window’s first and last day too', async () => {
      expect(
        await inactiveIds([
          meetingHeld('mt', WINDOW_START, { host: 'host', attendeeIds: ['x'] }),
          lectureGiven('l', ON, 'y', []),
        ]),
      ).toEqual([]);
      expect(await inactiveIds([lectureGiven('l', ON, 'host', ['x', 'y'])])).toEqual([]);
    });

    it('does not count activity before the window or after the date', async () => {
      expect(
        await inactiveIds([
          meetingHeld('before', '2023-12-29', { host: 'host', attendeeIds: ['x', 'y'] }),
          meetingHeld('after', '2024-07-01', { host: 'host', attendeeIds: ['x', 'y'] }),
          lectureGiven('l', '2024-03-01', 'host', []),
        ]),
      ).toEqual(['x', 'y']);
    });

    it('is not found for a member absent with a reason, and found when the reason is blank', async () => {
      expect(
        await inactiveIds([
          meetingHeld('mt', '2024-03-01', {
            host: 'host',
            absentees: [
              { memberId: 'x', reason: '外出进修' },
              { memberId: 'y', reason: '  ' },
            ],
          }),
        ]),
      ).toEqual(['y']);
    });

    it('does not count a revoked meeting', async () => {
      expect(
        await inactiveIds([
          lectureGiven('l', '2024-03-01', 'host', []),
          meetingHeld('mt', '2024-03-01', { host: 'x', attendeeIds: ['y'] }),
          event('MeetingRecordRevoked', { meetingId: 'mt', reason: '重复录入' }),
        ]),
      ).toEqual(['x', 'y']);
    });

    it('judges only members who belonged for the whole window, wherever they belonged', async () => {
      const events = [
        lectureGiven('l', '2024-03-01', 'host', []),
        branch('other'),
        member('new', 'b', { joinedBranchOn: '2024-03-01' }),
        member('mover', 'other'),
        event('MemberTransferred', {
          memberId: 'mover',
          fromBranchId: 'other',
          toBranchId: 'b',
          toGroupId: null,
          effectiveOn: '2024-04-01',
        }),
      ];
      expect(await inactiveIds(events)).toEqual(['mover', 'x', 'y']);
    });

    it('is not found for a member suspended (留置) during the window', async () => {
      expect(
        await inactiveIds([
          lectureGiven('l', '2024-03-01', 'host', ['y']),
          statusChange('x', 'suspended', '2024-01-15'),
          statusChange('x', 'full', '2024-05-01'),
        ]),
      ).toEqual([]);
    });
  });

  describe('secretary, committee and 双带头人', () => {
    const three = (branchId: string) => [branch(branchId), ...members(branchId, 3)];

    it('names the secretary in post on the date, and marks a department head secretary as dual leader', async () => {
      const report = await reportOf([
        ...three('a'),
        member('head', 'a', { departmentHead: true }),
        post('head', 'branch-secretary', 'a'),
        ...three('b'),
        post('b-m01', 'branch-secretary', 'b', '2020-01-01', '2024-05-31'),
        post('b-m02', 'branch-secretary', 'b', '2024-06-01'),
        post('b-m03', 'branch-committee-member', 'b'),
        ...three('c'),
      ]);
      const [a, b, c] = report.items;
      expect(a).toMatchObject({ branchId: 'a', secretary: 'head', committee: ['head'], dualLeader: true });
      expect(b).toMatchObject({ branchId: 'b', secretary: 'b-m02', committee: ['b-m02', 'b-m03'], dualLeader: false });
      expect(c).toMatchObject({ branchId: 'c', secretary: null, committee: [], dualLeader: false });
    });

    it('dualLeaderRatio is dual-leader branches ÷ branches with a secretary', async () => {
      const report = await reportOf([
        ...three('a'),
        member('head', 'a', { departmentHead: true }),
        post('head', 'branch-secretary', 'a'),
        ...three('b'),
        post('b-m01', 'branch-secretary', 'b'),
        ...three('c'),
      ]);
      expect(report).toMatchObject({ hospitalId: 'h1', on: ON, rulePack: 'cn-branch-2018', dualLeaderRatio: 0.5 });
    });

    it('dualLeaderRatio is null when no branch has a secretary', async () => {
      expect((await reportOf([...three('a')])).dualLeaderRatio).toBeNull();
    });

    it('does not name a secretary who has left the Party on the date', async () => {
      const report = await reportOf([
        ...three('a'),
        post('a-m01', 'branch-secretary', 'a'),
        statusChange('a-m01', 'left', '2024-06-01'),
      ]);
      expect(report.items[0]).toMatchObject({ secretary: null, members: { full: 2 } });
    });
  });
});

describe('monthsBefore', () => {
  it('goes back whole calendar months, clamping to the end of a shorter month', () => {
    expect(monthsBefore('2024-06-30', 6)).toBe('2023-12-30');
    expect(monthsBefore('2024-08-31', 6)).toBe('2024-02-29');
    expect(monthsBefore('2024-01-15', 13)).toBe('2022-12-15');
  });
});

describe('dualLeaderRatioOf', () => {
  const line = (secretary: string | null, dualLeader = false) => ({ secretary, dualLeader });

  it('is dual-leader branches ÷ branches with a secretary, over the lines given', () => {
    expect(dualLeaderRatioOf([line('s1', true), line('s2'), line(null)])).toBe(0.5);
    // A secretary's own line alone says nothing of the others.
    expect(dualLeaderRatioOf([line('s2')])).toBe(0);
    expect(dualLeaderRatioOf([line('s1', true)])).toBe(1);
  });

  it('is null when no line has a secretary, or there is no line', () => {
    expect(dualLeaderRatioOf([line(null)])).toBeNull();
    expect(dualLeaderRatioOf([])).toBeNull();
  });
});
