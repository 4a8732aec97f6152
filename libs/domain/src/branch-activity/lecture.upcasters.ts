import type { DomainEvent } from '../shared/decider';
import type { PartyLectureGiven } from './lecture.events';

/** PartyLectureGiven as schema version 1 wrote it: a single lecturer. */
export type PartyLectureGivenV1 = DomainEvent<
  'PartyLectureGiven',
  Omit<PartyLectureGiven['data'], 'lecturerIds'> & { readonly lecturerId: string }
>;

/** Version 1 → 2: the one lecturer becomes the list of lecturers. */
export function partyLectureGivenV1ToV2({
  lecturerId,
  ...lecture
}: PartyLectureGivenV1['data']): PartyLectureGiven['data'] {
  return { ...lecture, lecturerIds: [lecturerId] };
}
