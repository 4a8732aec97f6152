import type { OrgUnitEstablished } from './org-unit.events';

/** Establishing a unit records exactly what the command says, so the command carries the event's fields. */
export interface EstablishOrgUnit extends Readonly<OrgUnitEstablished['data']> {
  readonly type: 'EstablishOrgUnit';
}

export interface DissolveOrgUnit {
  readonly type: 'DissolveOrgUnit';
  readonly unitId: string;
  readonly effectiveOn: string;
  readonly reason: string;
}

export type OrgUnitCommand = EstablishOrgUnit | DissolveOrgUnit;
