import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

describe('reports over HTTP', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const server = () => testApp.app.getHttpServer();
  const post = async (path: string, body: object) => {
    const response = await request(server()).post(path).set('Authorization', `Bearer ${tokens.admin}`).send(body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { position: string };
  };
  const get = (path: string, token = tokens.reader) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);
  const log = () => testApp.app.get<EventStore>(EVENT_STORE);
  const { cardiology, surgery, hospitalId } = HOSPITAL;

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
  });
  afterAll(() => testApp.close());

  describe('follow-ups by discharge month (出院回访)', () => {
    let lastWrite: string;
    let beforePolicyChange: string;

    beforeAll(async () => {
      const schedule = (followUpId: string, branchId: string, dischargedAt: string) =>
        post('/api/follow-ups', { followUpId, branchId, patientRef: `ADM-${followUpId}`, dischargedAt });
      const call = (followUpId: string, calledAt: string, outcome: string, satisfaction?: number) =>
        post(`/api/follow-ups/${followUpId}/attempts`, {
          callerMemberId: followUpId.startsWith('s') ? HOSPITAL.surgeon : 'm-a',
          calledAt,
          outcome,
          satisfaction,
        });
      // Cardiology, March in Shanghai time: four discharges, the last at 23:30 on 31 March.
      await schedule('c1', cardiology, '2024-03-02T10:00:00+08:00');
      await schedule('c2', cardiology, '2024-03-10T10:00:00+08:00');
      await schedule('c3', cardiology, '2024-03-20T10:00:00+08:00');
      await schedule('c4', cardiology, '2024-03-31T23:30:00+08:00');
      // 16:30 UTC on 31 March is already 1 April in Shanghai: an April discharge.
      await schedule('c5', cardiology, '2024-03-31T16:30:00Z');
      await schedule('s1', surgery, '2024-03-05T09:00:00+08:00');
      await call('c1', '2024-03-03T09:00:00+08:00', 'reached', 5); // within a day
      await call('c2', '2024-03-12T09:00:00+08:00', 'no-answer');
      await call('c2', '2024-03-15T09:00:00+08:00', 'reached', 4); // within 5 days
      await call('c3', '2024-03-30T10:00:00+08:00', 'reached'); // 10 days: late
      await call('s1', '2024-03-06T09:00:00+08:00', 'reached', 3);
      lastWrite = (await call('c5', '2024-04-02T09:00:00+08:00', 'reached', 5)).position;
      // An instant between the calls and the policy change below, for asOf.
      await new Promise((resolve) => setTimeout(resolve, 20));
      beforePolicyChange = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
    });

    it('reports scheduled, completed, on time within 7 days, rates and satisfaction per branch, by Shanghai month', async () => {
      const { body, headers } = await get(
        `/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-03&minPosition=${lastWrite}`,
      ).expect(200);
      expect(BigInt(headers['x-read-model-position'])).toBeGreaterThanOrEqual(BigInt(lastWrite));
      expect(body).toMatchObject({ hospitalId, month: '2024-03', rulePack: 'cn-branch-2018', followUpWindowDays: 7 });
      expect(body.items).toEqual([
        {
          branchId: cardiology,
          name: '心内科党支部',
          scheduled: 4,
          completed: 3,
          completedOnTime: 2,
          rate: 0.75,
          onTimeRate: 0.5,
          meanSatisfaction: 4.5,
        },
        {
          branchId: surgery,
          name: '外科党支部',
          scheduled: 1,
          completed: 1,
          completedOnTime: 1,
          rate: 1,
          onTimeRate: 1,
          meanSatisfaction: 3,
        },
      ]);
      const april = await get(`/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-04`).expect(200);
      expect(april.body.items[0]).toMatchObject({ branchId: cardiology, scheduled: 1, completed: 1 });
    });

    it('re-judges all history when the hospital changes its follow-up window, leaving every event as it was', async () => {
      const streams = ['followup-c1', 'followup-c2', 'followup-c3'];
      const eventsBefore = await Promise.all(streams.map((id) => log().readStream(id)));
      const { position } = await post(`/api/hospitals/${hospitalId}/policy`, {
        followUpWindowDays: 1,
        reason: '院党委会决定回访须在次日完成',
      });

      const rejudged = await get(
        `/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-03&minPosition=${position}`,
      ).expect(200);
      expect(rejudged.body.followUpWindowDays).toBe(1);
      expect(rejudged.body.items[0]).toMatchObject({ completedOnTime: 1, onTimeRate: 0.25 });
      expect(await Promise.all(streams.map((id) => log().readStream(id)))).toEqual(eventsBefore);

      const policy = await get(`/api/hospitals/${hospitalId}/policy`).expect(200);
      expect(policy.body).toMatchObject({
        rulePack: 'cn-branch-2018',
        policy: { followUpWindowDays: 1, lecturesPerBranchPerQuarter: 1 },
      });
    });

    it('answers asOf as the read models stood then: the old window, before the change', async () => {
      const then = await get(
        `/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-03&asOf=${beforePolicyChange}`,
      ).expect(200);
      expect(then.body.followUpWindowDays).toBe(7);
      expect(then.body.items[0]).toMatchObject({ completedOnTime: 2, onTimeRate: 0.5 });
      const beforeAnyCall = await get(
        `/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-03&asOf=2000-01-01T00:00:00Z`,
      ).expect(200);
      expect(beforeAnyCall.body.items).toEqual([]);
    });

    it('shows a secretary only the lines of its own units', async () => {
      const { body } = await get(
        `/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-03`,
        tokens.cardiologySecretary,
      ).expect(200);
      expect(body.items.map((item: { branchId: string }) => item.branchId)).toEqual([cardiology]);
    });

    it('refuses a malformed month or asOf, and an unknown policy value', async () => {
      expect((await get(`/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-13`).expect(400)).body.code).toBe(
        'VALIDATION.FAILED',
      );
      expect(
        (await get(`/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-03&asOf=yesterday`).expect(400)).body
          .code,
      ).toBe('VALIDATION.FAILED');
      const head = await log().headPosition();
      const refused = await request(server())
        .post(`/api/hospitals/${hospitalId}/policy`)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .send({ followUpWindowDays: 0, reason: 'x' })
        .expect(422);
      expect(refused.body.code).toBe('POLICY.INVALID_VALUE');
      expect(await log().headPosition()).toBe(head);
    });
  });
});
