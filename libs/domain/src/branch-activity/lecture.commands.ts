import type { ActivityFacts } from './activity.facts';
import type { PartyLectureGiven } from './lecture.events';

/** Giving a lecture records exactly what the command says, so the command carries the event's fields. */
export interface GiveLecture
  extends Readonly<Omit<PartyLectureGiven['data'], 'hospitalId' | 'givenOn'>>, ActivityFacts {
  readonly type: 'GiveLecture';
}

export type LectureCommand = GiveLecture;
