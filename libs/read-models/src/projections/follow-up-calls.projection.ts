import { DEFAULT_TIME_ZONE, localDate, type FollowUpCompleted } from '@app/domain';
import type { Position } from '@app/event-store';
import type { Projection } from '../projection';

/** Completed follow-up calls (回访完成) one member made in one calendar year, for member points. */
export interface FollowUpCallsDocument {
  readonly _id: string;
  /** The last event applied: set by `evolve` itself, which saves the projector a copy per completed call. */
  readonly _position: Position;
  readonly hospitalId: string;
  readonly callerMemberId: string;
  /** `YYYY` of the call in Asia/Shanghai: the event carries no local date of the call, only the instant. */
  readonly year: string;
  readonly completed: number;
}

/**
 * A valid instant written as dated February to November is in that year in every time zone (offsets stay within a
 * day): only calls near New Year need the time-zone formatting, which costs more than the rest of a replay's event.
 */
const MID_YEAR_INSTANT = /^[1-9]\d{3}-(0[2-9]|1[01])-(0[1-9]|[12]\d|3[01])T/;

function yearOf({ calledAt }: FollowUpCompleted['data']): string {
  if (MID_YEAR_INSTANT.test(calledAt) && !Number.isNaN(Date.parse(calledAt))) return calledAt.slice(0, 4);
  return localDate(calledAt, DEFAULT_TIME_ZONE).slice(0, 4);
}

export const followUpCallsProjection: Projection<FollowUpCallsDocument> = {
  name: 'follow-up-calls',
  version: 1,
  collection: 'follow_up_calls',
  indexes: [{ fields: ['hospitalId', 'year'] }],
  handles: ['FollowUpCompleted'],
  documentIds: (event) => {
    const data = event.data as FollowUpCompleted['data'];
    return [`${data.callerMemberId}:${yearOf(data)}`];
  },
  evolve(document, event, id) {
    const data = event.data as FollowUpCompleted['data'];
    const current: FollowUpCallsDocument = document ?? {
      _id: id,
      _position: event.position,
      hospitalId: data.hospitalId,
      callerMemberId: data.callerMemberId,
      year: yearOf(data),
      completed: 0,
    };
    return { ...current, _position: event.position, completed: current.completed + 1 };
  },
};
