import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/domain';
import { OrganizationFacts } from './organization-facts';

/**
 * Secretaries write only for the units in their token's `units` claim; a group counts through its branch.
 * Admins write everywhere. Other roles never reach a write route (their `@Roles` keep them out).
 */
@Injectable()
export class UnitAccess {
  constructor(private readonly facts: OrganizationFacts) {}

  async assertCanWrite(principal: Principal, unitId: string): Promise<void> {
    if (principal.roles.includes('admin')) return;
    if (principal.roles.includes('secretary') && (await this.coveredBy(principal.units, unitId))) return;
    throw new DomainError('AUTH.FORBIDDEN', `Writes for unit ${unitId} need a secretary of that unit or an admin`, {
      unitId,
    });
  }

  private async coveredBy(units: readonly string[], unitId: string): Promise<boolean> {
    if (units.includes(unitId)) return true;
    const unit = await this.facts.unit(unitId);
    return unit?.kind === 'group' && unit.parentId !== null && units.includes(unit.parentId);
  }
}
