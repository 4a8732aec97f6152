import { recorded } from '../testing/recorded';
import {
  lecturesProjection,
  meetingsProjection,
  volunteerServicesProjection,
  type MeetingDocument,
} from './branch-activity.projections';

const meeting = {
  meetingId: 'mt-1',
  unitId: 'cardiology',
  kind: 'general-assembly',
  heldAt: '2024-04-01T00:30:00+08:00',
  hospitalId: 'h1',
  heldOn: '2024-04-01',
  topic: '学习',
  hostMemberId: 'm1',
  attendeeIds: ['m1', 'm2'],
  absentees: [{ memberId: 'm3', reason: '值班' }],
  minutesSummary: null,
  votes: [],
};

describe('meetings projection', () => {
  const apply = (document: MeetingDocument | null, type: string, data: object, position: string) =>
    meetingsProjection.evolve(document, recorded(type, data, position), 'mt-1');

  it('MeetingHeld records the meeting, dated in its local month, quarter and year', () => {
    expect(meetingsProjection.documentIds(recorded('MeetingHeld', meeting, '1'))).toEqual(['mt-1']);
    expect(apply(null, 'MeetingHeld', meeting, '1')).toEqual({
      ...meeting,
      _id: 'mt-1',
      month: '2024-04',
      quarter: '2024-Q2',
      year: '2024',
      revoked: false,
      corrected: false,
    });
  });

  it('MeetingRecordCorrected applies the corrected fields and marks the record corrected', () => {
    const held = apply(null, 'MeetingHeld', meeting, '1');
    const corrected = apply(
      held,
      'MeetingRecordCorrected',
      { meetingId: 'mt-1', reason: '核对签到表', attendeeIds: ['m1', 'm2', 'm3'], absentees: [] },
      '2',
    );
    expect(corrected).toMatchObject({
      attendeeIds: ['m1', 'm2', 'm3'],
      absentees: [],
      corrected: true,
      revoked: false,
      topic: '学习',
    });
  });

  it('MeetingRecordRevoked keeps the record but marks it revoked', () => {
    const held = apply(null, 'MeetingHeld', meeting, '1');
    expect(apply(held, 'MeetingRecordRevoked', { meetingId: 'mt-1', reason: '重复录入' }, '2')).toMatchObject({
      revoked: true,
      attendeeIds: ['m1', 'm2'],
    });
  });
});

describe('lectures projection', () => {
  it('PartyLectureGiven records the lecture with its local periods', () => {
    const lecture = {
      lectureId: 'l1',
      unitId: 'c',
      lecturerIds: ['m1'],
      title: '党课',
      givenAt: '2024-03-31T16:30:00Z',
      hospitalId: 'h1',
      givenOn: '2024-04-01',
      attendeeIds: ['m2'],
      durationMinutes: 60,
    };
    expect(lecturesProjection.evolve(null, recorded('PartyLectureGiven', lecture, '1'), 'l1')).toEqual({
      ...lecture,
      _id: 'l1',
      month: '2024-04',
      quarter: '2024-Q2',
      year: '2024',
    });
  });
});

describe('volunteer-services projection', () => {
  it('VolunteerServiceHeld records the service with its periods', () => {
    const service = {
      serviceId: 's1',
      unitId: 'c',
      hospitalId: 'h1',
      heldOn: '2024-12-31',
      place: '社区',
      participantIds: ['m1'],
      beneficiaries: 40,
    };
    expect(
      volunteerServicesProjection.evolve(null, recorded('VolunteerServiceHeld', service, '1'), 's1'),
    ).toMatchObject({ _id: 's1', quarter: '2024-Q4', year: '2024', beneficiaries: 40 });
  });
});
