import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import { assertNotInFuture } from '../shared/time';
import { activityUnitOn, assertMembersOfUnitOn, firstDuplicate } from './activity.facts';
import type { LectureCommand } from './lecture.commands';
import {
  duplicateLectureAttendee,
  lectureAlreadyRecorded,
  lectureAttendeeNotMember,
  lecturerNotMember,
} from './lecture.errors';
import type { LectureEvent } from './lecture.events';
import { initialLectureState, type LectureState } from './lecture.state';

export function evolveLecture(_state: LectureState, event: LectureEvent): LectureState {
  switch (event.type) {
    case 'PartyLectureGiven':
      return { status: 'given', lecture: event.data };
    default:
      return assertNever(event.type);
  }
}

/** A lecture may be given in any unit: one in a committee or general branch counts every member beneath it. */
export function decideLecture(command: LectureCommand, state: LectureState): LectureEvent[] {
  switch (command.type) {
    case 'GiveLecture': {
      if (state.status !== 'unknown') throw lectureAlreadyRecorded(command.lectureId);
      const { type: _type, unit: _unit, people: _people, branchAncestors: _ancestors, now, ...data } = command;
      assertNotInFuture('givenAt', data.givenAt, now);
      assertNoPii({ title: data.title });
      const { unit, on } = activityUnitOn(data.unitId, command.unit, data.givenAt);
      const duplicate = firstDuplicate(data.attendeeIds);
      if (duplicate !== undefined) throw duplicateLectureAttendee(duplicate);
      assertMembersOfUnitOn(data.lecturerIds, unit, on, command, lecturerNotMember);
      assertMembersOfUnitOn(data.attendeeIds, unit, on, command, lectureAttendeeNotMember);
      return [{ type: 'PartyLectureGiven', data: { ...data, hospitalId: unit.hospitalId, givenOn: on } }];
    }
    default:
      return assertNever(command.type);
  }
}

export const lectureDecider: Decider<LectureCommand, LectureEvent, LectureState> = {
  initialState: initialLectureState,
  evolve: evolveLecture,
  decide: decideLecture,
};

export const lectureStreamId = (lectureId: string) => `lecture-${lectureId}`;
