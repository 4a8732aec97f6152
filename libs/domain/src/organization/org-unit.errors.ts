import { DomainError } from '../shared/domain-error';

export const orgUnitAlreadyExists = (unitId: string) =>
  new DomainError('ORG_UNIT.ALREADY_EXISTS', `Org unit ${unitId} is already established`, { unitId });

export const orgUnitNotFound = (unitId: string) =>
  new DomainError('ORG_UNIT.NOT_FOUND', `Org unit ${unitId} does not exist`, { unitId });

export const orgUnitDissolved = (unitId: string) =>
  new DomainError('ORG_UNIT.DISSOLVED', `Org unit ${unitId} is dissolved`, { unitId });
