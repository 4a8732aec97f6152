import { DomainError } from '../shared/domain-error';
import type { SheetKey } from './assessment-period.state';

export const invalidPeriod = (periodId: string) =>
  new DomainError('ASSESSMENT.INVALID_PERIOD', `Period id ${periodId} does not end in a quarter such as 2024-Q1`, {
    periodId,
  });

export const periodAlreadyOpen = (periodId: string) =>
  new DomainError('ASSESSMENT.PERIOD_ALREADY_OPEN', `Assessment period ${periodId} is already open`, { periodId });

export const periodNotFound = (periodId: string) =>
  new DomainError('ASSESSMENT.PERIOD_NOT_FOUND', `Assessment period ${periodId} was never opened`, { periodId });

export const periodClosed = (periodId: string) =>
  new DomainError('ASSESSMENT.PERIOD_CLOSED', `Assessment period ${periodId} is closed`, { periodId });

export const branchNotInHospital = (branchId: string, hospitalId: string) =>
  new DomainError('ASSESSMENT.BRANCH_NOT_IN_HOSPITAL', `${branchId} is not a branch of hospital ${hospitalId}`, {
    branchId,
    hospitalId,
  });

export const unknownIndicator = (code: string) =>
  new DomainError('ASSESSMENT.UNKNOWN_INDICATOR', `The scheme has no indicator ${code}`, { code });

export const automaticIndicator = (code: string) =>
  new DomainError(
    'ASSESSMENT.AUTOMATIC_INDICATOR',
    `Indicator ${code} is computed from the reports, not scored by hand`,
    {
      code,
    },
  );

export const duplicateItem = (code: string) =>
  new DomainError('ASSESSMENT.DUPLICATE_ITEM', `Indicator ${code} is scored twice on the sheet`, { code });

export const missingItem = (code: string) =>
  new DomainError('ASSESSMENT.MISSING_ITEM', `The sheet does not score indicator ${code}`, { code });

export const scoreOutOfRange = (field: string, value: number, max: number | null) =>
  new DomainError(
    'ASSESSMENT.SCORE_OUT_OF_RANGE',
    max === null ? `${field} ${value} must be zero or more` : `${field} ${value} is outside [0, ${max}]`,
    { field, value, max },
  );

export const bonusOverCap = (total: number, cap: number) =>
  new DomainError('ASSESSMENT.BONUS_OVER_CAP', `Bonus points ${total} exceed the cap of ${cap}`, { total, cap });

export const deductionOverCap = (total: number, cap: number) =>
  new DomainError('ASSESSMENT.DEDUCTION_OVER_CAP', `Deduction points ${total} exceed the cap of ${cap}`, {
    total,
    cap,
  });

export const reasonRequired = (field: string) =>
  new DomainError('ASSESSMENT.REASON_REQUIRED', `${field} needs a reason`, { field });

export const assessorNotCommittee = (assessorId: string, on: string) =>
  new DomainError(
    'ASSESSMENT.ASSESSOR_NOT_COMMITTEE',
    `Member ${assessorId} holds no committee post of the hospital on ${on}`,
    {
      assessorId,
      on,
    },
  );

export const conflictOfInterest = (assessorId: string, branchId: string) =>
  new DomainError(
    'ASSESSMENT.CONFLICT_OF_INTEREST',
    `Member ${assessorId} belongs to branch ${branchId} and cannot score it`,
    {
      assessorId,
      branchId,
    },
  );

export const alreadyScored = (assessorId: string, branchId: string) =>
  new DomainError(
    'ASSESSMENT.ALREADY_SCORED',
    `Member ${assessorId} has already scored branch ${branchId}; correct the sheet`,
    {
      assessorId,
      branchId,
    },
  );

export const notScored = (assessorId: string, branchId: string) =>
  new DomainError('ASSESSMENT.NOT_SCORED', `Member ${assessorId} has no sheet for branch ${branchId} to correct`, {
    assessorId,
    branchId,
  });

export const schemeAlreadyApplied = (periodId: string, schemeId: string) =>
  new DomainError('ASSESSMENT.SCHEME_ALREADY_APPLIED', `Period ${periodId} is already judged by scheme ${schemeId}`, {
    periodId,
    schemeId,
  });

export const schemeDoesNotFitSheet = ({ branchId, assessorId }: SheetKey, schemeId: string, why: string) =>
  new DomainError(
    'ASSESSMENT.SCHEME_DOES_NOT_FIT_SHEETS',
    `The sheet of ${assessorId} for ${branchId} does not fit scheme ${schemeId}: ${why}; correct it first`,
    { branchId, assessorId, schemeId },
  );

export const assessorOtherHospital = (assessorId: string, hospitalId: string) =>
  new DomainError(
    'ASSESSMENT.ASSESSOR_OTHER_HOSPITAL',
    `Member ${assessorId} belongs to another hospital and cannot assess hospital ${hospitalId}`,
    { assessorId, hospitalId },
  );
