import { DEFAULT_TIME_ZONE, localDate, type FollowUpCompleted } from '@app/domain';
import type { Projection } from '../projection';

/** Completed follow-up calls (回访完成) one member made in one calendar year, for member points. */
export interface FollowUpCallsDocument {
  readonly _id: string;
  readonly hospitalId: string;
  readonly callerMemberId: string;
  /** `YYYY` of the call in Asia/Shanghai: the event carries no local date of the call, only the instant. */
  readonly year: string;
  readonly completed: number;
}

const yearOf = (data: FollowUpCompleted['data']) => localDate(data.calledAt, DEFAULT_TIME_ZONE).slice(0, 4);

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
      hospitalId: data.hospitalId,
      callerMemberId: data.callerMemberId,
      year: yearOf(data),
      completed: 0,
    };
    return { ...current, completed: current.completed + 1 };
  },
};
