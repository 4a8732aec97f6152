import { Projector } from '@app/read-models';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

describe('branch ranking and the performance fund', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  let lastWrite = '0';
  let beforeSheets: string;
  const server = () => testApp.app.getHttpServer();
  const post = async (path: string, body: object, token = tokens.admin) => {
    const response = await request(server()).post(path).set('Authorization', `Bearer ${token}`).send(body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    lastWrite = response.body.position;
  };
  const get = (path: string, token = tokens.reader) =>
    request(server()).get(`${path}&minPosition=${lastWrite}`).set('Authorization', `Bearer ${token}`);
  const { hospitalId, committee, cardiology, surgery } = HOSPITAL;
  const administration = 'h1-admin';
  const period = 'h1-2024-Q1';
  const sheet = (
    branchId: string,
    assessorId: string,
    daily: number,
    integration: number,
    bonus = 0,
    deduction = 0,
  ) => ({
    branchId,
    assessorId,
    items: [
      { code: 'daily-work', score: daily },
      { code: 'integration', score: integration },
    ],
    bonuses: bonus ? [{ code: 'award', points: bonus, reason: '获评先进' }] : [],
    deductions: deduction ? [{ code: 'late', points: deduction, reason: '报告逾期' }] : [],
  });

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    await post('/api/org-units', {
      unitId: administration,
      kind: 'branch',
      name: '机关党支部',
      hospitalId,
      parentId: committee,
      category: 'administrative',
    });
    // m-a (cardiology) joins the committee, so someone can assess surgery.
    await post('/api/members/m-a/posts', { post: 'committee-member', unitId: committee, from: '2020-01-01' });
    // Follow-ups discharged in Q1: cardiology and surgery complete one of two; administration has none.
    for (const [id, branchId, member] of [
      ['c1', cardiology, 'm-b'],
      ['c2', cardiology, 'm-b'],
      ['s1', surgery, HOSPITAL.surgeon],
      ['s2', surgery, HOSPITAL.surgeon],
    ]) {
      await post('/api/follow-ups', {
        followUpId: id,
        branchId,
        patientRef: `ADM-${id}`,
        dischargedAt: '2024-02-10T10:00:00+08:00',
      });
      if (id.endsWith('1')) {
        await post(`/api/follow-ups/${id}/attempts`, {
          callerMemberId: member,
          calledAt: '2024-02-12T10:00:00+08:00',
          outcome: 'reached',
          satisfaction: 5,
        });
      }
    }
    await post('/api/assessment-periods', { periodId: period, hospitalId, schemeId: 'default-2024' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    beforeSheets = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await post(
      `/api/assessment-periods/${period}/scores`,
      sheet(cardiology, HOSPITAL.committeeMember, 36, 34, 4),
      tokens.assessor,
    );
    await post(`/api/assessment-periods/${period}/scores`, sheet(surgery, 'm-a', 35, 35, 4));
    await post(
      `/api/assessment-periods/${period}/scores`,
      sheet(administration, HOSPITAL.committeeMember, 30, 30, 0, 5),
    );
    await post(`/api/assessment-periods/${period}/scores`, sheet(administration, 'm-a', 32, 28));
  });
  afterAll(() => testApp.close());

  it('ranks branches by total with ties sharing a rank, stars by the scheme', async () => {
    const { body } = await get(`/api/rankings/branches?periodId=${period}&hospitalId=${hospitalId}`).expect(200);
    expect(body).toMatchObject({
      periodId: period,
      hospitalId,
      quarter: '2024-Q1',
      schemeId: 'default-2024',
      rulePack: 'cn-branch-2018',
      notApplicableRule: 'rescale',
      count: 3,
    });
    // No meetings in Q1: compliance earns nothing. Follow-ups: half completed earns 5 of 10. Nobody was discharged
    // from administration: its follow-up rate is not applicable, and its indicator points are rescaled over the
    // 90 that apply: 60 × 100 / 90 = 66.67, less the 2.5 deducted = 64.17.
    expect(body.items).toEqual([
      {
        rank: 1,
        branchId: cardiology,
        name: '心内科党支部',
        category: 'clinical',
        total: 79,
        stars: 3,
        manual: 70,
        bonus: 4,
        deduction: 0,
        meetingCompliance: 0,
        followUpRate: 5,
        notApplicable: [],
        assessors: 1,
        ratios: { meetingCompliance: 0, followUpRate: 0.5 },
      },
      {
        rank: 1,
        branchId: surgery,
        name: '外科党支部',
        category: 'clinical',
        total: 79,
        stars: 3,
        manual: 70,
        bonus: 4,
        deduction: 0,
        meetingCompliance: 0,
        followUpRate: 5,
        notApplicable: [],
        assessors: 1,
        ratios: { meetingCompliance: 0, followUpRate: 0.5 },
      },
      {
        rank: 3,
        branchId: administration,
        name: '机关党支部',
        category: 'administrative',
        total: 64.17,
        stars: 2,
        manual: 60,
        bonus: 0,
        deduction: 2.5,
        meetingCompliance: 0,
        followUpRate: null,
        notApplicable: ['followUpRate'],
        assessors: 2,
        ratios: { meetingCompliance: 0, followUpRate: null },
      },
    ]);
  });

  it('ranks within a category, and pages', async () => {
    const administrative = await get(`/api/rankings/branches?periodId=${period}&category=administrative`).expect(200);
    expect(
      administrative.body.items.map((item: { branchId: string; rank: number }) => [item.branchId, item.rank]),
    ).toEqual([[administration, 1]]);
    const page = await get(`/api/rankings/branches?periodId=${period}&limit=1&offset=2`).expect(200);
    expect(page.body.items.map((item: { branchId: string; rank: number }) => [item.branchId, item.rank])).toEqual([
      [administration, 3],
    ]);
  });

  it('splits the 党建专项绩效 in whole fen that add up to the amount exactly', async () => {
    const { body } = await get(
      `/api/reports/performance-fund?hospitalId=${hospitalId}&periodId=${period}&amount=750000`,
    ).expect(200);
    expect(body.amountFen).toBe(75_000_000);
    expect(body.items).toEqual([
      // 75,000,000 × 79 / 222.17 = 26,668,767.16 twice and × 64.17 / 222.17 = 21,662,465.68: the fen left over
      // goes to the largest remainder. The rescaled total, not free follow-up points, sets administration's share.
      { branchId: cardiology, name: '心内科党支部', total: 79, shareFen: 26_668_767 },
      { branchId: surgery, name: '外科党支部', total: 79, shareFen: 26_668_767 },
      { branchId: administration, name: '机关党支部', total: 64.17, shareFen: 21_662_466 },
    ]);
  });

  it('answers asOf as the ranking stood before any sheet was handed in', async () => {
    const { body } = await get(`/api/rankings/branches?periodId=${period}&asOf=${beforeSheets}`).expect(200);
    expect(
      body.items.map((item: { branchId: string; total: number; rank: number }) => [
        item.branchId,
        item.total,
        item.rank,
      ]),
    ).toEqual([
      // Nothing handed in: administration had no indicator points to rescale, so no follow-up points either.
      [cardiology, 5, 1],
      [surgery, 5, 1],
      [administration, 0, 3],
    ]);
  });

  it('answers 404 for an unknown period, one of another hospital, or a hospital that does not exist', async () => {
    await post('/api/org-units', { unitId: 'h2-committee', kind: 'committee', name: '第二医院党委', hospitalId: 'h2' });
    expect((await get('/api/rankings/branches?periodId=h1-1999-Q1').expect(404)).body.code).toBe(
      'ASSESSMENT.PERIOD_NOT_FOUND',
    );
    expect((await get(`/api/rankings/branches?periodId=${period}&hospitalId=h2`).expect(404)).body.code).toBe(
      'ASSESSMENT.PERIOD_NOT_FOUND',
    );
    expect(
      (await get(`/api/reports/performance-fund?hospitalId=h2&periodId=${period}&amount=1`).expect(404)).body.code,
    ).toBe('ASSESSMENT.PERIOD_NOT_FOUND');
    for (const path of [
      `/api/rankings/branches?periodId=${period}&hospitalId=h3`,
      `/api/reports/performance-fund?hospitalId=h3&periodId=${period}&amount=1`,
    ]) {
      expect((await get(path).expect(404)).body.code).toBe('HOSPITAL.NOT_FOUND');
    }
  });

  it('shows a secretary only its own branches’ lines, ranks unchanged', async () => {
    const { body } = await get(`/api/rankings/branches?periodId=${period}`, tokens.cardiologySecretary).expect(200);
    expect(body.items.map((item: { branchId: string; rank: number }) => [item.branchId, item.rank])).toEqual([
      [cardiology, 1],
    ]);
  });

  it('no longer ranks a branch with no discharges above one with full follow-ups on the follow-up rate alone', async () => {
    // Q2: cardiology discharges two patients and reaches both; surgery discharges nobody. Same sheets, no meetings.
    for (const id of ['c3', 'c4']) {
      await post('/api/follow-ups', {
        followUpId: id,
        branchId: cardiology,
        patientRef: `ADM-${id}`,
        dischargedAt: '2024-04-10T10:00:00+08:00',
      });
      await post(`/api/follow-ups/${id}/attempts`, {
        callerMemberId: 'm-b',
        calledAt: '2024-04-11T10:00:00+08:00',
        outcome: 'reached',
        satisfaction: 5,
      });
    }
    const q2 = 'h1-2024-Q2';
    await post('/api/assessment-periods', { periodId: q2, hospitalId, schemeId: 'default-2024' });
    await post(
      `/api/assessment-periods/${q2}/scores`,
      sheet(cardiology, HOSPITAL.committeeMember, 35, 35),
      tokens.assessor,
    );
    await post(`/api/assessment-periods/${q2}/scores`, sheet(surgery, 'm-a', 35, 35));
    const { body } = await get(`/api/rankings/branches?periodId=${q2}&category=clinical`).expect(200);
    // Free points would have tied them at 80; now surgery's 70 is rescaled over the 90 points that apply.
    expect(
      body.items.map(
        (item: {
          branchId: string;
          total: number;
          rank: number;
          followUpRate: number | null;
          notApplicable: string[];
        }) => [item.branchId, item.total, item.rank, item.followUpRate, item.notApplicable],
      ),
    ).toEqual([
      [cardiology, 80, 1, 10, []],
      [surgery, 77.78, 2, null, ['followUpRate']],
    ]);
  });

  it('changes the scheme, rebuilds, and ranks by the new one, while asOf before the change still gives the old', async () => {
    const ranking = async (query = '') => {
      const { body } = await get(`/api/rankings/branches?periodId=${period}${query}`).expect(200);
      return body as {
        schemeId: string;
        notApplicableRule: string;
        items: { branchId: string; total: number; stars: number; rank: number }[];
      };
    };
    const before = await ranking();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const underOldScheme = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));

    // The 党委 doubles the weight of the follow-up rate (出院回访率), asks more for five stars, and gives a rate
    // with no discharges nothing.
    await post('/api/scoring-schemes', {
      schemeId: 'h1-2024-revised',
      indicators: [
        { code: 'daily-work', name: '日常工作', max: 40, source: 'manual' },
        { code: 'integration', name: '党建与业务融合', max: 40, source: 'manual' },
        { code: 'meeting-compliance', name: '三会一课合规', max: 10, source: 'meeting-compliance' },
        { code: 'follow-up-rate', name: '出院回访率', max: 20, source: 'follow-up-rate' },
      ],
      bonusCap: 10,
      deductionCap: 20,
      stars: [
        { stars: 5, minTotal: 95 },
        { stars: 3, minTotal: 80 },
        { stars: 1, minTotal: 0 },
      ],
      notApplicable: 'zero',
    });
    await post(`/api/assessment-periods/${period}/scheme`, {
      schemeId: 'h1-2024-revised',
      reason: '党委会议调整考核细则',
    });
    const rebuild = await request(server())
      .post('/api/admin/projections/assessment-periods/rebuild')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .expect(202);
    await testApp.app.get(Projector).rebuildFinished('assessment-periods');
    const { body: progress } = await request(server())
      .get('/api/admin/projections/assessment-periods')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .expect(200);
    expect(progress.rebuild).toMatchObject({ rebuildId: rebuild.body.rebuildId, state: 'completed' });

    const after = await ranking();
    expect(after.schemeId).toBe('h1-2024-revised');
    const totals = (items: typeof after.items) => items.map(({ branchId, total, stars }) => [branchId, total, stars]);
    // The doubled weight adds half its 10 points where half the patients were reached. Under the new scheme's
    // `zero` rule, the follow-up rate with no discharges (administration) earns nothing: 60 − 2.5 = 57.5, one star.
    expect(after.notApplicableRule).toBe('zero');
    expect(totals(after.items)).toEqual([
      [cardiology, 84, 3],
      [surgery, 84, 3],
      [administration, 57.5, 1],
    ]);
    expect(before.notApplicableRule).toBe('rescale');
    expect(totals(before.items)).toEqual([
      [cardiology, 79, 3],
      [surgery, 79, 3],
      [administration, 64.17, 2],
    ]);
    expect(await ranking(`&asOf=${underOldScheme}`)).toEqual(before);
  });
});
