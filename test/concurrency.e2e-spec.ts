import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

/** Commands racing on one stream: none is lost, every loser gets a stable code, the stream stays gapless. */
describe('100 concurrent commands on one stream', () => {
  const RACERS = 100;
  let testApp: TestApp;
  let tokens: SeededHospital;
  const log = () => testApp.app.get<EventStore>(EVENT_STORE);
  const post = (path: string) =>
    request(testApp.app.getHttpServer()).post(path).set('Authorization', `Bearer ${tokens.admin}`);

  let followUps = 0;
  const scheduleFollowUp = async (): Promise<string> => {
    const followUpId = `race-${++followUps}`;
    await post('/api/follow-ups')
      .send({
        followUpId,
        branchId: HOSPITAL.cardiology,
        patientRef: `ADM-${followUpId}`,
        dischargedAt: '2024-03-12T09:30:00+08:00',
      })
      .expect(201);
    return followUpId;
  };
  const attempt = (followUpId: string, outcome: string, n: number) =>
    post(`/api/follow-ups/${followUpId}/attempts`).send({
      callerMemberId: 'm-a',
      calledAt: `2024-03-${String(13 + (n % 15)).padStart(2, '0')}T10:00:00+08:00`,
      outcome,
    });

  /** The stream's revisions are 1..n without a gap, and each acknowledged event id is in it exactly once. */
  async function expectStreamHolds(streamId: string, acknowledgedEventIds: readonly string[]): Promise<void> {
    const events = await log().readStream(streamId);
    expect(events.map((event) => event.revision)).toEqual(events.map((_, index) => index + 1));
    const stored = events.map((event) => event.eventId);
    for (const eventId of acknowledgedEventIds) expect(stored.filter((id) => id === eventId)).toHaveLength(1);
  }

  const codesOf = (responses: readonly request.Response[]) => {
    const counts: Record<string, number> = {};
    for (const { status, body } of responses) {
      const key = status === 201 ? '201' : `${status} ${(body as { code?: string }).code}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
  });
  afterAll(() => testApp.close());

  it('unconditional attempts: every one is re-decided and appended, or refused 409 CONCURRENCY.CONFLICT; none is lost', async () => {
    const followUpId = await scheduleFollowUp();
    const responses = await Promise.all(Array.from({ length: RACERS }, (_, n) => attempt(followUpId, 'no-answer', n)));
    const codes = codesOf(responses);
    expect(Object.keys(codes).filter((key) => key !== '201' && key !== '409 CONCURRENCY.CONFLICT')).toEqual([]);
    const acknowledged = responses.filter((response) => response.status === 201);
    expect(acknowledged.length).toBeGreaterThan(0);
    const revisions = acknowledged.map((response) => (response.body as { revision: number }).revision);
    expect(new Set(revisions).size).toBe(acknowledged.length);
    const events = await log().readStream(`followup-${followUpId}`);
    expect(events).toHaveLength(1 + acknowledged.length);
    await expectStreamHolds(
      `followup-${followUpId}`,
      acknowledged.flatMap((response) =>
        (response.body as { events: { eventId: string }[] }).events.map((e) => e.eventId),
      ),
    );
  });

  it('racing completions: exactly one completes, every other is refused with a stable code, nothing else is appended', async () => {
    const followUpId = await scheduleFollowUp();
    const responses = await Promise.all(Array.from({ length: RACERS }, (_, n) => attempt(followUpId, 'reached', n)));
    const codes = codesOf(responses);
    expect(codes['201']).toBe(1);
    expect(
      Object.keys(codes).filter(
        (key) => !['201', '409 CONCURRENCY.CONFLICT', '409 FOLLOWUP.ALREADY_COMPLETED'].includes(key),
      ),
    ).toEqual([]);
    const events = await log().readStream(`followup-${followUpId}`);
    expect(events.map((event) => event.type)).toEqual(['FollowUpScheduled', 'FollowUpCompleted']);
  });

  it('If-Match on the same revision: exactly one writes, the other 99 get 412 CONCURRENCY.STALE_REVISION', async () => {
    const followUpId = await scheduleFollowUp();
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, n) => attempt(followUpId, 'no-answer', n).set('If-Match', '"1"')),
    );
    expect(codesOf(responses)).toEqual({ '201': 1, '412 CONCURRENCY.STALE_REVISION': RACERS - 1 });
    const winner = responses.find((response) => response.status === 201)!;
    await expectStreamHolds(
      `followup-${followUpId}`,
      (winner.body as { events: { eventId: string }[] }).events.map((e) => e.eventId),
    );
    expect(await log().readStream(`followup-${followUpId}`)).toHaveLength(2);
  });

  it('leaves a log whose hash chains verify after the races', async () => {
    const head = Number(await log().headPosition());
    const verification = await post('/api/audit/verification').send({}).expect(200);
    expect(verification.body).toMatchObject({ ok: true, problems: [] });
    // SQLite positions count the log's events from 1: the check covered every one (its own record comes after).
    expect(verification.body.eventsChecked).toBe(head);
  });
});
