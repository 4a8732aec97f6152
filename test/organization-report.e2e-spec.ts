import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

/** A surgeon who heads the department and is secretary of the surgery branch: 双带头人. */
const HEAD = 'm-head';
const RADIOLOGY = 'h1-radiology';
/** The only member of radiology, which has no secretary. */
const RADIOLOGIST = 'm-r';
const ON = '2024-06-30';

describe('organization report and member ranking over HTTP', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  let lastWrite: string;
  let beforeRevocation: string;
  const server = () => testApp.app.getHttpServer();
  const post = async (path: string, body: object) => {
    const response = await request(server()).post(path).set('Authorization', `Bearer ${tokens.admin}`).send(body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { position: string };
  };
  const get = (path: string, token = tokens.reader) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);
  const { hospitalId, cardiology, surgery, committee, secretary, probationary, committeeMember, surgeon } = HOSPITAL;

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    await post('/api/org-units', {
      unitId: RADIOLOGY,
      kind: 'branch',
      name: '放射科党支部',
      hospitalId,
      parentId: committee,
      category: 'medical-technical',
    });
    const register = (memberId: string, branchId: string, departmentHead: boolean) =>
      post('/api/members', {
        memberId,
        name: memberId,
        hospitalId,
        branchId,
        status: 'full',
        joinedPartyOn: '2012-07-01',
        joinedBranchOn: '2020-01-01',
        departmentHead,
      });
    await register(HEAD, surgery, true);
    await register(RADIOLOGIST, RADIOLOGY, false);
    await post(`/api/members/${HEAD}/posts`, { post: 'branch-secretary', unitId: surgery, from: '2020-01-01' });

    const themeDay = (meetingId: string, heldAt: string, attendeeIds: string[], absentees: object[] = []) =>
      post('/api/meetings', {
        meetingId,
        unitId: cardiology,
        kind: 'theme-day',
        heldAt,
        topic: '主题党日',
        hostMemberId: secretary,
        attendeeIds,
        absentees,
      });
    // m-c is listed absent with a blank reason (unexcused); m-p gives one.
    await themeDay(
      'mt-1',
      '2024-03-12T09:30:00+08:00',
      ['m-a', 'm-b'],
      [
        { memberId: 'm-c', reason: ' ' },
        { memberId: probationary, reason: '外出进修' },
      ],
    );
    // m-c attends this one, but the record is revoked: it counts for nothing.
    await themeDay('mt-2', '2024-04-09T09:30:00+08:00', ['m-a', 'm-c']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    beforeRevocation = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await post('/api/meetings/mt-2/revocation', { reason: '重复录入' });
    await post('/api/lectures', {
      lectureId: 'lc-1',
      unitId: surgery,
      lecturerId: HEAD,
      title: '践行初心使命，守护人民健康',
      givenAt: '2024-05-20T14:00:00+08:00',
      attendeeIds: [surgeon],
      durationMinutes: 60,
    });
    await post('/api/volunteer-services', {
      serviceId: 'vs-1',
      unitId: cardiology,
      heldOn: '2024-05-05',
      place: '幸福里社区卫生服务站',
      participantIds: ['m-b'],
      beneficiaries: 80,
    });
    await post('/api/follow-ups', {
      followUpId: 'fu-1',
      branchId: cardiology,
      patientRef: 'ADM-1',
      dischargedAt: '2024-05-01T10:00:00+08:00',
    });
    lastWrite = (
      await post('/api/follow-ups/fu-1/attempts', {
        callerMemberId: 'm-a',
        calledAt: '2024-05-02T10:00:00+08:00',
        outcome: 'reached',
        satisfaction: 5,
      })
    ).position;
  });
  afterAll(() => testApp.close());

  describe('GET /api/reports/organization', () => {
    const inactive = (memberId: string) => ({
      code: 'MEMBER_INACTIVE_6_MONTHS',
      memberId,
      detail: `No meeting or lecture attended from 2023-12-30 to ${ON}, and no reason given`,
    });

    it('reports each branch on the date, the 双带头人 ratio and the findings, with exact figures', async () => {
      const { body, headers } = await get(
        `/api/reports/organization?hospitalId=${hospitalId}&on=${ON}&minPosition=${lastWrite}`,
      ).expect(200);
      expect(BigInt(headers['x-read-model-position'])).toBeGreaterThanOrEqual(BigInt(lastWrite));
      expect(body).toEqual({
        hospitalId,
        on: ON,
        rulePack: 'cn-branch-2018',
        // Cardiology's secretary is not a department head, surgery's is; radiology has no secretary.
        dualLeaderRatio: 0.5,
        items: [
          {
            branchId: cardiology,
            name: '心内科党支部',
            category: 'clinical',
            members: { full: 4, probationary: 1, suspended: 0, 'party-probation': 0 },
            secretary,
            committee: [secretary],
            dualLeader: false,
            findings: [inactive('m-c')],
          },
          {
            branchId: RADIOLOGY,
            name: '放射科党支部',
            category: 'medical-technical',
            members: { full: 1, probationary: 0, suspended: 0, 'party-probation': 0 },
            secretary: null,
            committee: [],
            dualLeader: false,
            findings: [
              { code: 'BRANCH_TOO_SMALL', detail: '1 full members, fewer than the 3 a branch needs' },
              inactive(RADIOLOGIST),
            ],
          },
          {
            branchId: surgery,
            name: '外科党支部',
            category: 'clinical',
            members: { full: 3, probationary: 0, suspended: 0, 'party-probation': 0 },
            secretary: HEAD,
            committee: [HEAD],
            dualLeader: true,
            findings: [inactive(committeeMember)],
          },
        ],
      });
    });

    it('answers asOf as the read models stood then: before the revocation, m-c had attended', async () => {
      const { body } = await get(
        `/api/reports/organization?hospitalId=${hospitalId}&on=${ON}&asOf=${beforeRevocation}`,
      ).expect(200);
      expect(body.items[0].findings).toEqual([]);
      // Before the lecture, the surgeon had not taken part in anything either.
      expect(body.items[2].findings.map((finding: { memberId: string }) => finding.memberId)).toEqual([
        committeeMember,
        HEAD,
        surgeon,
      ]);
    });

    it('judges an earlier date by the history as it stood then', async () => {
      const { body } = await get(`/api/reports/organization?hospitalId=${hospitalId}&on=2019-12-31`).expect(200);
      expect(body.dualLeaderRatio).toBeNull();
      expect(body.items[0]).toMatchObject({
        branchId: cardiology,
        members: { full: 0, probationary: 0 },
        secretary: null,
        findings: [{ code: 'BRANCH_TOO_SMALL' }],
      });
    });

    it('shows a secretary only the lines of its own units, and the ratio over those lines', async () => {
      const { body } = await get(
        `/api/reports/organization?hospitalId=${hospitalId}&on=${ON}`,
        tokens.cardiologySecretary,
      ).expect(200);
      // Not the hospital's 0.5: with its own line (no dual leader) that would tell it surgery's secretary is one.
      expect(body.dualLeaderRatio).toBe(0);
      expect(body.items.map((item: { branchId: string }) => item.branchId)).toEqual([cardiology]);
    });

    it('judges today in Shanghai when no date is given', async () => {
      const { body } = await get(`/api/reports/organization?hospitalId=${hospitalId}`).expect(200);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      expect(body.on).toBe(today);
    });

    it('refuses an impossible date, and an assessor', async () => {
      const refused = await get(`/api/reports/organization?hospitalId=${hospitalId}&on=2024-02-30`).expect(400);
      expect(refused.body.code).toBe('VALIDATION.FAILED');
      await get(`/api/reports/organization?hospitalId=${hospitalId}`, tokens.assessor).expect(403);
    });
  });

  describe('GET /api/rankings/members', () => {
    it('ranks member points for the year, ties sharing a rank and the next skipping', async () => {
      const { body } = await get(
        `/api/rankings/members?hospitalId=${hospitalId}&year=2024&minPosition=${lastWrite}`,
      ).expect(200);
      expect(body).toMatchObject({
        hospitalId,
        year: '2024',
        rulePack: 'cn-branch-2018',
        points: {
          attendMeeting: 2,
          giveLecture: 3,
          attendLecture: 1,
          completeFollowUp: 1,
          volunteerService: 2,
          unexcusedAbsence: -2,
        },
      });
      const zero = {
        attendance: 0,
        lecturesGiven: 0,
        lecturesAttended: 0,
        followUpsCompleted: 0,
        volunteerServices: 0,
        unexcusedAbsences: 0,
      };
      const line = (rank: number, memberId: string, branchId: string, points: number, counts: object = {}) => ({
        rank,
        memberId,
        name: memberId,
        branchId,
        points,
        ...zero,
        ...counts,
      });
      expect(body.items).toEqual([
        line(1, 'm-b', cardiology, 4, { attendance: 1, volunteerServices: 1 }),
        line(2, 'm-a', cardiology, 3, { attendance: 1, followUpsCompleted: 1 }),
        line(2, HEAD, surgery, 3, { lecturesGiven: 1 }),
        line(4, secretary, cardiology, 2, { attendance: 1 }),
        line(5, surgeon, surgery, 1, { lecturesAttended: 1 }),
        line(6, committeeMember, surgery, 0),
        line(6, probationary, cardiology, 0),
        line(6, RADIOLOGIST, RADIOLOGY, 0),
        line(9, 'm-c', cardiology, -2, { unexcusedAbsences: 1 }),
      ]);
    });

    it('applies the limit, and shows a secretary the members of its units with their hospital ranks', async () => {
      const top = await get(`/api/rankings/members?hospitalId=${hospitalId}&year=2024&limit=3`).expect(200);
      expect(top.body.items.map((item: { memberId: string }) => item.memberId)).toEqual(['m-b', 'm-a', HEAD]);
      const own = await get(
        `/api/rankings/members?hospitalId=${hospitalId}&year=2024&limit=3`,
        tokens.cardiologySecretary,
      ).expect(200);
      expect(own.body.items.map(({ rank, memberId }: { rank: number; memberId: string }) => [rank, memberId])).toEqual([
        [1, 'm-b'],
        [2, 'm-a'],
        [4, secretary],
      ]);
    });

    it('counts the points the hospital’s policy sets', async () => {
      const { position } = await post(`/api/hospitals/${hospitalId}/policy`, {
        points: { volunteerService: 10 },
        reason: '院党委会决定加大义诊积分',
      });
      const { body } = await get(
        `/api/rankings/members?hospitalId=${hospitalId}&year=2024&limit=1&minPosition=${position}`,
      ).expect(200);
      expect(body.points.volunteerService).toBe(10);
      expect(body.items).toEqual([expect.objectContaining({ rank: 1, memberId: 'm-b', points: 12 })]);
    });

    it('answers another year with everyone at zero, and refuses a bad year or limit', async () => {
      const { body } = await get(`/api/rankings/members?hospitalId=${hospitalId}&year=2023`).expect(200);
      expect(
        new Set(body.items.map((item: { rank: number; points: number }) => [item.rank, item.points].join())),
      ).toEqual(new Set(['1,0']));
      for (const query of ['year=24', 'year=2024&limit=0', 'year=2024&limit=501', 'year=2024&limit=x']) {
        const refused = await get(`/api/rankings/members?hospitalId=${hospitalId}&${query}`).expect(400);
        expect(refused.body.code).toBe('VALIDATION.FAILED');
      }
    });
  });
});
