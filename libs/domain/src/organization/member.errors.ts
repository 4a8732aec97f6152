import { DomainError } from '../shared/domain-error';

export const memberAlreadyRegistered = (memberId: string) =>
  new DomainError('MEMBER.ALREADY_REGISTERED', `Member ${memberId} is already registered`, { memberId });

export const memberNotFound = (memberId: string) =>
  new DomainError('MEMBER.NOT_FOUND', `Member ${memberId} is not registered`, { memberId });

export const memberLeft = (memberId: string, on: string) =>
  new DomainError('MEMBER.LEFT', `Member ${memberId} had left the Party organization by ${on}`, { memberId, on });

export const invalidMemberDates = (detail: string) => new DomainError('MEMBER.INVALID_DATES', detail);

export const groupNotInBranch = (groupId: string, branchId: string) =>
  new DomainError('MEMBER.GROUP_NOT_IN_BRANCH', `Group ${groupId} does not belong to branch ${branchId}`, {
    groupId,
    branchId,
  });

export const alreadyInBranch = (memberId: string, branchId: string) =>
  new DomainError('MEMBER.ALREADY_IN_BRANCH', `Member ${memberId} already belongs to branch ${branchId}`, {
    memberId,
    branchId,
  });

export const postLevelMismatch = (post: string, unitKind: string) =>
  new DomainError('POST.LEVEL_MISMATCH', `A ${post} is held in a unit of its own level, not a ${unitKind}`, {
    post,
    unitKind,
  });

export const postHolderNotMember = (memberId: string, unitId: string) =>
  new DomainError('POST.HOLDER_NOT_MEMBER', `Member ${memberId} does not belong to unit ${unitId} then`, {
    memberId,
    unitId,
  });

export const postNotHeld = (post: string, unitId: string) =>
  new DomainError('POST.NOT_HELD', `No ${post} term in unit ${unitId} is open`, { post, unitId });

export const branchInOtherHospital = (branchId: string, hospitalId: string) =>
  new DomainError('MEMBER.BRANCH_IN_OTHER_HOSPITAL', `Branch ${branchId} is not a branch of hospital ${hospitalId}`, {
    branchId,
    hospitalId,
  });

export const groupInOtherHospital = (groupId: string, hospitalId: string) =>
  new DomainError('MEMBER.GROUP_IN_OTHER_HOSPITAL', `Group ${groupId} is not a group of hospital ${hospitalId}`, {
    groupId,
    hospitalId,
  });

/** A member belongs to one hospital for life: moving to another hospital's branch is a new registration there. */
export const transferAcrossHospitals = (memberId: string, toBranchId: string) =>
  new DomainError(
    'MEMBER.TRANSFER_ACROSS_HOSPITALS',
    `Member ${memberId} cannot move to branch ${toBranchId} of another hospital; register them there instead`,
    { memberId, toBranchId },
  );
