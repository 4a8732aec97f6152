import type { DomainEvent } from '../shared/decider';
import type { CalendarDate } from '../shared/time';

/**
 * 三会一课: 党员大会 general-assembly, 支委会 branch-committee, 党小组会 group-meeting, 主题党日 theme-day,
 * 组织生活会 organizational-life, 民主评议党员 democratic-appraisal.
 */
export type MeetingKind =
  | 'general-assembly'
  | 'branch-committee'
  | 'group-meeting'
  | 'theme-day'
  | 'organizational-life'
  | 'democratic-appraisal';

export interface Absentee {
  readonly memberId: string;
  readonly reason: string;
}

/** Counts as cast; whether the motion carried is judged in the compliance report, not here. */
export interface Vote {
  readonly motion: string;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly election: boolean;
}

/** 会议召开. */
export type MeetingHeld = DomainEvent<
  'MeetingHeld',
  {
    readonly meetingId: string;
    readonly unitId: string;
    readonly kind: MeetingKind;
    readonly heldAt: string;
    /** Decided from the unit: its hospital, and the meeting's calendar date in the unit's time zone. */
    readonly hospitalId: string;
    readonly heldOn: CalendarDate;
    readonly topic: string;
    readonly hostMemberId: string;
    readonly attendeeIds: readonly string[];
    readonly absentees: readonly Absentee[];
    readonly minutesSummary: string | null;
    readonly votes: readonly Vote[];
  }
>;

/** Only the corrected fields are present; the rest of the record stands. */
export type MeetingRecordCorrected = DomainEvent<
  'MeetingRecordCorrected',
  {
    readonly meetingId: string;
    readonly reason: string;
    readonly attendeeIds?: readonly string[];
    readonly absentees?: readonly Absentee[];
    readonly topic?: string;
    readonly minutesSummary?: string | null;
    readonly votes?: readonly Vote[];
  }
>;

export type MeetingRecordRevoked = DomainEvent<
  'MeetingRecordRevoked',
  { readonly meetingId: string; readonly reason: string }
>;

export type MeetingEvent = MeetingHeld | MeetingRecordCorrected | MeetingRecordRevoked;
