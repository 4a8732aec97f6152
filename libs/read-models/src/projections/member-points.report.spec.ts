import { projectedReadModels, type GivenEvent } from '../testing/projected-read-models';
import { lectureGiven, meetingHeld } from '../testing/activity-events';
import { recorded } from '../testing/recorded';
import { lecturesProjection, meetingsProjection, volunteerServicesProjection } from './branch-activity.projections';
import { followUpCallsProjection } from './follow-up-calls.projection';
import { hospitalPoliciesProjection } from './hospital-policies.projection';
import { memberPoints, type MemberPointsItem } from './member-points.report';
import { membersProjection } from './members.projection';

let position = 0;
const event = (type: string, data: object) => recorded(type, data, String(++position));

const member = (memberId: string, branchId = 'b', joinedBranchOn = '2015-01-01') =>
  event('MemberRegistered', {
    memberId,
    name: `党员${memberId}`,
    hospitalId: 'h1',
    branchId,
    groupId: null,
    status: 'full',
    joinedPartyOn: '2010-07-01',
    joinedBranchOn,
    departmentHead: false,
  });
const service = (serviceId: string, participantIds: string[], heldOn = '2024-05-20') =>
  event('VolunteerServiceHeld', {
    serviceId,
    unitId: 'b',
    hospitalId: 'h1',
    heldOn,
    place: '社区卫生服务中心',
    participantIds,
    beneficiaries: 30,
  });
const followUpCompleted = (followUpId: string, callerMemberId: string, calledAt = '2024-06-02T10:00:00+08:00') =>
  event('FollowUpCompleted', {
    followUpId,
    branchId: 'b',
    hospitalId: 'h1',
    dischargedAt: '2024-06-01T10:00:00+08:00',
    dischargedOn: '2024-06-01',
    callerMemberId,
    calledAt,
    satisfaction: null,
    notes: null,
  });

const PROJECTIONS = [
  membersProjection,
  meetingsProjection,
  lecturesProjection,
  volunteerServicesProjection,
  followUpCallsProjection,
  hospitalPoliciesProjection,
];

async function pointsOf(events: GivenEvent[], limit = 100, year = '2024') {
  return memberPoints(await projectedReadModels(PROJECTIONS, events), 'h1', year, limit);
}
const byId = (items: readonly MemberPointsItem[]) => new Map(items.map((item) => [item.memberId, item]));
const ZERO = {
  attendance: 0,
  lecturesGiven: 0,
  lecturesAttended: 0,
  followUpsCompleted: 0,
  volunteerServices: 0,
  unexcusedAbsences: 0,
};

