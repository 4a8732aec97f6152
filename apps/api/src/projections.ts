import {
  assessmentPeriodsProjection,
  auditTrailProjection,
  followUpCallsProjection,
  followUpStatsProjection,
  hospitalPoliciesProjection,
  idempotencyKeysProjection,
  lecturesProjection,
  meetingsProjection,
  membersProjection,
  orgUnitsProjection,
  volunteerServicesProjection,
  type Projection,
} from '@app/read-models';

/** Every projection this API hosts, in one list. */
export const projections: readonly Projection[] = [
  orgUnitsProjection,
  membersProjection,
  idempotencyKeysProjection,
  hospitalPoliciesProjection,
  followUpStatsProjection,
  meetingsProjection,
  lecturesProjection,
  volunteerServicesProjection,
  assessmentPeriodsProjection,
  followUpCallsProjection,
  auditTrailProjection,
];
