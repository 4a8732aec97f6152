import { localDate } from '../shared/time';
import { specFor } from '../testing/given-when-then';
import type { GiveLecture } from './lecture.commands';
import { lectureDecider } from './lecture.decide';
import type { PartyLectureGiven } from './lecture.events';
import { branchAncestors, cardiology, committee, MOBILE, now, people } from './testing-fixtures';

const given = specFor(lectureDecider);

const record: PartyLectureGiven['data'] = {
  lectureId: 'cardiology-2024-q1-lecture',
  unitId: 'cardiology',
  lecturerIds: ['zhang'],
  title: '坚持人民至上，守护群众健康',
  givenAt: '2024-03-20T15:00:00+08:00',
  attendeeIds: ['wang', 'li'],
  durationMinutes: 90,
  hospitalId: 'pj-central',
  givenOn: '2024-03-20',
};
const lectureGiven: PartyLectureGiven = { type: 'PartyLectureGiven', data: record };
/** The recorded lecture with some fields changed; its local date follows its time, in Shanghai. */
const givenWith = (changes: Partial<PartyLectureGiven['data']>): PartyLectureGiven => ({
  type: 'PartyLectureGiven',
  data: { ...record, ...changes, givenOn: localDate(changes.givenAt ?? record.givenAt, 'Asia/Shanghai') },
});

const give = (changes: Partial<GiveLecture> = {}): GiveLecture => ({
  type: 'GiveLecture',
  ...record,
  unit: cardiology,
  people,
  branchAncestors,
  now,
  ...changes,
});

describe('party lecture (党课)', () => {
  it('is recorded as given, with the lecturer and who attended', () => {
    given([]).when(give()).then([lectureGiven]);
  });

  it('records a lecture id only once', () => {
    given([lectureGiven]).when(give()).thenRefusedWith('LECTURE.ALREADY_RECORDED');
  });

  it('given in the committee counts every member of the branches below it', () => {
    const committeeLecture = { unitId: committee.unitId, attendeeIds: ['wang', 'zhao'] };
    given([])
      .when(give({ ...committeeLecture, unit: committee }))
      .then([givenWith(committeeLecture)]);
    given([])
      .when(give({ ...committeeLecture, unit: committee, branchAncestors: {} }))
      .thenRefusedWith('LECTURE.LECTURER_NOT_MEMBER');
  });

  it('is given in a unit that exists', () => {
    given([])
      .when(give({ unit: null }))
      .thenRefusedWith('ORG_UNIT.NOT_FOUND');
  });

  it('is refused on or after the unit’s dissolution, judged by the local date', () => {
    const dissolvedOnApril1 = { ...cardiology, dissolvedOn: '2024-04-01' };
    given([])
      .when(give({ unit: dissolvedOnApril1, givenAt: '2024-04-01T00:30:00+08:00' }))
      .thenRefusedWith('ORG_UNIT.DISSOLVED');
    given([])
      .when(give({ unit: dissolvedOnApril1, givenAt: '2024-03-31T16:30:00Z' }))
      .thenRefusedWith('ORG_UNIT.DISSOLVED');
    given([])
      .when(give({ unit: dissolvedOnApril1, givenAt: '2024-03-31T23:30:00+08:00' }))
      .then([givenWith({ givenAt: '2024-03-31T23:30:00+08:00' })]);
  });

  it('cannot be recorded in the future', () => {
    given([])
      .when(give({ givenAt: '2024-06-30T20:06:00+08:00' }))
      .thenRefusedWith('TIME.IN_FUTURE');
  });

  it('is given by a member of the unit on the day', () => {
    given([])
      .when(give({ lecturerIds: ['zhao'] }))
      .thenRefusedWith('LECTURE.LECTURER_NOT_MEMBER');
  });

  it('given jointly, names every lecturer, each a member of the unit on the day', () => {
    given([])
      .when(give({ lecturerIds: ['zhang', 'wang'], attendeeIds: ['li'] }))
      .then([givenWith({ lecturerIds: ['zhang', 'wang'], attendeeIds: ['li'] })]);
    given([])
      .when(give({ lecturerIds: ['zhang', 'zhao'] }))
      .thenRefusedWith('LECTURE.LECTURER_NOT_MEMBER');
  });

  it('counts as attendees only members of the unit on the day: not one who transferred out before', () => {
    given([])
      .when(give({ attendeeIds: ['wang', 'liu'] }))
      .thenRefusedWith('LECTURE.ATTENDEE_NOT_MEMBER');
    given([])
      .when(give({ givenAt: '2024-02-20T15:00:00+08:00', attendeeIds: ['wang', 'liu'] }))
      .then([givenWith({ givenAt: '2024-02-20T15:00:00+08:00', attendeeIds: ['wang', 'liu'] })]);
  });

  it('lists each attendee once', () => {
    given([])
      .when(give({ attendeeIds: ['wang', 'li', 'wang'] }))
      .thenRefusedWith('LECTURE.DUPLICATE_ATTENDEE');
  });

  it('refuses personal data in its title', () => {
    given([])
      .when(give({ title: `党课（联系人${MOBILE}）` }))
      .thenRefusedWith('PII.FORBIDDEN');
  });
});
