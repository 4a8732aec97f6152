import { localDate } from '../shared/time';
import { specFor } from '../testing/given-when-then';
import type { CorrectMeetingRecord, HoldMeeting, RevokeMeetingRecord } from './meeting.commands';
import { meetingDecider } from './meeting.decide';
import type { MeetingHeld, MeetingRecordCorrected, MeetingRecordRevoked } from './meeting.events';
import { branchAncestors, cardiology, cardiologyGroup, committee, MOBILE, now, people } from './testing-fixtures';

const given = specFor(meetingDecider);

const record: MeetingHeld['data'] = {
  meetingId: 'cardiology-2024-03-ga',
  unitId: 'cardiology',
  kind: 'general-assembly',
  heldAt: '2024-03-12T14:00:00+08:00',
  topic: '学习贯彻党的二十大精神',
  hostMemberId: 'zhang',
  attendeeIds: ['zhang', 'wang'],
  absentees: [{ memberId: 'li', reason: '值夜班' }],
  minutesSummary: '传达上级精神，讨论发展党员工作',
  votes: [{ motion: '接收预备党员', yes: 2, no: 0, abstain: 0, election: false }],
  hospitalId: 'pj-central',
  heldOn: '2024-03-12',
};
const held: MeetingHeld = { type: 'MeetingHeld', data: record };
/** The recorded meeting with some fields changed; its local date follows its time, in Shanghai. */
const heldWith = (changes: Partial<MeetingHeld['data']>): MeetingHeld => ({
  type: 'MeetingHeld',
  data: { ...record, ...changes, heldOn: localDate(changes.heldAt ?? record.heldAt, 'Asia/Shanghai') },
});

const hold = (changes: Partial<HoldMeeting> = {}): HoldMeeting => ({
  type: 'HoldMeeting',
  ...record,
  unit: cardiology,
  people,
  branchAncestors,
  now,
  ...changes,
});

const correct = (changes: Partial<CorrectMeetingRecord> = {}): CorrectMeetingRecord => ({
  type: 'CorrectMeetingRecord',
  meetingId: record.meetingId,
  reason: '会后核对签到表',
  unit: cardiology,
  people,
  branchAncestors,
  now,
  ...changes,
});
const corrected = (changes: Omit<MeetingRecordCorrected['data'], 'meetingId' | 'reason'>): MeetingRecordCorrected => ({
  type: 'MeetingRecordCorrected',
  data: { meetingId: record.meetingId, reason: '会后核对签到表', ...changes },
});

const revoke: RevokeMeetingRecord = {
  type: 'RevokeMeetingRecord',
  meetingId: record.meetingId,
  reason: '重复录入',
  now,
};
const revoked: MeetingRecordRevoked = {
  type: 'MeetingRecordRevoked',
  data: { meetingId: record.meetingId, reason: '重复录入' },
};

