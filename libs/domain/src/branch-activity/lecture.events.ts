import type { DomainEvent } from '../shared/decider';
import type { CalendarDate } from '../shared/time';

/**
 * 党课. Schema version 2: a lecture may be given jointly (a branch secretary with a department head, say), so it
 * names every lecturer; version 1 named one (see lecture.upcasters.ts).
 */
export type PartyLectureGiven = DomainEvent<
  'PartyLectureGiven',
  {
    readonly lectureId: string;
    readonly unitId: string;
    readonly lecturerIds: readonly [string, ...string[]];
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
