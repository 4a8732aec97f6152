import type { ActivityFacts } from './activity.facts';
import type { MeetingHeld, MeetingRecordCorrected } from './meeting.events';

/** Holding a meeting records exactly what the command says, so the command carries the event's fields. */
export interface HoldMeeting extends Readonly<Omit<MeetingHeld['data'], 'hospitalId' | 'heldOn'>>, ActivityFacts {
  readonly type: 'HoldMeeting';
}

/** `people` needs only those the correction adds; the meeting's unit is given again for its date and time zone. */
export interface CorrectMeetingRecord extends Readonly<MeetingRecordCorrected['data']>, ActivityFacts {
  readonly type: 'CorrectMeetingRecord';
}

export interface RevokeMeetingRecord {
  readonly type: 'RevokeMeetingRecord';
  readonly meetingId: string;
  readonly reason: string;
  readonly now: string;
}

export type MeetingCommand = HoldMeeting | CorrectMeetingRecord | RevokeMeetingRecord;
