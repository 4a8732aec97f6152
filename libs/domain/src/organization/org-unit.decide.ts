import { assertNever, type Decider } from '../shared/decider';
import type { OrgUnitCommand } from './org-unit.commands';
import { orgUnitAlreadyExists, orgUnitDissolved, orgUnitNotFound } from './org-unit.errors';
import type { OrgUnitEvent } from './org-unit.events';
import { initialOrgUnitState, type OrgUnitState } from './org-unit.state';

export function evolveOrgUnit(state: OrgUnitState, event: OrgUnitEvent): OrgUnitState {
  switch (event.type) {
    case 'OrgUnitEstablished':
      return { status: 'active', kind: event.data.kind, hospitalId: event.data.hospitalId };
    case 'OrgUnitDissolved':
      return state.status === 'unknown'
        ? state
        : { ...state, status: 'dissolved', dissolvedOn: event.data.effectiveOn };
    default:
      return assertNever(event);
  }
}

export function decideOrgUnit(command: OrgUnitCommand, state: OrgUnitState): OrgUnitEvent[] {
  switch (command.type) {
    case 'EstablishOrgUnit': {
      if (state.status !== 'unknown') throw orgUnitAlreadyExists(command.unitId);
      const { type: _command, ...data } = command;
      return [{ type: 'OrgUnitEstablished', data }];
    }
    case 'DissolveOrgUnit': {
      if (state.status === 'unknown') throw orgUnitNotFound(command.unitId);
      if (state.status === 'dissolved') throw orgUnitDissolved(command.unitId);
      const { unitId, effectiveOn, reason } = command;
      return [{ type: 'OrgUnitDissolved', data: { unitId, effectiveOn, reason } }];
    }
    default:
      return assertNever(command);
  }
}

export const orgUnitDecider: Decider<OrgUnitCommand, OrgUnitEvent, OrgUnitState> = {
  initialState: initialOrgUnitState,
  evolve: evolveOrgUnit,
  decide: decideOrgUnit,
};

/** Stream ids are `category-id`: one helper per aggregate, so no caller spells them by hand. */
export const orgUnitStreamId = (unitId: string) => `orgunit-${unitId}`;
