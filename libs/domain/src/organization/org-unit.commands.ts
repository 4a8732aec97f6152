import type { BranchCategory, OrgUnitKind } from './org-unit.events';

export interface EstablishOrgUnit {
  readonly type: 'EstablishOrgUnit';
  readonly unitId: string;
  readonly kind: OrgUnitKind;
  readonly name: string;
  readonly hospitalId: string;
  readonly parentId: string | null;
  readonly category: BranchCategory | null;
  readonly timeZone: string;
}

export interface DissolveOrgUnit {
  readonly type: 'DissolveOrgUnit';
  readonly unitId: string;
  readonly effectiveOn: string;
  readonly reason: string;
}

export type OrgUnitCommand = EstablishOrgUnit | DissolveOrgUnit;
