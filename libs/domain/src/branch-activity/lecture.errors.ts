import { DomainError } from '../shared/domain-error';

export const lectureAlreadyRecorded = (lectureId: string) =>
  new DomainError('LECTURE.ALREADY_RECORDED', `Lecture ${lectureId} is already recorded`, { lectureId });

export const lecturerNotMember = (memberId: string, unitId: string, on: string) =>
  new DomainError('LECTURE.LECTURER_NOT_MEMBER', `Lecturer ${memberId} was not a member of unit ${unitId} on ${on}`, {
    memberId,
    unitId,
    on,
  });

export const lectureAttendeeNotMember = (memberId: string, unitId: string, on: string) =>
  new DomainError('LECTURE.ATTENDEE_NOT_MEMBER', `Attendee ${memberId} was not a member of unit ${unitId} on ${on}`, {
    memberId,
    unitId,
    on,
  });

export const duplicateLectureAttendee = (memberId: string) =>
  new DomainError('LECTURE.DUPLICATE_ATTENDEE', `Attendee ${memberId} is listed more than once`, { memberId });
