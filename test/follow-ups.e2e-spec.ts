import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { expectRefusedWithoutWriting } from './support/refusal';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

describe('follow-ups over HTTP', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const log = () => testApp.app.get<EventStore>(EVENT_STORE);
  const call = (path: string, token = tokens.admin) =>
    request(testApp.app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`);
  const created = async (path: string, body: object, token = tokens.admin) => {
    const response = await call(path, token).send(body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };

  const dischargedAt = '2024-03-12T09:30:00+08:00';
  const reached = { callerMemberId: 'm-a', calledAt: '2024-03-19T15:00:00+08:00', outcome: 'reached' };

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    const schedule = (followUpId: string, branchId: string, at = dischargedAt) =>
      created('/api/follow-ups', { followUpId, branchId, patientRef: `ADM-${followUpId}`, dischargedAt: at });
    await schedule('fu-open', HOSPITAL.cardiology);
    await schedule('fu-done', HOSPITAL.cardiology);
    await created('/api/follow-ups/fu-done/attempts', reached);
    await schedule('fu-surgery', HOSPITAL.surgery);
    // A branch dissolved after one of its patients was discharged.
    await created('/api/org-units', {
      unitId: 'h1-closed',
      kind: 'branch',
      name: '已撤销党支部',
      hospitalId: HOSPITAL.hospitalId,
      parentId: HOSPITAL.committee,
    });
    await schedule('fu-closed', 'h1-closed', '2024-01-10T10:00:00+08:00');
    await created('/api/org-units/h1-closed/dissolution', { effectiveOn: '2024-06-30', reason: '科室合并' });
  });
  afterAll(() => testApp.close());

  /** Sends a request that must be refused with `code`, and proves the log did not grow. */
  const refused = (path: string, body: object, status: number, code: string, token = tokens.admin) =>
    expectRefusedWithoutWriting(testApp, token, path, body, { status, code });

  it('schedules a follow-up for the secretary’s branch, records an unanswered call, and completes on reaching the patient', async () => {
    const scheduled = await created(
      '/api/follow-ups',
      { followUpId: 'fu-1', branchId: HOSPITAL.cardiology, patientRef: 'ADM-2024-000123', dischargedAt },
      tokens.cardiologySecretary,
    );
    expect(scheduled.body).toMatchObject({
      id: 'fu-1',
      streamId: 'followup-fu-1',
      revision: 1,
      events: [{ type: 'FollowUpScheduled' }],
    });

    const missed = await created(
      '/api/follow-ups/fu-1/attempts',
      { callerMemberId: 'm-b', calledAt: '2024-03-18T10:00:00+08:00', outcome: 'no-answer' },
      tokens.cardiologySecretary,
    );
    expect(missed.body).toMatchObject({ id: 'fu-1', revision: 2, events: [{ type: 'FollowUpAttempted' }] });

    const done = await created(
      '/api/follow-ups/fu-1/attempts',
      { ...reached, satisfaction: 5, notes: '恢复良好，已提醒按时复诊' },
      tokens.cardiologySecretary,
    );
    expect(done.body).toMatchObject({ id: 'fu-1', revision: 3, events: [{ type: 'FollowUpCompleted' }] });
    expect(done.headers.etag).toBe('"3"');

    const [, , completed] = await log().readStream('followup-fu-1');
    expect(completed.data).toEqual({
      followUpId: 'fu-1',
      callerMemberId: 'm-a',
      calledAt: reached.calledAt,
      satisfaction: 5,
      notes: '恢复良好，已提醒按时复诊',
      // The case it completes, dated in the branch's time zone, for the reports.
      branchId: HOSPITAL.cardiology,
      hospitalId: HOSPITAL.hospitalId,
      dischargedAt: '2024-03-12T09:30:00+08:00',
      dischargedOn: '2024-03-12',
    });
    expect(completed.metadata.actor).toEqual({ subject: HOSPITAL.secretary, roles: ['secretary'] });
  });

  it('generates the id of a follow-up the client did not name', async () => {
    const response = await created('/api/follow-ups', {
      branchId: HOSPITAL.surgery,
      patientRef: 'ADM-2024-000124',
      dischargedAt,
    });
    expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.streamId).toBe(`followup-${response.body.id}`);
  });

  const attempt = (body: object, followUpId = 'fu-open') => [`/api/follow-ups/${followUpId}/attempts`, body] as const;
  const schedule = (body: object) =>
    [
      '/api/follow-ups',
      { followUpId: 'fu-new', branchId: HOSPITAL.cardiology, patientRef: 'ADM-1', dischargedAt, ...body },
    ] as const;

  it.each([
    ['a follow-up scheduled twice', ...schedule({ followUpId: 'fu-open' }), 409, 'FOLLOWUP.ALREADY_SCHEDULED'],
    ['a discharge in the future', ...schedule({ dischargedAt: '2999-01-01T08:00:00+08:00' }), 422, 'TIME.IN_FUTURE'],
    ['a patientRef with a mobile number', ...schedule({ patientRef: '张三 139 1234 5678' }), 422, 'PII.FORBIDDEN'],
    ['a follow-up for a missing branch', ...schedule({ branchId: 'nope' }), 404, 'ORG_UNIT.NOT_FOUND'],
    ['a follow-up for a group', ...schedule({ branchId: HOSPITAL.cardiologyGroup }), 422, 'ORG_UNIT.WRONG_KIND'],
    [
      'a follow-up for a branch dissolved before the discharge',
      ...schedule({ branchId: 'h1-closed', dischargedAt: '2024-07-01T10:00:00+08:00' }),
      422,
      'ORG_UNIT.DISSOLVED',
    ],
    ['a call on a follow-up never scheduled', ...attempt(reached, 'fu-nope'), 404, 'FOLLOWUP.NOT_FOUND'],
    ['a call on a completed follow-up', ...attempt(reached, 'fu-done'), 409, 'FOLLOWUP.ALREADY_COMPLETED'],
    [
      'a call before the discharge',
      ...attempt({ ...reached, calledAt: '2024-03-12T09:00:00+08:00' }),
      422,
      'FOLLOWUP.BEFORE_DISCHARGE',
    ],
    [
      'a caller from another branch',
      ...attempt({ ...reached, callerMemberId: HOSPITAL.surgeon }),
      422,
      'FOLLOWUP.CALLER_NOT_MEMBER',
    ],
    ['a caller who is not registered', ...attempt({ ...reached, callerMemberId: 'nobody' }), 404, 'MEMBER.NOT_FOUND'],
    [
      'satisfaction from a patient not reached',
      ...attempt({ ...reached, outcome: 'no-answer', satisfaction: 3 }),
      422,
      'FOLLOWUP.SATISFACTION_WITHOUT_REACH',
    ],
    ['a call in the future', ...attempt({ ...reached, calledAt: '2999-01-01T08:00:00+08:00' }), 422, 'TIME.IN_FUTURE'],
    [
      'notes with a resident ID number',
      ...attempt({ ...reached, notes: '身份证 11010119900307123X' }),
      422,
      'PII.FORBIDDEN',
    ],
    [
      'a call for a branch dissolved since the discharge',
      ...attempt({ ...reached, calledAt: '2024-07-02T10:00:00+08:00' }, 'fu-closed'),
      422,
      'ORG_UNIT.DISSOLVED',
    ],
    ['an unknown field', ...schedule({ priority: 'high' }), 400, 'VALIDATION.FAILED'],
    ['satisfaction 6', ...attempt({ ...reached, satisfaction: 6 }), 400, 'VALIDATION.FAILED'],
    // A fractional score never reaches the decider's FOLLOWUP.SATISFACTION_OUT_OF_RANGE: the DTO wants an integer.
    ['satisfaction 2.5', ...attempt({ ...reached, satisfaction: 2.5 }), 400, 'VALIDATION.FAILED'],
    ['an unknown outcome', ...attempt({ ...reached, outcome: 'busy' }), 400, 'VALIDATION.FAILED'],
    ['a time without an offset', ...schedule({ dischargedAt: '2024-03-12T09:30:00' }), 400, 'VALIDATION.FAILED'],
  ])('refuses %s', async (_rule, path, body, status, code) => {
    await refused(path, body, status, code);
  });

  it('refuses a secretary of another unit, and roles without branch writes', async () => {
    await refused(...schedule({ branchId: HOSPITAL.surgery }), 403, 'AUTH.FORBIDDEN', tokens.cardiologySecretary);
    await refused(
      ...attempt({ ...reached, callerMemberId: HOSPITAL.surgeon }, 'fu-surgery'),
      403,
      'AUTH.FORBIDDEN',
      tokens.cardiologySecretary,
    );
    await refused(...schedule({}), 403, 'AUTH.FORBIDDEN', tokens.assessor);
    await refused(...attempt(reached), 403, 'AUTH.FORBIDDEN', tokens.inspector);
  });
});
