import { DomainError } from '../shared/domain-error';

export const meetingAlreadyRecorded = (meetingId: string) =>
  new DomainError('MEETING.ALREADY_RECORDED', `Meeting ${meetingId} is already recorded`, { meetingId });

export const meetingNotFound = (meetingId: string) =>
  new DomainError('MEETING.NOT_FOUND', `Meeting ${meetingId} is not recorded`, { meetingId });

export const meetingRevoked = (meetingId: string) =>
  new DomainError('MEETING.REVOKED', `The record of meeting ${meetingId} was revoked`, { meetingId });

export const meetingKindNotForUnit = (kind: string, unitId: string, unitKind: string) =>
  new DomainError('MEETING.KIND_NOT_FOR_UNIT', `A ${kind} is not held in a ${unitKind} (${unitId})`, {
    kind,
    unitId,
    unitKind,
  });

export const meetingHostNotMember = (memberId: string, unitId: string, on: string) =>
  new DomainError('MEETING.HOST_NOT_MEMBER', `Host ${memberId} was not a member of unit ${unitId} on ${on}`, {
    memberId,
    unitId,
    on,
  });

export const meetingAttendeeNotMember = (memberId: string, unitId: string, on: string) =>
  new DomainError('MEETING.ATTENDEE_NOT_MEMBER', `Attendee ${memberId} was not a member of unit ${unitId} on ${on}`, {
    memberId,
    unitId,
    on,
  });

export const meetingAbsenteeNotMember = (memberId: string, unitId: string, on: string) =>
  new DomainError('MEETING.ABSENTEE_NOT_MEMBER', `Absentee ${memberId} was not a member of unit ${unitId} on ${on}`, {
    memberId,
    unitId,
    on,
  });

export const attendeeAlsoAbsent = (memberId: string) =>
  new DomainError('MEETING.ATTENDEE_ALSO_ABSENT', `Member ${memberId} is recorded both present and absent`, {
    memberId,
  });

export const duplicateMeetingAttendee = (memberId: string) =>
  new DomainError('MEETING.DUPLICATE_ATTENDEE', `Attendee ${memberId} is listed more than once`, { memberId });

export const duplicateMeetingAbsentee = (memberId: string) =>
  new DomainError('MEETING.DUPLICATE_ABSENTEE', `Absentee ${memberId} is listed more than once`, { memberId });

export const votesExceedAttendance = (motion: string, cast: number, present: number) =>
  new DomainError('MEETING.VOTES_EXCEED_ATTENDANCE', `${cast} votes on "${motion}" but only ${present} present`, {
    motion,
    cast,
    present,
  });
