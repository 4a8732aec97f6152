import type { Principal, Role } from '@app/auth';

/** The roles that read every line of a hospital's reports; a secretary's claim, or assessing, widens nothing. */
const WHOLE_HOSPITAL: readonly Role[] = ['reader', 'inspector', 'admin'];

/**
 * A caller holding a whole-hospital reading role sees every report line; anyone else (a secretary, also one who
 * assesses) only the lines of the units in its `units` claim. A line may name more than one unit (a group and
 * its branch): the claim needs to hold any of them.
 */
export function visibleTo(principal: Principal, ...unitIds: readonly string[]): boolean {
  return (
    principal.roles.some((role) => WHOLE_HOSPITAL.includes(role)) ||
    unitIds.some((unitId) => principal.units.includes(unitId))
  );
}
