import type { PartyLectureGivenV1 } from './branch-activity/lecture.upcasters';
import { domainUpcasters } from './upcasters';

const lectureV1: PartyLectureGivenV1 = {
  type: 'PartyLectureGiven',
  data: {
    lectureId: 'l1',
    unitId: 'cardiology',
    lecturerId: 'zhang',
    title: '党课',
    givenAt: '2024-03-20T15:00:00+08:00',
    hospitalId: 'pj-central',
    givenOn: '2024-03-20',
    attendeeIds: ['wang', 'li'],
    durationMinutes: 90,
  },
};

describe('the domain’s upcasters', () => {
  it('PartyLectureGiven is written at version 2', () => {
    expect(domainUpcasters.currentVersion('PartyLectureGiven')).toBe(2);
  });

  it('PartyLectureGiven v1 reads as v2: its one lecturer is the list of lecturers, every other field kept', () => {
    const { lecturerId: _lecturerId, ...unchanged } = lectureV1.data;
    expect(domainUpcasters.upcast(lectureV1, 1)).toEqual({
      type: 'PartyLectureGiven',
      data: { ...unchanged, lecturerIds: ['zhang'] },
      schemaVersion: 2,
    });
  });
});