describe('member points', () => {
  describe('points per activity (default policy)', () => {
    const people = ['host', 'att', 'lect', 'lis', 'call', 'vol', 'abs', 'idle'].map((id) => member(id));

    it('attending a meeting +2 (its host included), giving a lecture +3, attending one +1', async () => {
      const items = byId(
        (
          await pointsOf([
            ...people,
            meetingHeld('mt', '2024-03-12', { host: 'host', attendeeIds: ['att'] }),
            lectureGiven('l', '2024-04-02', 'lect', ['lis', 'lect']),
          ])
        ).items,
      );
      expect(items.get('host')).toMatchObject({ ...ZERO, attendance: 1, points: 2 });
      expect(items.get('att')).toMatchObject({ ...ZERO, attendance: 1, points: 2 });
      expect(items.get('lect')).toMatchObject({ ...ZERO, lecturesGiven: 1, points: 3 });
      expect(items.get('lis')).toMatchObject({ ...ZERO, lecturesAttended: 1, points: 1 });
    });

    it('a completed follow-up call +1, a volunteer service +2, an unexcused absence −2', async () => {
      const items = byId(
        (
          await pointsOf([
            ...people,
            followUpCompleted('f1', 'call'),
            followUpCompleted('f2', 'call'),
            service('s1', ['vol']),
            meetingHeld('mt', '2024-03-12', { host: 'host', absentees: [{ memberId: 'abs', reason: '' }] }),
          ])
        ).items,
      );
      expect(items.get('call')).toMatchObject({ ...ZERO, followUpsCompleted: 2, points: 2 });
      expect(items.get('vol')).toMatchObject({ ...ZERO, volunteerServices: 1, points: 2 });
      expect(items.get('abs')).toMatchObject({ ...ZERO, unexcusedAbsences: 1, points: -2 });
      expect(items.get('idle')).toMatchObject({ ...ZERO, points: 0, name: '党员idle', branchId: 'b' });
    });

    it('a lecture given jointly earns each lecturer +3, and no lecturer +1 for attending it too', async () => {
      const joint = lectureGiven('l', '2024-04-02', 'lect', ['lis', 'host']);
      const items = byId(
        (await pointsOf([...people, { ...joint, data: { ...joint.data, lecturerIds: ['lect', 'host'] } }])).items,
      );
      expect(items.get('lect')).toMatchObject({ ...ZERO, lecturesGiven: 1, points: 3 });
      expect(items.get('host')).toMatchObject({ ...ZERO, lecturesGiven: 1, points: 3 });
      expect(items.get('lis')).toMatchObject({ ...ZERO, lecturesAttended: 1, points: 1 });
    });

    it('an absence with a reason costs nothing; a blank or whitespace reason counts as unexcused', async () => {
      const items = byId(
        (
          await pointsOf([
            ...people,
            meetingHeld('mt', '2024-03-12', {
              host: 'host',
              absentees: [
                { memberId: 'abs', reason: ' \t ' },
                { memberId: 'idle', reason: '值班' },
              ],
            }),
          ])
        ).items,
      );
      expect(items.get('abs')).toMatchObject({ unexcusedAbsences: 1, points: -2 });
      expect(items.get('idle')).toMatchObject({ unexcusedAbsences: 0, points: 0 });
    });

    it('a revoked meeting counts for nothing, neither attendance nor absence', async () => {
      const items = byId(
        (
          await pointsOf([
            ...people,
            meetingHeld('mt', '2024-03-12', {
              host: 'host',
              attendeeIds: ['att'],
              absentees: [{ memberId: 'abs', reason: '' }],
            }),
            event('MeetingRecordRevoked', { meetingId: 'mt', reason: '重复录入' }),
          ])
        ).items,
      );
      for (const id of ['host', 'att', 'abs']) expect(items.get(id)).toMatchObject({ ...ZERO, points: 0 });
    });

    it('counts a corrected meeting as corrected', async () => {
      const items = byId(
        (
          await pointsOf([
            ...people,
            meetingHeld('mt', '2024-03-12', { host: 'host', absentees: [{ memberId: 'att', reason: '' }] }),
            event('MeetingRecordCorrected', {
              meetingId: 'mt',
              reason: '核对签到表',
              attendeeIds: ['att'],
              absentees: [],
            }),
          ])
        ).items,
      );
      expect(items.get('att')).toMatchObject({ attendance: 1, unexcusedAbsences: 0, points: 2 });
    });

    it('counts only the year asked for, in local dates', async () => {
      const items = byId(
        (
          await pointsOf([
            ...people,
            meetingHeld('old', '2023-12-31', { host: 'host', attendeeIds: ['att'] }),
            lectureGiven('next', '2025-01-01', 'lect', ['lis']),
            followUpCompleted('f1', 'call', '2023-12-31T15:59:00Z'), // 23:59 on 31 December in Shanghai
            followUpCompleted('f2', 'call', '2023-12-31T16:00:00Z'), // 00:00 on 1 January
          ])
        ).items,
      );
      expect(items.get('host')?.points).toBe(0);
      expect(items.get('lect')?.points).toBe(0);
      expect(items.get('call')).toMatchObject({ followUpsCompleted: 1, points: 1 });
    });
  });

  it('uses the hospital’s own point values when its policy overrides them', async () => {
    const report = await pointsOf([
      member('a'),
      member('b'),
      meetingHeld('mt', '2024-03-12', { host: 'a', absentees: [{ memberId: 'b', reason: '' }] }),
      lectureGiven('l', '2024-04-02', 'a', ['b']),
      event('HospitalPolicySet', {
        hospitalId: 'h1',
        rulePackId: 'cn-branch-2018',
        overrides: { points: { attendMeeting: 5, unexcusedAbsence: -10 } },
        reason: '院党委会决定',
      }),
    ]);
    expect(report.points).toMatchObject({ attendMeeting: 5, giveLecture: 3, attendLecture: 1, unexcusedAbsence: -10 });
    expect(report.items).toEqual([
      expect.objectContaining({ rank: 1, memberId: 'a', points: 5 + 3 }),
      expect.objectContaining({ rank: 2, memberId: 'b', points: 1 - 10 }),
    ]);
  });

  describe('ranking', () => {
    it('is by points, ties sharing a rank and the next rank skipping (1, 1, 3), ties in member id order', async () => {
      const report = await pointsOf([
        member('m-c'),
        member('m-b'),
        member('m-a'),
        member('m-d'),
        service('s1', ['m-c', 'm-b']), // 2 each
        lectureGiven('l', '2024-04-02', 'm-d', ['m-a']), // m-d 3, m-a 1
      ]);
      expect(report).toMatchObject({ hospitalId: 'h1', year: '2024', rulePack: 'cn-branch-2018' });
      expect(report.items.map(({ rank, memberId, points }) => [rank, memberId, points])).toEqual([
        [1, 'm-d', 3],
        [2, 'm-b', 2],
        [2, 'm-c', 2],
        [4, 'm-a', 1],
      ]);
    });

    it('gives a tie at the top rank 1 to each, then 3', async () => {
      const report = await pointsOf([member('x'), member('y'), member('z'), service('s', ['x', 'y'])]);
      expect(report.items.map((item) => item.rank)).toEqual([1, 1, 3]);
    });

    it('returns at most `limit` items, ranked over everyone', async () => {
      const report = await pointsOf([member('x'), member('y'), member('z'), service('s', ['y', 'z'])], 2);
      expect(report.items.map(({ rank, memberId }) => [rank, memberId])).toEqual([
        [1, 'y'],
        [1, 'z'],
      ]);
    });

    it('narrows the lines to the visible ones, each keeping its hospital-wide rank, before the limit', async () => {
      const events = [member('x'), member('y', 'b2'), member('z', 'b2'), service('s', ['x', 'y'])];
      const report = await memberPoints(
        await projectedReadModels(PROJECTIONS, events),
        'h1',
        '2024',
        1,
        (item) => item.branchId === 'b2',
      );
      expect(report.items.map(({ rank, memberId }) => [rank, memberId])).toEqual([[1, 'y']]);
      const all = await memberPoints(await projectedReadModels(PROJECTIONS, events), 'h1', '2024', 5, (item) =>
        ['b2'].includes(item.branchId ?? ''),
      );
      expect(all.items.map(({ rank, memberId }) => [rank, memberId])).toEqual([
        [1, 'y'],
        [3, 'z'],
      ]);
    });

    it('ranks members who belonged to a branch in the year, in the branch they last belonged to', async () => {
      const report = await pointsOf([
        member('stayed'),
        member('gone'),
        event('MemberStatusChanged', { memberId: 'gone', status: 'left', effectiveOn: '2023-06-01', reason: '出党' }),
        member('moved'),
        event('MemberTransferred', {
          memberId: 'moved',
          fromBranchId: 'b',
          toBranchId: 'b2',
          toGroupId: null,
          effectiveOn: '2024-09-01',
        }),
        member('joins-later', 'b', '2025-02-01'),
      ]);
      expect(report.items.map(({ memberId, branchId }) => [memberId, branchId])).toEqual([
        ['moved', 'b2'],
        ['stayed', 'b'],
      ]);
    });
  });
});
