import { assertNever, type Decider } from '../shared/decider';
import { assertNoPii } from '../shared/pii';
import { assertNotInFuture, type CalendarDate } from '../shared/time';
import type { UnitFacts } from '../organization/org-unit.state';
import { activityUnitOn, assertMembersOfUnitOn, firstDuplicate, type ActivityFacts } from './activity.facts';
import type { CorrectMeetingRecord, HoldMeeting, MeetingCommand } from './meeting.commands';
import {
  attendeeAlsoAbsent,
  duplicateMeetingAbsentee,
  duplicateMeetingAttendee,
  meetingAbsenteeNotMember,
  meetingAlreadyRecorded,
  meetingAttendeeNotMember,
  meetingHostNotMember,
  meetingKindNotForUnit,
  meetingNotFound,
  meetingRevoked,
  votesExceedAttendance,
} from './meeting.errors';
import type { Absentee, MeetingEvent, MeetingKind, Vote } from './meeting.events';
import { presentAt } from './meeting.presence';
import {
  initialMeetingState,
  withCorrection,
  type MeetingCorrection,
  type MeetingRecord,
  type MeetingState,
} from './meeting.state';

export function evolveMeeting(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case 'MeetingHeld':
      return { status: 'recorded', record: event.data, revoked: false };
    case 'MeetingRecordCorrected':
      return state.status === 'unknown' ? state : { ...state, record: withCorrection(state.record, event.data) };
    case 'MeetingRecordRevoked':
      return state.status === 'unknown' ? state : { ...state, revoked: true };
    default:
      return assertNever(event);
  }
}

export function decideMeeting(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  if (command.type === 'HoldMeeting') {
    if (state.status !== 'unknown') throw meetingAlreadyRecorded(command.meetingId);
    return hold(command);
  }
  if (state.status === 'unknown') throw meetingNotFound(command.meetingId);
  if (state.revoked) throw meetingRevoked(command.meetingId);
  switch (command.type) {
    case 'CorrectMeetingRecord':
      return correct(command, state.record);
    case 'RevokeMeetingRecord': {
      const { meetingId, reason } = command;
      assertNoPii({ reason });
      return [{ type: 'MeetingRecordRevoked', data: { meetingId, reason } }];
    }
    default:
      return assertNever(command);
  }
}

/** 党小组会 is the group's meeting; every other kind is the branch's. */
const UNIT_KIND: Readonly<Record<MeetingKind, UnitFacts['kind']>> = {
  'general-assembly': 'branch',
  'branch-committee': 'branch',
  'group-meeting': 'group',
  'theme-day': 'branch',
  'organizational-life': 'branch',
  'democratic-appraisal': 'branch',
};

function hold(command: HoldMeeting): MeetingEvent[] {
  const { type: _type, unit: _unit, people: _people, branchAncestors: _ancestors, now, ...data } = command;
  assertNotInFuture('heldAt', data.heldAt, now);
  assertNoPii(freeText(data));
  const { unit, on } = activityUnitOn(data.unitId, command.unit, data.heldAt);
  if (unit.kind !== UNIT_KIND[data.kind]) throw meetingKindNotForUnit(data.kind, unit.unitId, unit.kind);
  const record: MeetingRecord = { ...data, hospitalId: unit.hospitalId, heldOn: on };
  checkAttendance(record, unit, on, command, new Set());
  return [{ type: 'MeetingHeld', data: record }];
}

/** Judged against the meeting's own date and unit: only people the correction adds need facts. */
function correct(command: CorrectMeetingRecord, current: MeetingRecord): MeetingEvent[] {
  const { meetingId, reason } = command;
  assertNoPii(freeText(command));
  const changes = changedFields(current, command);
  if (Object.keys(changes).length === 0) return [];
  const { unit, on } = activityUnitOn(current.unitId, command.unit, current.heldAt);
  const known = new Set([current.hostMemberId, ...current.attendeeIds, ...current.absentees.map((a) => a.memberId)]);
  checkAttendance(withCorrection(current, changes), unit, on, command, known);
  return [{ type: 'MeetingRecordCorrected', data: { meetingId, reason, ...changes } }];
}

