import type { DomainEvent } from '../shared/decider';

/** 党课. */
export type PartyLectureGiven = DomainEvent<
  'PartyLectureGiven',
  {
    readonly lectureId: string;
    readonly unitId: string;
    readonly lecturerId: string;
    readonly title: string;
    readonly givenAt: string;
    readonly attendeeIds: readonly string[];
    readonly durationMinutes: number;
  }
>;

export type LectureEvent = PartyLectureGiven;
