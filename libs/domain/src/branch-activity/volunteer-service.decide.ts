import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import { assertNotInFuture } from '../shared/time';
import { activityUnitOn, assertMembersOfUnitOn, firstDuplicate } from './activity.facts';
import type { VolunteerServiceCommand } from './volunteer-service.commands';
import {
  duplicateVolunteerParticipant,
  volunteerParticipantNotMember,
  volunteerServiceAlreadyRecorded,
} from './volunteer-service.errors';
import type { VolunteerServiceEvent } from './volunteer-service.events';
import { initialVolunteerServiceState, type VolunteerServiceState } from './volunteer-service.state';

export function evolveVolunteerService(
  _state: VolunteerServiceState,
  event: VolunteerServiceEvent,
): VolunteerServiceState {
  switch (event.type) {
    case 'VolunteerServiceHeld':
      return { status: 'held', service: event.data };
    default:
      return assertNever(event.type);
  }
}

export function decideVolunteerService(
  command: VolunteerServiceCommand,
  state: VolunteerServiceState,
): VolunteerServiceEvent[] {
  switch (command.type) {
    case 'HoldVolunteerService': {
      if (state.status !== 'unknown') throw volunteerServiceAlreadyRecorded(command.serviceId);
      const { type: _type, unit: _unit, people: _people, branchAncestors: _ancestors, now, ...data } = command;
      assertNotInFuture('heldOn', data.heldOn, now);
      assertNoPii({ place: data.place });
      const { unit, on } = activityUnitOn(data.unitId, command.unit, data.heldOn);
      const duplicate = firstDuplicate(data.participantIds);
      if (duplicate !== undefined) throw duplicateVolunteerParticipant(duplicate);
      assertMembersOfUnitOn(data.participantIds, unit, on, command, volunteerParticipantNotMember);
      return [{ type: 'VolunteerServiceHeld', data: { ...data, hospitalId: unit.hospitalId } }];
    }
    default:
      return assertNever(command.type);
  }
}

export const volunteerServiceDecider: Decider<VolunteerServiceCommand, VolunteerServiceEvent, VolunteerServiceState> = {
  initialState: initialVolunteerServiceState,
  evolve: evolveVolunteerService,
  decide: decideVolunteerService,
};

export const volunteerServiceStreamId = (serviceId: string) => `volunteer-${serviceId}`;
