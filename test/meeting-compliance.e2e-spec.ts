import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

describe('meeting compliance report over HTTP (三会一课)', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  let lastWrite: string;
  let revokedAt: string;
  let beforeRevocation: string;
  const server = () => testApp.app.getHttpServer();
  const post = async (path: string, body: object) => {
    const response = await request(server()).post(path).set('Authorization', `Bearer ${tokens.admin}`).send(body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { position: string };
  };
  const get = (path: string, token = tokens.reader) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);
  const { hospitalId, cardiology, cardiologyGroup, surgery, secretary, probationary } = HOSPITAL;
  const path = (periodId: string, extra = '') =>
    `/api/reports/meeting-compliance?hospitalId=${hospitalId}&periodId=${periodId}${extra}`;

  /** Cardiology's voting members are m-sec, m-a, m-b, m-c (four); m-p is probationary. No committee: a secretary alone. */
  const meeting = (
    meetingId: string,
    kind: string,
    heldAt: string,
    attendeeIds: string[],
    votes: object[] = [],
    unitId: string = cardiology,
  ) =>
    post('/api/meetings', {
      meetingId,
      unitId,
      kind,
      heldAt,
      topic: '学习贯彻党的二十大精神',
      hostMemberId: attendeeIds[0],
      attendeeIds,
      absentees: [],
      votes,
    });
  const groupMeeting = (meetingId: string, heldAt: string) =>
    meeting(meetingId, 'group-meeting', heldAt, ['m-a', 'm-b'], [], cardiologyGroup);

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);

    // First quarter: an inquorate assembly, a quorate one (exactly half) whose motion fails, no February theme
    // day, no lecture. The last theme day is at 23:30 on 31 March, Shanghai time.
    await meeting('mc-ga-jan', 'general-assembly', '2024-01-15T15:00:00+08:00', [secretary, probationary]);
    await meeting(
      'mc-ga-feb',
      'general-assembly',
      '2024-02-20T15:00:00+08:00',
      [secretary, 'm-a', probationary],
      [{ motion: '党费使用计划', yes: 2, no: 0, abstain: 1 }],
    );
    await meeting('mc-td-jan', 'theme-day', '2024-01-10T09:00:00+08:00', [secretary, 'm-a']);
    await meeting('mc-td-mar', 'theme-day', '2024-03-31T23:30:00+08:00', [secretary, 'm-b']);
    await groupMeeting('mc-gm-jan', '2024-01-12T12:00:00+08:00');
    await groupMeeting('mc-gm-mar', '2024-03-12T12:00:00+08:00');

    // Second quarter: everything due. 00:30 on 1 April in Shanghai is still 31 March in UTC.
    await meeting('mc-td-apr', 'theme-day', '2024-04-01T00:30:00+08:00', [secretary, 'm-c']);
    await meeting('mc-td-may', 'theme-day', '2024-05-10T09:00:00+08:00', [secretary, 'm-a']);
    await meeting('mc-td-jun', 'theme-day', '2024-06-10T09:00:00+08:00', [secretary, 'm-b']);
    await meeting(
      'mc-ga-may',
      'general-assembly',
      '2024-05-20T15:00:00+08:00',
      [secretary, 'm-a', 'm-b', 'm-c', probationary],
      [
        { motion: '选举支部委员', yes: 3, no: 1, abstain: 0, election: true },
        { motion: '接收预备党员', yes: 4, no: 0, abstain: 0 },
      ],
    );
    await post('/api/lectures', {
      lectureId: 'mc-lc-jun',
      unitId: cardiology,
      lecturerId: secretary,
      title: '党的二十大精神专题党课',
      givenAt: '2024-06-18T14:00:00+08:00',
      attendeeIds: ['m-a', 'm-b', 'm-c'],
      durationMinutes: 90,
    });
    for (const [meetingId, heldAt] of [
      ['mc-gm-apr', '2024-04-12T12:00:00+08:00'],
      ['mc-gm-may', '2024-05-12T12:00:00+08:00'],
      ['mc-gm-jun', '2024-06-12T12:00:00+08:00'],
    ]) {
      await groupMeeting(meetingId, heldAt);
    }

    // An instant between the meetings and the revocation of June's theme day, for asOf.
    await new Promise((resolve) => setTimeout(resolve, 20));
    beforeRevocation = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    revokedAt = (await post('/api/meetings/mc-td-jun/revocation', { reason: '重复录入' })).position;
    lastWrite = revokedAt;
  });
  afterAll(() => testApp.close());

  it('judges the first quarter: quorum, a failed motion, a missing month and a missing lecture', async () => {
    const { body, headers } = await get(path('2024-Q1', `&minPosition=${lastWrite}`)).expect(200);
    expect(BigInt(headers['x-read-model-position'])).toBeGreaterThanOrEqual(BigInt(lastWrite));
    expect(body).toMatchObject({
      hospitalId,
      periodId: '2024-Q1',
      rulePack: 'cn-branch-2018',
      lecturesPerBranchPerQuarter: 1,
    });
    expect(body.items.map((item: { unitId: string }) => item.unitId)).toEqual([cardiology, cardiologyGroup, surgery]);
    expect(body.items[0]).toEqual({
      unitId: cardiology,
      name: '心内科党支部',
      kind: 'branch',
      branchId: cardiology,
      required: {
        'general-assembly': 1,
        'branch-committee': 0,
        'theme-day': 3,
        'organizational-life': 0,
        'democratic-appraisal': 0,
        'party-lecture': 1,
      },
      held: {
        'general-assembly': 1,
        'branch-committee': 0,
        'theme-day': 2,
        'organizational-life': 0,
        'democratic-appraisal': 0,
        'party-lecture': 0,
      },
      satisfied: {
        'general-assembly': 1,
        'branch-committee': 0,
        'theme-day': 2,
        'organizational-life': 0,
        'democratic-appraisal': 0,
        'party-lecture': 0,
      },
      ratio: 0.6,
      findings: [
        {
          code: 'QUORUM_NOT_MET',
          meetingId: 'mc-ga-jan',
          detail: 'General assembly on 2024-01-15: 1 of 4 voting members present; at least half needed',
        },
        {
          code: 'VOTE_NOT_CARRIED',
          meetingId: 'mc-ga-feb',
          detail: 'Motion "党费使用计划" on 2024-02-20: 2 yes of 4 voting members; more than half needed',
        },
        { code: 'MISSING_THEME_DAY', detail: 'No valid theme-day in 2024-02' },
        { code: 'MISSING_PARTY_LECTURE', detail: '0 of 1 party lectures in 2024-Q1' },
      ],
    });
    expect(body.items[1]).toEqual({
      unitId: cardiologyGroup,
      name: '心内科第一党小组',
      kind: 'group',
      branchId: cardiology,
      required: { 'group-meeting': 3 },
      held: { 'group-meeting': 2 },
      satisfied: { 'group-meeting': 2 },
      ratio: 2 / 3,
      findings: [{ code: 'MISSING_GROUP_MEETING', detail: 'No valid group-meeting in 2024-02' }],
    });
    expect(body.items[2]).toMatchObject({ unitId: surgery, ratio: 0 });
    expect(body.items[2].findings.map((finding: { code: string }) => finding.code)).toEqual([
      'MISSING_GENERAL_ASSEMBLY',
      'MISSING_THEME_DAY',
      'MISSING_THEME_DAY',
      'MISSING_THEME_DAY',
      'MISSING_PARTY_LECTURE',
    ]);
  });

  it('judges the second quarter, the 00:30 theme day on 1 April counting for April, without the revoked June one', async () => {
    const { body } = await get(path('2024-Q2', `&minPosition=${lastWrite}`)).expect(200);
    expect(body.items[0]).toMatchObject({
      unitId: cardiology,
      held: { 'general-assembly': 1, 'theme-day': 2, 'party-lecture': 1 },
      satisfied: { 'general-assembly': 1, 'theme-day': 2, 'party-lecture': 1 },
      ratio: 0.8,
      findings: [{ code: 'MISSING_THEME_DAY', detail: 'No valid theme-day in 2024-06' }],
    });
    expect(body.items[1]).toMatchObject({ unitId: cardiologyGroup, ratio: 1, findings: [] });
  });

  it('answers asOf before the revocation with the June theme day still counted', async () => {
    const { body } = await get(path('2024-Q2', `&asOf=${beforeRevocation}`)).expect(200);
    expect(body.items[0]).toMatchObject({
      unitId: cardiology,
      held: { 'theme-day': 3 },
      satisfied: { 'general-assembly': 1, 'theme-day': 3, 'party-lecture': 1 },
      ratio: 1,
      findings: [],
    });
  });

  it('judges a single month: only the monthly kinds are due', async () => {
    const { body } = await get(path('2024-03')).expect(200);
    expect(body.items[0]).toMatchObject({
      required: { 'general-assembly': 0, 'theme-day': 1, 'party-lecture': 0 },
      satisfied: { 'theme-day': 1 },
      ratio: 1,
      findings: [],
    });
  });

  it('shows a secretary its branch and the branch’s groups only', async () => {
    const { body } = await get(path('2024-Q1'), tokens.cardiologySecretary).expect(200);
    expect(body.items.map((item: { unitId: string }) => item.unitId)).toEqual([cardiology, cardiologyGroup]);
  });

  it('refuses a period that is not a month, quarter or year with 422, and a missing one with 400', async () => {
    const invalid = await get(path('2024-Q5')).expect(422);
    expect(invalid.body).toMatchObject({ code: 'REPORT.INVALID_PERIOD', status: 422 });
    const missing = await get(`/api/reports/meeting-compliance?hospitalId=${hospitalId}`).expect(400);
    expect(missing.body.code).toBe('VALIDATION.FAILED');
    await get(path('2024-Q1'), tokens.assessor).expect(403);
  });
});
