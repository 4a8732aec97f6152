import { DomainError } from '../shared/domain-error';

export const orgUnitAlreadyExists = (unitId: string) =>
  new DomainError('ORG_UNIT.ALREADY_EXISTS', `Org unit ${unitId} is already established`, { unitId });

export const orgUnitNotFound = (unitId: string) =>
  new DomainError('ORG_UNIT.NOT_FOUND', `Org unit ${unitId} does not exist`, { unitId });

/** A hospital is known by its org units: an id none of them names is no hospital of this installation. */
export const hospitalNotFound = (hospitalId: string) =>
  new DomainError('HOSPITAL.NOT_FOUND', `No org unit belongs to hospital ${hospitalId}`, { hospitalId });

export const orgUnitDissolved = (unitId: string) =>
  new DomainError('ORG_UNIT.DISSOLVED', `Org unit ${unitId} is dissolved`, { unitId });

export const parentNotFound = (parentId: string) =>
  new DomainError('ORG_UNIT.PARENT_NOT_FOUND', `Parent unit ${parentId} does not exist`, { parentId });

export const invalidParent = (detail: string) => new DomainError('ORG_UNIT.INVALID_PARENT', detail);

export const unitNotOfKind = (unitId: string, expected: string) =>
  new DomainError('ORG_UNIT.WRONG_KIND', `Org unit ${unitId} is not a ${expected}`, { unitId, expected });

export const invalidTimeZone = (timeZone: string) =>
  new DomainError('ORG.INVALID_TIME_ZONE', `${timeZone} is not an IANA time zone name, e.g. Asia/Shanghai`, {
    timeZone,
  });
