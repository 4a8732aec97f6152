import type { Absentee } from './meeting.events';

/**
 * Who was at a meeting: its attendees and its host, who takes part in the meeting they lead whether or not the
 * minutes list them as an attendee. A member the minutes record as absent was not there.
 */
export function presentAt(meeting: {
  readonly hostMemberId: string;
  readonly attendeeIds: readonly string[];
  readonly absentees: readonly Absentee[];
}): ReadonlySet<string> {
  const absent = new Set(meeting.absentees.map((absentee) => absentee.memberId));
  return new Set([meeting.hostMemberId, ...meeting.attendeeIds].filter((memberId) => !absent.has(memberId)));
}
