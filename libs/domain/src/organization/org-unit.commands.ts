import type { CalendarDate } from '../shared/time';
import type { OrgUnitEstablished } from './org-unit.events';
import type { UnitFacts } from './org-unit.state';

/** Establishing a unit records exactly what the command says, so the command carries the event's fields. */
export interface EstablishOrgUnit extends Readonly<OrgUnitEstablished['data']> {
  readonly type: 'EstablishOrgUnit';
  /** The parent as it stands, resolved before deciding; null when there is none or it does not exist. */
  readonly parent: UnitFacts | null;
}

export interface DissolveOrgUnit {
  readonly type: 'DissolveOrgUnit';
  readonly unitId: string;
  readonly effectiveOn: CalendarDate;
  readonly reason: string;
  readonly now: string;
}

export type OrgUnitCommand = EstablishOrgUnit | DissolveOrgUnit;
