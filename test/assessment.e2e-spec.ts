import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { expectRefusedWithoutWriting } from './support/refusal';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

describe('assessment over HTTP', () => {
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

  const { hospitalId, cardiology, committeeMember } = HOSPITAL;
  /** Two manual indicators (50 + 30), one automatic; bonuses up to 5, deductions up to 10. */
  const scheme = (schemeId: string) => ({
    schemeId,
    indicators: [
      { code: 'daily-work', name: '日常工作', max: 50, source: 'manual' },
      { code: 'integration', name: '党建与业务融合', max: 30, source: 'manual' },
      { code: 'follow-up-rate', name: '出院回访率', max: 20, source: 'follow-up-rate' },
    ],
    bonusCap: 5,
    deductionCap: 10,
    stars: [
      { stars: 3, minTotal: 85 },
      { stars: 2, minTotal: 70 },
      { stars: 1, minTotal: 0 },
    ],
  });
  const sheet = {
    branchId: cardiology,
    assessorId: committeeMember,
    items: [
      { code: 'daily-work', score: 45 },
      { code: 'integration', score: 27.5 },
    ],
    bonuses: [{ code: 'award', points: 2, reason: '获评市级先进基层党组织' }],
    deductions: [{ code: 'late-report', points: 1, reason: '季度报告逾期提交' }],
  };
  const { branchId: _branchId, ...correction } = { ...sheet, reason: '复核发现日常工作分数录入有误' };

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    await created('/api/scoring-schemes', scheme('fx-scheme'));
    await created('/api/assessment-periods', { periodId: 'fx-2024-Q1', hospitalId, schemeId: 'fx-scheme' });
    await created('/api/assessment-periods/fx-2024-Q1/scores', sheet, tokens.assessor);
    await created('/api/assessment-periods', { periodId: 'fx-2024-Q2', hospitalId, schemeId: 'fx-scheme' });
    await created('/api/assessment-periods', { periodId: 'fx-2023-Q4', hospitalId, schemeId: 'fx-scheme' });
    await created('/api/assessment-periods/fx-2023-Q4/closure', {});
    // A cardiology member on the committee: an assessor, but never of cardiology.
    await created('/api/members/m-a/posts', {
      post: 'committee-member',
      unitId: HOSPITAL.committee,
      from: '2020-01-01',
    });
  });
  afterAll(() => testApp.close());

  /** Sends a request that must be refused with `code`, and proves the log did not grow. */
  const refused = (path: string, body: object, status: number, code: string, token = tokens.admin) =>
    expectRefusedWithoutWriting(testApp, token, path, body, { status, code });

  it('publishes a scheme and opens periods with it and with the built-in default-2024', async () => {
    const published = await created('/api/scoring-schemes', scheme('h1-2025'));
    expect(published.body).toMatchObject({
      id: 'h1-2025',
      streamId: 'scheme-h1-2025',
      revision: 1,
      events: [{ type: 'ScoringSchemePublished' }],
    });
    // The not-applicable rule is the admin's to state; left out, the event leaves it out and it reads as rescale.
    expect((await log().readStream('scheme-h1-2025'))[0].data).not.toHaveProperty('notApplicable');
    await created('/api/scoring-schemes', { ...scheme('h1-2025-full'), notApplicable: 'full' });
    expect((await log().readStream('scheme-h1-2025-full'))[0].data).toEqual({
      ...scheme('h1-2025-full'),
      notApplicable: 'full',
    });

    const custom = await created('/api/assessment-periods', {
      periodId: 'h1-2025-Q1',
      hospitalId,
      schemeId: 'h1-2025',
    });
    expect(custom.body).toMatchObject({ id: 'h1-2025-Q1', streamId: 'assessment-h1-2025-Q1', revision: 1 });
    expect((await log().readStream('assessment-h1-2025-Q1'))[0].data).toMatchObject({
      quarter: '2025-Q1',
      scheme: scheme('h1-2025'),
    });

    // default-2024 ships with the product: nobody published it, and the period records the built-in constant.
    expect(await log().readStream('scheme-default-2024')).toEqual([]);
    const builtIn = await created('/api/assessment-periods', {
      periodId: 'h1-2025-Q2',
      hospitalId,
      schemeId: 'default-2024',
    });
    expect(builtIn.body.events).toEqual([expect.objectContaining({ type: 'AssessmentPeriodOpened' })]);
    expect((await log().readStream('assessment-h1-2025-Q2'))[0].data).toEqual({
      periodId: 'h1-2025-Q2',
      hospitalId,
      schemeId: 'default-2024',
      quarter: '2025-Q2',
      scheme: DEFAULT_SCHEME_2024,
    });
  });

  it('takes the assessor’s sheet, one an admin enters on its behalf, and a correction; then closes', async () => {
    const scored = await created('/api/assessment-periods/h1-2025-Q1/scores', sheet, tokens.assessor);
    expect(scored.body).toMatchObject({ id: 'h1-2025-Q1', revision: 2, events: [{ type: 'AssessmentScored' }] });

    const onBehalf = await created('/api/assessment-periods/h1-2025-Q2/scores', {
      ...sheet,
      items: [
        { code: 'daily-work', score: 35 },
        { code: 'integration', score: 30 },
      ],
    });
    expect(onBehalf.body.events).toEqual([expect.objectContaining({ type: 'AssessmentScored' })]);
    const [, byAdmin] = await log().readStream('assessment-h1-2025-Q2');
    expect(byAdmin.metadata.actor).toEqual({ subject: 'admin-1', roles: ['admin'] });
    expect(byAdmin.data).toMatchObject({ periodId: 'h1-2025-Q2', branchId: cardiology, assessorId: committeeMember });

    const corrected = await created(
      `/api/assessment-periods/h1-2025-Q1/scores/${cardiology}/corrections`,
      // "Same body plus reason": the branchId may be repeated when it matches the path.
      { ...correction, branchId: cardiology, items: [sheet.items[0], { code: 'integration', score: 25 }] },
      tokens.assessor,
    );
    expect(corrected.body).toMatchObject({ revision: 3, events: [{ type: 'AssessmentScoreCorrected' }] });
    const [, first, second] = await log().readStream('assessment-h1-2025-Q1');
    expect(first.metadata.actor).toEqual({ subject: committeeMember, roles: ['assessor'] });
    expect(second.data).toEqual({
      periodId: 'h1-2025-Q1',
      branchId: cardiology,
      assessorId: committeeMember,
      items: [
        { code: 'daily-work', score: 45 },
        { code: 'integration', score: 25 },
      ],
      bonuses: sheet.bonuses,
      deductions: sheet.deductions,
      reason: correction.reason,
    });

    const closed = await created('/api/assessment-periods/h1-2025-Q2/closure', {});
    expect(closed.body).toMatchObject({ id: 'h1-2025-Q2', revision: 3, events: [{ type: 'AssessmentPeriodClosed' }] });
  });

  const publish = (body: object) => ['/api/scoring-schemes', { ...scheme('fx-new'), ...body }] as const;
  const open = (body: object) =>
    ['/api/assessment-periods', { periodId: 'fx-2025-Q3', hospitalId, schemeId: 'fx-scheme', ...body }] as const;
  /** m-cm's sheet for cardiology, by default in a period where it has handed in none yet. */
  const score = (body: object, periodId = 'fx-2024-Q2') =>
    [`/api/assessment-periods/${periodId}/scores`, { ...sheet, ...body }] as const;
  /** A correction of m-cm's cardiology sheet, by default in the period where it handed one in. */
  const correct = (body: object, periodId = 'fx-2024-Q1') =>
    [`/api/assessment-periods/${periodId}/scores/${cardiology}/corrections`, { ...correction, ...body }] as const;
  const items = (...entries: [string, number][]) => ({
    items: entries.map(([code, value]) => ({ code, score: value })),
  });

  it.each([
    ['a scheme published twice', ...publish({ schemeId: 'fx-scheme' }), 409, 'SCHEME.ALREADY_PUBLISHED'],
    ['publishing the built-in default-2024', ...publish({ schemeId: 'default-2024' }), 409, 'SCHEME.ALREADY_PUBLISHED'],
    [
      'an indicator listed twice',
      ...publish({
        indicators: [...scheme('x').indicators, { code: 'daily-work', name: 'x', max: 5, source: 'manual' }],
      }),
      422,
      'SCHEME.DUPLICATE_INDICATOR',
    ],
    [
      'an indicator worth nothing',
      ...publish({ indicators: [{ code: 'daily-work', name: '日常工作', max: 0, source: 'manual' }] }),
      422,
      'SCHEME.INVALID_LIMIT',
    ],
    ['a scheme without stars', ...publish({ stars: [] }), 422, 'SCHEME.INVALID_STARS'],
    ['an unknown not-applicable rule', ...publish({ notApplicable: 'half' }), 400, 'VALIDATION.FAILED'],
    [
      'more stars for a lower total',
      ...publish({
        stars: [
          { stars: 2, minTotal: 50 },
          { stars: 1, minTotal: 60 },
        ],
      }),
      422,
      'SCHEME.INVALID_STARS',
    ],
    [
      'an indicator name with a mobile number',
      ...publish({ indicators: [{ code: 'c', name: '咨询13912345678', max: 5, source: 'manual' }] }),
      422,
      'PII.FORBIDDEN',
    ],
    ['a period under an unpublished scheme', ...open({ schemeId: 'nope' }), 404, 'SCHEME.NOT_FOUND'],
    ['a period id without a quarter', ...open({ periodId: 'fx-spring' }), 422, 'ASSESSMENT.INVALID_PERIOD'],
    ['a period opened twice', ...open({ periodId: 'fx-2024-Q1' }), 409, 'ASSESSMENT.PERIOD_ALREADY_OPEN'],
    ['a sheet for a period never opened', ...score({}, 'fx-1999-Q1'), 404, 'ASSESSMENT.PERIOD_NOT_FOUND'],
    [
      'closing a period never opened',
      '/api/assessment-periods/fx-1999-Q1/closure',
      {},
      404,
      'ASSESSMENT.PERIOD_NOT_FOUND',
    ],
    ['reopening a closed period', ...open({ periodId: 'fx-2023-Q4' }), 422, 'ASSESSMENT.PERIOD_CLOSED'],
    ['a sheet after closure', ...score({}, 'fx-2023-Q4'), 422, 'ASSESSMENT.PERIOD_CLOSED'],
    ['a correction after closure', ...correct({}, 'fx-2023-Q4'), 422, 'ASSESSMENT.PERIOD_CLOSED'],
    ['closing a closed period', '/api/assessment-periods/fx-2023-Q4/closure', {}, 422, 'ASSESSMENT.PERIOD_CLOSED'],
    ['a sheet for a missing branch', ...score({ branchId: 'nope' }), 404, 'ORG_UNIT.NOT_FOUND'],
    ['a sheet for a group', ...score({ branchId: HOSPITAL.cardiologyGroup }), 422, 'ASSESSMENT.BRANCH_NOT_IN_HOSPITAL'],
    ['a sheet by an unregistered assessor', ...score({ assessorId: 'nobody' }), 404, 'MEMBER.NOT_FOUND'],
    [
      'a sheet by a member without a committee post',
      ...score({ assessorId: HOSPITAL.surgeon }),
      422,
      'ASSESSMENT.ASSESSOR_NOT_COMMITTEE',
    ],
    ['an assessor scoring their own branch', ...score({ assessorId: 'm-a' }), 422, 'ASSESSMENT.CONFLICT_OF_INTEREST'],
    [
      'a second sheet from the same assessor for the same branch',
      ...score({}, 'fx-2024-Q1'),
      409,
      'ASSESSMENT.ALREADY_SCORED',
    ],
    ['a correction of a sheet never handed in', ...correct({}, 'fx-2024-Q2'), 422, 'ASSESSMENT.NOT_SCORED'],
    [
      'an unknown indicator',
      ...score(items(['daily-work', 40], ['integration', 20], ['nope', 1])),
      422,
      'ASSESSMENT.UNKNOWN_INDICATOR',
    ],
    [
      'a manual score for an automatic indicator',
      ...score(items(['daily-work', 40], ['integration', 20], ['follow-up-rate', 10])),
      422,
      'ASSESSMENT.AUTOMATIC_INDICATOR',
    ],
    [
      'an indicator scored twice',
      ...score(items(['daily-work', 40], ['daily-work', 20])),
      422,
      'ASSESSMENT.DUPLICATE_ITEM',
    ],
    ['a sheet missing a manual indicator', ...score(items(['daily-work', 40])), 422, 'ASSESSMENT.MISSING_ITEM'],
    [
      'a score above the indicator’s max',
      ...score(items(['daily-work', 51], ['integration', 20])),
      422,
      'ASSESSMENT.SCORE_OUT_OF_RANGE',
    ],
    [
      'bonuses over the cap',
      ...score({
        bonuses: [
          { code: 'a', points: 3, reason: '获奖' },
          { code: 'b', points: 2.5, reason: '表彰' },
        ],
      }),
      422,
      'ASSESSMENT.BONUS_OVER_CAP',
    ],
    [
      'deductions over the cap',
      ...score({ deductions: [{ code: 'a', points: 11, reason: '缺会' }] }),
      422,
      'ASSESSMENT.DEDUCTION_OVER_CAP',
    ],
    [
      'a bonus without a reason',
      ...score({ bonuses: [{ code: 'a', points: 1, reason: '   ' }] }),
      422,
      'ASSESSMENT.REASON_REQUIRED',
    ],
    ['a correction without a reason', ...correct({ reason: '  ' }), 422, 'ASSESSMENT.REASON_REQUIRED'],
    [
      'a deduction reason with a mobile number',
      ...score({ deductions: [{ code: 'a', points: 1, reason: '患者投诉 13912345678' }] }),
      422,
      'PII.FORBIDDEN',
    ],
    [
      'a correction reason with a resident ID number',
      ...correct({ reason: '见 11010119900307123X' }),
      422,
      'PII.FORBIDDEN',
    ],
    ['an unknown field on a sheet', ...score({ comment: 'x' }), 400, 'VALIDATION.FAILED'],
    [
      'an unknown field inside an item',
      ...score({ items: [{ code: 'daily-work', score: 1, weight: 2 }] }),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'a correction whose body names another branch than its path',
      ...correct({ branchId: HOSPITAL.surgery }),
      400,
      'VALIDATION.FAILED',
    ],
    ['a negative score', ...score(items(['daily-work', -1], ['integration', 20])), 400, 'VALIDATION.FAILED'],
    [
      'more than 200 items',
      ...score({ items: Array.from({ length: 201 }, (_, i) => ({ code: `c${i}`, score: 1 })) }),
      400,
      'VALIDATION.FAILED',
    ],
    ['a field on a closure', '/api/assessment-periods/fx-2024-Q2/closure', { force: true }, 400, 'VALIDATION.FAILED'],
  ])('refuses %s', async (_rule, path, body, status, code) => {
    await refused(path, body, status, code);
  });

  it('refuses an assessor scoring as someone else, and roles that do not assess', async () => {
    // m-a may assess surgery: the sheet is valid, but only m-a itself (or an admin) may hand it in.
    const mA = score({ assessorId: 'm-a', branchId: HOSPITAL.surgery });
    await refused(...mA, 403, 'AUTH.FORBIDDEN', tokens.assessor);
    await refused(...correct({ assessorId: 'm-a' }), 403, 'AUTH.FORBIDDEN', tokens.assessor);
    await created(...mA, testApp.token({ sub: 'm-a', roles: ['assessor'], hospitalId }));
    await refused(...score({}), 403, 'AUTH.FORBIDDEN', tokens.cardiologySecretary);
    await refused(...publish({}), 403, 'AUTH.FORBIDDEN', tokens.assessor);
    await refused(...open({}), 403, 'AUTH.FORBIDDEN', tokens.assessor);
    await refused('/api/assessment-periods/fx-2024-Q2/closure', {}, 403, 'AUTH.FORBIDDEN', tokens.assessor);
  });
});
