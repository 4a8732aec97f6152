import { DomainError } from '../shared/domain-error';

export const schemeAlreadyPublished = (schemeId: string) =>
  new DomainError('SCHEME.ALREADY_PUBLISHED', `Scoring scheme ${schemeId} is already published`, { schemeId });

export const schemeNotFound = (schemeId: string) =>
  new DomainError('SCHEME.NOT_FOUND', `Scoring scheme ${schemeId} is not published`, { schemeId });

export const duplicateIndicator = (code: string) =>
  new DomainError('SCHEME.DUPLICATE_INDICATOR', `Indicator ${code} is listed twice`, { code });

export const invalidLimit = (field: string, value: number) =>
  new DomainError('SCHEME.INVALID_LIMIT', `${field} ${value} is not a valid limit`, { field, value });

export const invalidStars = (detail: string) => new DomainError('SCHEME.INVALID_STARS', detail);

export const invalidNotApplicableRule = (rule: unknown) =>
  new DomainError('SCHEME.INVALID_NOT_APPLICABLE_RULE', `${String(rule)} is not a rule for indicators with no basis`, {
    rule: String(rule),
  });
