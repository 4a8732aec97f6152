import { DomainError } from '../shared/domain-error';

export const volunteerServiceAlreadyRecorded = (serviceId: string) =>
  new DomainError('VOLUNTEER_SERVICE.ALREADY_RECORDED', `Volunteer service ${serviceId} is already recorded`, {
    serviceId,
  });

export const volunteerParticipantNotMember = (memberId: string, unitId: string, on: string) =>
  new DomainError(
    'VOLUNTEER_SERVICE.PARTICIPANT_NOT_MEMBER',
    `Participant ${memberId} was not a member of unit ${unitId} on ${on}`,
    { memberId, unitId, on },
  );

export const duplicateVolunteerParticipant = (memberId: string) =>
  new DomainError('VOLUNTEER_SERVICE.DUPLICATE_PARTICIPANT', `Participant ${memberId} is listed more than once`, {
    memberId,
  });
