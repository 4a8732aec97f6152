import { DomainError } from '../shared/domain-error';

export const followUpAlreadyScheduled = (followUpId: string) =>
  new DomainError('FOLLOWUP.ALREADY_SCHEDULED', `Follow-up ${followUpId} is already scheduled`, { followUpId });

export const followUpNotFound = (followUpId: string) =>
  new DomainError('FOLLOWUP.NOT_FOUND', `Follow-up ${followUpId} was never scheduled`, { followUpId });

export const followUpAlreadyCompleted = (followUpId: string) =>
  new DomainError('FOLLOWUP.ALREADY_COMPLETED', `Follow-up ${followUpId} is already completed`, { followUpId });

export const callBeforeDischarge = (calledAt: string, dischargedAt: string) =>
  new DomainError('FOLLOWUP.BEFORE_DISCHARGE', `A call at ${calledAt} precedes the discharge at ${dischargedAt}`, {
    calledAt,
    dischargedAt,
  });

export const callerNotMember = (memberId: string, branchId: string, on: string) =>
  new DomainError('FOLLOWUP.CALLER_NOT_MEMBER', `Member ${memberId} did not belong to branch ${branchId} on ${on}`, {
    memberId,
    branchId,
    on,
  });

export const satisfactionWithoutReach = (outcome: string) =>
  new DomainError('FOLLOWUP.SATISFACTION_WITHOUT_REACH', `A call with outcome ${outcome} cannot report satisfaction`, {
    outcome,
  });

export const satisfactionOutOfRange = (satisfaction: number) =>
  new DomainError(
    'FOLLOWUP.SATISFACTION_OUT_OF_RANGE',
    `Satisfaction ${satisfaction} is not a whole number from 1 to 5`,
    {
      satisfaction,
    },
  );
