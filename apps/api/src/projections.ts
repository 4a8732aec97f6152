import {
  followUpStatsProjection,
  hospitalPoliciesProjection,
  idempotencyKeysProjection,
  membersProjection,
  orgUnitsProjection,
  type Projection,
} from '@app/read-models';

/** Every projection this API hosts, in one list. */
export const projections: readonly Projection[] = [
  orgUnitsProjection,
  membersProjection,
  idempotencyKeysProjection,
  hospitalPoliciesProjection,
  followUpStatsProjection,
];
