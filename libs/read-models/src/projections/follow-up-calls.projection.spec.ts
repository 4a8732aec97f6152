import { recorded } from '../testing/recorded';
import { followUpCallsProjection, type FollowUpCallsDocument } from './follow-up-calls.projection';

const completed = (n: number, callerMemberId: string, calledAt: string) =>
  recorded(
    'FollowUpCompleted',
    {
      followUpId: `f${n}`,
      branchId: 'cardiology',
      hospitalId: 'h1',
      dischargedAt: '2023-12-20T10:00:00+08:00',
      dischargedOn: '2023-12-20',
      callerMemberId,
      calledAt,
      satisfaction: 5,
      notes: null,
    },
    String(n),
  );

/** Applies events the way the projector does: each to the document it names. */
function project(events: ReturnType<typeof recorded>[]): Map<string, FollowUpCallsDocument> {
  const documents = new Map<string, FollowUpCallsDocument>();
  for (const event of events) {
    for (const id of followUpCallsProjection.documentIds(event)) {
      const next = followUpCallsProjection.evolve(documents.get(id) ?? null, event, id);
      if (next) documents.set(id, next);
    }
  }
  return documents;
}

describe('follow-up-calls projection', () => {
  it('FollowUpCompleted counts a completed call for its caller in the call’s year, in Shanghai time', () => {
    const documents = project([
      completed(1, 'm-a', '2023-12-28T09:00:00+08:00'),
      completed(2, 'm-a', '2023-12-31T16:30:00Z'), // 00:30 on 1 January 2024 in Shanghai
      completed(3, 'm-a', '2024-01-03T09:00:00+08:00'),
      completed(4, 'm-b', '2024-01-03T10:00:00+08:00'),
    ]);
    expect([...documents.values()]).toEqual([
      { _id: 'm-a:2023', _position: '1', hospitalId: 'h1', callerMemberId: 'm-a', year: '2023', completed: 1 },
      { _id: 'm-a:2024', _position: '3', hospitalId: 'h1', callerMemberId: 'm-a', year: '2024', completed: 2 },
      { _id: 'm-b:2024', _position: '4', hospitalId: 'h1', callerMemberId: 'm-b', year: '2024', completed: 1 },
    ]);
  });
});
