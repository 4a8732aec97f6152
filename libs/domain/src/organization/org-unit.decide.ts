import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import { assertNotInFuture, isTimeZone } from '../shared/time';
import type { EstablishOrgUnit, OrgUnitCommand } from './org-unit.commands';
import {
  invalidParent,
  invalidTimeZone,
  orgUnitAlreadyExists,
  orgUnitDissolved,
  orgUnitNotFound,
  parentNotFound,
} from './org-unit.errors';
import type { OrgUnitEvent } from './org-unit.events';
import { initialOrgUnitState, sitsAbove, type OrgUnitState } from './org-unit.state';

export function evolveOrgUnit(state: OrgUnitState, event: OrgUnitEvent): OrgUnitState {
  switch (event.type) {
    case 'OrgUnitEstablished':
      return { status: 'established', unit: { ...event.data, dissolvedOn: null } };
    case 'OrgUnitDissolved':
      return state.status === 'unknown'
        ? state
        : { ...state, unit: { ...state.unit, dissolvedOn: event.data.effectiveOn } };
    default:
      return assertNever(event);
  }
}

export function decideOrgUnit(command: OrgUnitCommand, state: OrgUnitState): OrgUnitEvent[] {
  switch (command.type) {
    case 'EstablishOrgUnit': {
      if (state.status !== 'unknown') throw orgUnitAlreadyExists(command.unitId);
      assertNoPii({ name: command.name });
      // Every date of the unit's records is read in its zone, and nothing can change the zone later.
      if (!isTimeZone(command.timeZone)) throw invalidTimeZone(command.timeZone);
      checkParent(command);
      const { type: _command, parent: _parent, ...data } = command;
      return [{ type: 'OrgUnitEstablished', data }];
    }
    case 'DissolveOrgUnit': {
      if (state.status === 'unknown') throw orgUnitNotFound(command.unitId);
      if (state.unit.dissolvedOn !== null) throw orgUnitDissolved(command.unitId);
      assertNotInFuture('effectiveOn', command.effectiveOn, command.now);
      assertNoPii({ reason: command.reason });
      const { unitId, effectiveOn, reason } = command;
      return [{ type: 'OrgUnitDissolved', data: { unitId, effectiveOn, reason } }];
    }
    default:
      return assertNever(command);
  }
}

/** A committee is the top of its hospital; every other unit hangs below an active unit of the same hospital. */
function checkParent({ kind, parentId, parent, hospitalId }: EstablishOrgUnit): void {
  if (kind === 'committee') {
    if (parentId !== null) throw invalidParent('A committee (党委) has no parent unit');
    return;
  }
  if (parentId === null) throw invalidParent(`A ${kind} needs a parent unit`);
  if (parent === null) throw parentNotFound(parentId);
  if (parent.dissolvedOn !== null) throw orgUnitDissolved(parentId);
  if (!sitsAbove(parent.kind, kind)) throw invalidParent(`A ${kind} cannot sit below a ${parent.kind}`);
  if (parent.hospitalId !== hospitalId)
    throw invalidParent(`Parent ${parentId} belongs to hospital ${parent.hospitalId}`);
}

export const orgUnitDecider: Decider<OrgUnitCommand, OrgUnitEvent, OrgUnitState> = {
  initialState: initialOrgUnitState,
  evolve: evolveOrgUnit,
  decide: decideOrgUnit,
};

/** Stream ids are `category-id`: one helper per aggregate, so no caller spells them by hand. */
export const orgUnitStreamId = (unitId: string) => `orgunit-${unitId}`;
