import type { Principal } from '@app/auth';

/**
 * Secretaries see report lines of their own units only; every other reading role sees the whole hospital. A
 * line may name more than one unit (a group and its branch): the claim needs to hold any of them.
 */
export function visibleTo(principal: Principal, ...unitIds: readonly string[]): boolean {
  const onlyOwnUnits = principal.roles.every((role) => role === 'secretary');
  return !onlyOwnUnits || unitIds.some((unitId) => principal.units.includes(unitId));
}
