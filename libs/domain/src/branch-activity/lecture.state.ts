import type { PartyLectureGiven } from './lecture.events';

export type LectureRecord = PartyLectureGiven['data'];

export type LectureState =
  { readonly status: 'unknown' } | { readonly status: 'given'; readonly lecture: LectureRecord };

export const initialLectureState: LectureState = { status: 'unknown' };
