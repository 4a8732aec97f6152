import type { CalendarDate } from '../shared/time';
import type { OrgUnitEstablished } from './org-unit.events';

export interface OrgUnit extends Readonly<OrgUnitEstablished['data']> {
  readonly dissolvedOn: CalendarDate | null;
}

export type OrgUnitState = { readonly status: 'unknown' } | { readonly status: 'established'; readonly unit: OrgUnit };

export const initialOrgUnitState: OrgUnitState = { status: 'unknown' };

/** What other deciders know of a unit: its record and the ids above it, nearest first. */
export interface UnitFacts extends OrgUnit {
  readonly ancestors: readonly string[];
}

const LEVEL: Readonly<Record<OrgUnit['kind'], number>> = { committee: 0, 'general-branch': 1, branch: 2, group: 3 };

/** A unit's parent must sit above it: committee > general-branch > branch > group. */
export function sitsAbove(parent: OrgUnit['kind'], child: OrgUnit['kind']): boolean {
  return LEVEL[parent] < LEVEL[child];
}

/** A unit takes records dated before its dissolution, never on or after it. */
export function isActiveOn(unit: OrgUnit, date: CalendarDate): boolean {
  return unit.dissolvedOn === null || date < unit.dissolvedOn;
}
