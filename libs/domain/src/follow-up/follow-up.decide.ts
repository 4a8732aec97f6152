import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import { assertNotInFuture, localDate } from '../shared/time';
import { memberNotFound } from '../organization/member.errors';
import { isMemberOfUnitOn } from '../organization/member.state';
import { orgUnitDissolved, orgUnitNotFound, unitNotOfKind } from '../organization/org-unit.errors';
import { isActiveOn } from '../organization/org-unit.state';
import type { AttemptFollowUp, FollowUpCommand, ScheduleFollowUp } from './follow-up.commands';
import {
  callBeforeDischarge,
  callerNotMember,
  followUpAlreadyCompleted,
  followUpAlreadyScheduled,
  followUpNotFound,
  satisfactionOutOfRange,
  satisfactionWithoutReach,
} from './follow-up.errors';
import type { FollowUpEvent, Satisfaction } from './follow-up.events';
import { initialFollowUpState, type FollowUp, type FollowUpState } from './follow-up.state';

export function evolveFollowUp(state: FollowUpState, event: FollowUpEvent): FollowUpState {
  switch (event.type) {
    case 'FollowUpScheduled':
      return { status: 'scheduled', followUp: event.data };
    case 'FollowUpAttempted':
      return state;
    case 'FollowUpCompleted':
      return state.status === 'unknown' ? state : { status: 'completed', followUp: state.followUp };
    default:
      return assertNever(event);
  }
}

export function decideFollowUp(command: FollowUpCommand, state: FollowUpState): FollowUpEvent[] {
  switch (command.type) {
    case 'ScheduleFollowUp':
      if (state.status !== 'unknown') throw followUpAlreadyScheduled(command.followUpId);
      return schedule(command);
    case 'AttemptFollowUp':
      if (state.status === 'unknown') throw followUpNotFound(command.followUpId);
      if (state.status === 'completed') throw followUpAlreadyCompleted(command.followUpId);
      return attempt(command, state.followUp);
    default:
      return assertNever(command);
  }
}

function schedule(command: ScheduleFollowUp): FollowUpEvent[] {
  const { followUpId, branchId, patientRef, dischargedAt, branch, now } = command;
  assertNotInFuture('dischargedAt', dischargedAt, now);
  assertNoPii({ patientRef });
  if (!branch) throw orgUnitNotFound(branchId);
  if (branch.kind !== 'branch') throw unitNotOfKind(branchId, 'branch');
  const dischargedOn = localDate(dischargedAt, branch.timeZone);
  if (!isActiveOn(branch, dischargedOn)) throw orgUnitDissolved(branchId);
  return [
    {
      type: 'FollowUpScheduled',
      data: { followUpId, branchId, hospitalId: branch.hospitalId, patientRef, dischargedAt, dischargedOn },
    },
  ];
}

/** An attempt that reaches the patient completes the follow-up; any other outcome is recorded as an attempt. */
function attempt(command: AttemptFollowUp, followUp: FollowUp): FollowUpEvent[] {
  const { followUpId, callerMemberId, calledAt, outcome, notes, caller, branchAncestors, branch, now } = command;
  assertNotInFuture('calledAt', calledAt, now);
  assertNoPii({ notes });
  if (Date.parse(calledAt) < Date.parse(followUp.dischargedAt))
    throw callBeforeDischarge(calledAt, followUp.dischargedAt);
  const satisfaction = reportedSatisfaction(command);
  if (!branch) throw orgUnitNotFound(followUp.branchId);
  const callDate = localDate(calledAt, branch.timeZone);
  if (!isActiveOn(branch, callDate)) throw orgUnitDissolved(followUp.branchId);
  if (!caller) throw memberNotFound(callerMemberId);
  if (!isMemberOfUnitOn(caller, { unitId: followUp.branchId, kind: 'branch' }, callDate, branchAncestors)) {
    throw callerNotMember(callerMemberId, followUp.branchId, callDate);
  }
  if (outcome === 'reached') {
    const { hospitalId, dischargedAt, dischargedOn } = followUp;
    const followUpCase = { branchId: followUp.branchId, hospitalId, dischargedAt, dischargedOn };
    return [
      {
        type: 'FollowUpCompleted',
        data: { followUpId, callerMemberId, calledAt, satisfaction, notes, ...followUpCase },
      },
    ];
  }
  return [{ type: 'FollowUpAttempted', data: { followUpId, callerMemberId, calledAt, outcome, notes } }];
}

/** Only a patient who was reached can report satisfaction, as a whole number from 1 to 5. */
function reportedSatisfaction({ outcome, satisfaction }: AttemptFollowUp): Satisfaction | null {
  if (satisfaction === null) return null;
  if (outcome !== 'reached') throw satisfactionWithoutReach(outcome);
  if (!isSatisfaction(satisfaction)) throw satisfactionOutOfRange(satisfaction);
  return satisfaction;
}

const isSatisfaction = (score: number): score is Satisfaction => Number.isInteger(score) && score >= 1 && score <= 5;

export const followUpDecider: Decider<FollowUpCommand, FollowUpEvent, FollowUpState> = {
  initialState: initialFollowUpState,
  evolve: evolveFollowUp,
  decide: decideFollowUp,
};

export const followUpStreamId = (followUpId: string) => `followup-${followUpId}`;
