import type { DomainEvent } from '../shared/decider';
import type { CalendarDate } from '../shared/time';

/** 党课. */
export type PartyLectureGiven = DomainEvent<
  'PartyLectureGiven',
  {
    readonly lectureId: string;
    readonly unitId: string;
    readonly lecturerId: string;
    readonly title: string;
    readonly givenAt: string;
    /** Decided from the unit: its hospital, and the lecture's calendar date in the unit's time zone. */
    readonly hospitalId: string;
    readonly givenOn: CalendarDate;
    readonly attendeeIds: readonly string[];
    readonly durationMinutes: number;
  }
>;

export type LectureEvent = PartyLectureGiven;
