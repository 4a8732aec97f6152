import type { Absentee, MeetingHeld, PartyLectureGiven } from '@app/domain';

/** A theme day in branch `b` of hospital `h1` on a date, for report tests. */
export function meetingHeld(
  meetingId: string,
  heldOn: string,
  people: { readonly host: string; readonly attendeeIds?: string[]; readonly absentees?: Absentee[] },
): MeetingHeld {
  return {
    type: 'MeetingHeld',
    data: {
      meetingId,
      unitId: 'b',
      kind: 'theme-day',
      heldAt: `${heldOn}T09:00:00+08:00`,
      hospitalId: 'h1',
      heldOn,
      topic: '主题党日',
      hostMemberId: people.host,
      attendeeIds: people.attendeeIds ?? [],
      absentees: people.absentees ?? [],
      minutesSummary: null,
      votes: [],
    },
  };
}

/** A 党课 in branch `b` of hospital `h1` on a date, for report tests. */
export function lectureGiven(
  lectureId: string,
  givenOn: string,
  lecturerId: string,
  attendeeIds: string[],
): PartyLectureGiven {
  return {
    type: 'PartyLectureGiven',
    data: {
      lectureId,
      unitId: 'b',
      lecturerIds: [lecturerId],
      title: '党课',
      givenAt: `${givenOn}T09:00:00+08:00`,
      hospitalId: 'h1',
      givenOn,
      attendeeIds,
      durationMinutes: 60,
    },
  };
}
