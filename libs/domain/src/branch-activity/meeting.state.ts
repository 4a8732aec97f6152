import type { MeetingHeld, MeetingRecordCorrected } from './meeting.events';

/** The meeting as it now stands, corrections applied. */
export type MeetingRecord = MeetingHeld['data'];

export type MeetingCorrection = Omit<MeetingRecordCorrected['data'], 'meetingId' | 'reason'>;

/** A revoked record counts for nothing but stays in the log, so the id cannot be reused. */
export type MeetingState =
  | { readonly status: 'unknown' }
  | { readonly status: 'recorded'; readonly record: MeetingRecord; readonly revoked: boolean };

export const initialMeetingState: MeetingState = { status: 'unknown' };

/** The corrected fields over the current ones; a `minutesSummary` of null clears it. */
export function withCorrection(record: MeetingRecord, correction: MeetingCorrection): MeetingRecord {
  return {
    ...record,
    topic: correction.topic ?? record.topic,
    attendeeIds: correction.attendeeIds ?? record.attendeeIds,
    absentees: correction.absentees ?? record.absentees,
    minutesSummary: correction.minutesSummary === undefined ? record.minutesSummary : correction.minutesSummary,
    votes: correction.votes ?? record.votes,
  };
}