describe('meeting (三会一课)', () => {
  describe('holding', () => {
    it('is recorded as held, with who came, who did not and why, and the votes cast', () => {
      given([]).when(hold()).then([held]);
    });

    it('records a meeting id only once, even after revocation', () => {
      given([held]).when(hold()).thenRefusedWith('MEETING.ALREADY_RECORDED');
      given([held, revoked]).when(hold()).thenRefusedWith('MEETING.ALREADY_RECORDED');
    });

    it('is held in a unit that exists', () => {
      given([])
        .when(hold({ unit: null }))
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
    });

    it('is refused on or after the unit’s dissolution, judged by the local date, not UTC', () => {
      const dissolvedOnApril1 = { ...cardiology, dissolvedOn: '2024-04-01' };
      given([])
        .when(hold({ unit: dissolvedOnApril1, heldAt: '2024-04-01T00:30:00+08:00' }))
        .thenRefusedWith('ORG_UNIT.DISSOLVED');
      given([])
        .when(hold({ unit: dissolvedOnApril1, heldAt: '2024-03-31T16:30:00Z' }))
        .thenRefusedWith('ORG_UNIT.DISSOLVED');
      given([])
        .when(hold({ unit: dissolvedOnApril1, heldAt: '2024-03-31T23:30:00+08:00' }))
        .then([heldWith({ heldAt: '2024-03-31T23:30:00+08:00' })]);
    });

    it('is a group meeting in a group, and every other kind in a branch', () => {
      given([])
        .when(hold({ kind: 'group-meeting' }))
        .thenRefusedWith('MEETING.KIND_NOT_FOR_UNIT');
      given([])
        .when(hold({ kind: 'theme-day', unitId: 'cardiology-g1', unit: cardiologyGroup, hostMemberId: 'wang' }))
        .thenRefusedWith('MEETING.KIND_NOT_FOR_UNIT');
      given([])
        .when(hold({ unitId: committee.unitId, unit: committee }))
        .thenRefusedWith('MEETING.KIND_NOT_FOR_UNIT');
      const groupMeeting = {
        kind: 'group-meeting' as const,
        unitId: 'cardiology-g1',
        hostMemberId: 'wang',
        attendeeIds: ['wang', 'li'],
        absentees: [],
        votes: [],
      };
      given([])
        .when(hold({ ...groupMeeting, unit: cardiologyGroup }))
        .then([heldWith(groupMeeting)]);
    });

    it('cannot be recorded in the future, beyond five minutes of clock skew', () => {
      given([])
        .when(hold({ heldAt: '2024-06-30T20:06:00+08:00' }))
        .thenRefusedWith('TIME.IN_FUTURE');
      given([])
        .when(hold({ heldAt: '2024-06-30T20:04:00+08:00' }))
        .then([heldWith({ heldAt: '2024-06-30T20:04:00+08:00' })]);
    });

    it('is hosted by a member of the unit on the day', () => {
      given([])
        .when(hold({ hostMemberId: 'zhao' }))
        .thenRefusedWith('MEETING.HOST_NOT_MEMBER');
    });

    it('lists as attendees only members of the unit on the day', () => {
      given([])
        .when(hold({ attendeeIds: ['zhang', 'zhao'], votes: [] }))
        .thenRefusedWith('MEETING.ATTENDEE_NOT_MEMBER');
      given([])
        .when(hold({ attendeeIds: ['zhang', 'unregistered'], votes: [] }))
        .thenRefusedWith('MEETING.ATTENDEE_NOT_MEMBER');
      const groupMeeting = hold({
        kind: 'group-meeting',
        unitId: 'cardiology-g1',
        unit: cardiologyGroup,
        hostMemberId: 'wang',
      });
      given([]).when(groupMeeting).thenRefusedWith('MEETING.ATTENDEE_NOT_MEMBER');
    });

    it('does not count a member who transferred out before the meeting date', () => {
      given([])
        .when(hold({ attendeeIds: ['zhang', 'wang', 'liu'] }))
        .thenRefusedWith('MEETING.ATTENDEE_NOT_MEMBER');
      given([])
        .when(hold({ heldAt: '2024-02-20T14:00:00+08:00', attendeeIds: ['zhang', 'wang', 'liu'] }))
        .then([heldWith({ heldAt: '2024-02-20T14:00:00+08:00', attendeeIds: ['zhang', 'wang', 'liu'] })]);
    });

    it('does not count a member who had left the Party organization', () => {
      given([])
        .when(hold({ attendeeIds: ['zhang', 'wang', 'qian'] }))
        .thenRefusedWith('MEETING.ATTENDEE_NOT_MEMBER');
    });

    it('lists as absentees only members of the unit on the day', () => {
      given([])
        .when(hold({ absentees: [{ memberId: 'zhao', reason: '外出进修' }] }))
        .thenRefusedWith('MEETING.ABSENTEE_NOT_MEMBER');
    });

    it('names the member who did not belong', () => {
      const refusal = { memberId: 'zhao', unitId: 'cardiology', on: '2024-03-12' };
      expect(() => meetingDecider.decide(hold({ hostMemberId: 'zhao' }), meetingDecider.initialState)).toThrow(
        expect.objectContaining({ code: 'MEETING.HOST_NOT_MEMBER', details: refusal }),
      );
      expect(() =>
        meetingDecider.decide(hold({ attendeeIds: ['zhang', 'zhao'], votes: [] }), meetingDecider.initialState),
      ).toThrow(expect.objectContaining({ code: 'MEETING.ATTENDEE_NOT_MEMBER', details: refusal }));
      expect(() =>
        meetingDecider.decide(
          hold({ absentees: [{ memberId: 'zhao', reason: '外出进修' }] }),
          meetingDecider.initialState,
        ),
      ).toThrow(expect.objectContaining({ code: 'MEETING.ABSENTEE_NOT_MEMBER', details: refusal }));
    });

    it('does not record a member both present and absent', () => {
      given([])
        .when(hold({ attendeeIds: ['zhang', 'wang', 'li'] }))
        .thenRefusedWith('MEETING.ATTENDEE_ALSO_ABSENT');
    });

    it('lists each attendee once', () => {
      given([])
        .when(hold({ attendeeIds: ['zhang', 'wang', 'wang'] }))
        .thenRefusedWith('MEETING.DUPLICATE_ATTENDEE');
    });

    it('lists each absentee once', () => {
      const absentees = [
        { memberId: 'li', reason: '值夜班' },
        { memberId: 'li', reason: '值夜班' },
      ];
      given([]).when(hold({ absentees })).thenRefusedWith('MEETING.DUPLICATE_ABSENTEE');
    });

    it('counts no more ballots on a motion than members present', () => {
      const votes = [{ motion: '接收预备党员', yes: 2, no: 1, abstain: 0, election: false }];
      given([]).when(hold({ votes })).thenRefusedWith('MEETING.VOTES_EXCEED_ATTENDANCE');
    });

    it('counts the host among the members present, listed as an attendee or not', () => {
      const votes = [{ motion: '接收预备党员', yes: 1, no: 1, abstain: 0, election: false }];
      given([])
        .when(hold({ attendeeIds: ['wang'], votes }))
        .then([heldWith({ attendeeIds: ['wang'], votes })]);
      given([])
        .when(hold({ attendeeIds: ['wang'], votes: [{ ...votes[0], abstain: 1 }] }))
        .thenRefusedWith('MEETING.VOTES_EXCEED_ATTENDANCE');
    });

    it('records a meeting short of quorum or a motion that failed: those are report findings', () => {
      const votes = [{ motion: '选举支部书记', yes: 0, no: 1, abstain: 1, election: true }];
      given([])
        .when(hold({ votes, minutesSummary: null }))
        .then([heldWith({ votes, minutesSummary: null })]);
    });

    it.each([
      ['topic', { topic: `联系人${MOBILE}` }],
      ['minutesSummary', { minutesSummary: `患者电话${MOBILE}` }],
      ['an absentee’s reason', { absentees: [{ memberId: 'li', reason: `请假，电话${MOBILE}` }] }],
      ['a vote’s motion', { votes: [{ motion: `关于${MOBILE}`, yes: 1, no: 0, abstain: 0, election: false }] }],
    ])('refuses personal data in %s', (_field, changes: Partial<HoldMeeting>) => {
      given([]).when(hold(changes)).thenRefusedWith('PII.FORBIDDEN');
    });
  });

  describe('correcting', () => {
    it('records only the fields the correction changes; re-ordering attendance changes nothing', () => {
      given([held])
        .when(correct({ topic: '学习贯彻党的二十大精神（第二次）', attendeeIds: ['wang', 'zhang'] }))
        .then([corrected({ topic: '学习贯彻党的二十大精神（第二次）' })]);
    });

    it('appends nothing when nothing changes', () => {
      const { topic, attendeeIds, absentees, minutesSummary, votes } = record;
      given([held]).when(correct({ topic, attendeeIds, absentees, minutesSummary, votes })).then([]);
      given([held]).when(correct()).then([]);
    });

    it('builds on earlier corrections', () => {
      const topic = '主题党日：学习党章';
      given([held, corrected({ topic })])
        .when(correct({ topic }))
        .then([]);
      given([held, corrected({ minutesSummary: null })])
        .when(correct({ minutesSummary: '补录纪要' }))
        .then([corrected({ minutesSummary: '补录纪要' })]);
    });

    it('moves a member from absent to present without asking for their facts again', () => {
      const change = { attendeeIds: ['zhang', 'wang', 'li'], absentees: [] };
      given([held])
        .when(correct({ ...change, people: {} }))
        .then([corrected(change)]);
    });

    it('adds only people who were members of the unit on the meeting’s date, not today', () => {
      given([held])
        .when(correct({ attendeeIds: ['zhang', 'wang', 'sun'] }))
        .thenRefusedWith('MEETING.ATTENDEE_NOT_MEMBER');
      given([held])
        .when(correct({ absentees: [...record.absentees, { memberId: 'sun', reason: '休假' }] }))
        .thenRefusedWith('MEETING.ABSENTEE_NOT_MEMBER');
    });

    it('cannot leave a member both present and absent', () => {
      const absentees = [...record.absentees, { memberId: 'wang', reason: '临时手术' }];
      given([held]).when(correct({ absentees })).thenRefusedWith('MEETING.ATTENDEE_ALSO_ABSENT');
    });

    it('lists each attendee once', () => {
      given([held])
        .when(correct({ attendeeIds: ['zhang', 'wang', 'zhang'] }))
        .thenRefusedWith('MEETING.DUPLICATE_ATTENDEE');
    });

    it('cannot leave more ballots than members present', () => {
      given([held])
        .when(correct({ attendeeIds: ['zhang'] }))
        .thenRefusedWith('MEETING.VOTES_EXCEED_ATTENDANCE');
    });

    it.each([
      ['its reason', { reason: `家属电话${MOBILE}` }],
      ['topic', { topic: `联系人${MOBILE}` }],
      ['minutesSummary', { minutesSummary: `患者电话${MOBILE}` }],
      ['an absentee’s reason', { absentees: [{ memberId: 'li', reason: `电话${MOBILE}` }] }],
      ['a vote’s motion', { votes: [{ motion: `关于${MOBILE}`, yes: 1, no: 0, abstain: 0, election: false }] }],
    ])('refuses personal data in %s', (_field, changes: Partial<CorrectMeetingRecord>) => {
      given([held]).when(correct(changes)).thenRefusedWith('PII.FORBIDDEN');
    });

    it('corrects only a recorded meeting that was not revoked', () => {
      given([])
        .when(correct({ topic: '新议题' }))
        .thenRefusedWith('MEETING.NOT_FOUND');
      given([held, revoked])
        .when(correct({ topic: '新议题' }))
        .thenRefusedWith('MEETING.REVOKED');
    });
  });

  describe('revoking', () => {
    it('revokes a recorded meeting with a reason', () => {
      given([held]).when(revoke).then([revoked]);
      given([held, corrected({ topic: '新议题' })])
        .when(revoke)
        .then([revoked]);
    });

    it('revokes only a recorded meeting, and only once', () => {
      given([]).when(revoke).thenRefusedWith('MEETING.NOT_FOUND');
      given([held, revoked]).when(revoke).thenRefusedWith('MEETING.REVOKED');
    });

    it('refuses personal data in its reason', () => {
      given([held])
        .when({ ...revoke, reason: `应患者${MOBILE}要求` })
        .thenRefusedWith('PII.FORBIDDEN');
    });
  });
});