function checkAttendance(
  record: MeetingRecord,
  unit: UnitFacts,
  on: CalendarDate,
  facts: Pick<ActivityFacts, 'people' | 'branchAncestors'>,
  alreadyChecked: ReadonlySet<string>,
): void {
  const absentIds = record.absentees.map((a) => a.memberId);
  const duplicateAttendee = firstDuplicate(record.attendeeIds);
  if (duplicateAttendee !== undefined) throw duplicateMeetingAttendee(duplicateAttendee);
  const duplicateAbsentee = firstDuplicate(absentIds);
  if (duplicateAbsentee !== undefined) throw duplicateMeetingAbsentee(duplicateAbsentee);
  const both = record.attendeeIds.find((id) => absentIds.includes(id));
  if (both !== undefined) throw attendeeAlsoAbsent(both);

  const unchecked = (ids: readonly string[]) => ids.filter((id) => !alreadyChecked.has(id));
  assertMembersOfUnitOn(unchecked([record.hostMemberId]), unit, on, facts, meetingHostNotMember);
  assertMembersOfUnitOn(unchecked(record.attendeeIds), unit, on, facts, meetingAttendeeNotMember);
  assertMembersOfUnitOn(unchecked(absentIds), unit, on, facts, meetingAbsenteeNotMember);

  const present = presentAt(record).size;
  for (const { motion, yes, no, abstain } of record.votes) {
    const cast = yes + no + abstain;
    if (cast > present) throw votesExceedAttendance(motion, cast, present);
  }
}

/** Every free-text field, named so a PII.FORBIDDEN refusal points at the offending one. */
function freeText(fields: MeetingCorrection & { readonly reason?: string }): Record<string, string | null | undefined> {
  return {
    reason: fields.reason,
    topic: fields.topic,
    minutesSummary: fields.minutesSummary,
    ...Object.fromEntries((fields.absentees ?? []).map((a, i) => [`absentees[${i}].reason`, a.reason])),
    ...Object.fromEntries((fields.votes ?? []).map((v, i) => [`votes[${i}].motion`, v.motion])),
  };
}

/** The fields a correction really changes. Attendance is a set, so re-ordering it changes nothing. */
function changedFields(current: MeetingRecord, proposed: MeetingCorrection): MeetingCorrection {
  const { topic, minutesSummary, attendeeIds, absentees, votes } = proposed;
  return {
    ...(topic !== undefined && topic !== current.topic ? { topic } : {}),
    ...(minutesSummary !== undefined && minutesSummary !== current.minutesSummary ? { minutesSummary } : {}),
    ...(attendeeIds && !sameJson([...attendeeIds].sort(), [...current.attendeeIds].sort())
      ? { attendeeIds: [...attendeeIds] }
      : {}),
    ...(absentees && !sameJson(sortedAbsentees(absentees), sortedAbsentees(current.absentees))
      ? { absentees: absentees.map(({ memberId, reason }) => ({ memberId, reason })) }
      : {}),
    ...(votes && !sameJson(votes.map(canonicalVote), current.votes.map(canonicalVote))
      ? { votes: votes.map(canonicalVote) }
      : {}),
  };
}

const sortedAbsentees = (absentees: readonly Absentee[]) =>
  absentees
    .map(({ memberId, reason }) => ({ memberId, reason }))
    .sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));

const canonicalVote = ({ motion, yes, no, abstain, election }: Vote): Vote => ({ motion, yes, no, abstain, election });

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = {
  initialState: initialMeetingState,
  evolve: evolveMeeting,
  decide: decideMeeting,
};

export const meetingStreamId = (meetingId: string) => `meeting-${meetingId}`;
