import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { JwtService } from '@nestjs/jwt';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

/** Who calls: the five roles, plus a secretary whose units do not include the unit written to. */
type Caller = 'admin' | 'secretary' | 'assessor' | 'inspector' | 'reader' | 'secretary-elsewhere';
const CALLERS: readonly Caller[] = ['admin', 'secretary', 'assessor', 'inspector', 'reader', 'secretary-elsewhere'];

interface Call {
  readonly path: string;
  readonly body?: object;
}

interface Route {
  readonly method: 'get' | 'post';
  /** A path that names no record: enough to show a bad token is refused before anything is looked up. */
  readonly shape: string;
  /** Builds a fresh, valid call (creating what it needs as admin), so success means authorization passed. */
  readonly prepare: (n: number) => Promise<Call>;
  readonly allowed: readonly Caller[];
  /** The success status when it is not the method's usual one (200 for GET, 201 for POST). */
  readonly succeedsWith?: number;
  /** Callers told the record does not exist (404), so they learn nothing about records outside their units. */
  readonly hiddenFrom?: readonly Caller[];
}

const WRITERS_OF_CARDIOLOGY: readonly Caller[] = ['admin', 'secretary'];
const EVERYONE: readonly Caller[] = CALLERS;

describe('authorization: every route × caller, and every way a token can be bad', () => {
  let testApp: TestApp;
  let tokens: SeededHospital & Record<'secretary-elsewhere', string>;
  let secret: string;
  let counter = 0;
  const server = () => testApp.app.getHttpServer();
  const asAdmin = async (path: string, body: object) => {
    const response = await request(server()).post(path).set('Authorization', `Bearer ${tokens.admin}`).send(body);
    if (response.status !== 201)
      throw new Error(`preparing ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  };
  const { hospitalId, cardiology, committee, cardiologyGroup, surgery, secretary, committeeMember } = HOSPITAL;

  const member = async (n: number, groupId?: string) => {
    const memberId = `az-m${n}`;
    await asAdmin('/api/members', {
      memberId,
      name: '党员',
      hospitalId,
      branchId: cardiology,
      groupId,
      status: 'full',
      joinedPartyOn: '2015-07-01',
    });
    return memberId;
  };
  const meeting = (meetingId: string) => ({
    meetingId,
    unitId: cardiology,
    kind: 'theme-day',
    heldAt: '2024-03-12T09:30:00+08:00',
    topic: '主题党日',
    hostMemberId: secretary,
    attendeeIds: ['m-a'],
    absentees: [],
  });
  const followUp = (followUpId: string) => ({
    followUpId,
    branchId: cardiology,
    patientRef: 'ADM-1',
    dischargedAt: '2024-03-12T09:30:00+08:00',
  });
  const period = async (n: number) => {
    const periodId = `az${n}-2024-Q1`;
    await asAdmin('/api/assessment-periods', { periodId, hospitalId, schemeId: DEFAULT_SCHEME_2024.schemeId });
    return periodId;
  };
  const sheet = {
    assessorId: committeeMember,
    items: [
      { code: 'daily-work', score: 30 },
      { code: 'integration', score: 30 },
    ],
    bonuses: [],
    deductions: [],
  };

  /** Every route of the API with the callers it admits; a new route is added here. */
  const ROUTES: readonly Route[] = [
    {
      method: 'post',
      shape: '/api/org-units',
      prepare: async (n) => ({
        path: '/api/org-units',
        body: { unitId: `az-u${n}`, kind: 'committee', name: '党委', hospitalId: 'h9' },
      }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/org-units/x/dissolution',
      prepare: async (n) => {
        await asAdmin('/api/org-units', { unitId: `az-d${n}`, kind: 'committee', name: '党委', hospitalId: 'h9' });
        return { path: `/api/org-units/az-d${n}/dissolution`, body: { effectiveOn: '2024-01-01', reason: '撤销' } };
      },
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/members',
      prepare: async (n) => ({
        path: '/api/members',
        body: {
          memberId: `az-r${n}`,
          name: '党员',
          hospitalId,
          branchId: cardiology,
          status: 'full',
          joinedPartyOn: '2015-07-01',
        },
      }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/members/x/status',
      prepare: async (n) => ({
        path: `/api/members/${await member(n)}/status`,
        body: { status: 'suspended', effectiveOn: '2023-01-01', reason: '留置' },
      }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/members/x/transfer',
      prepare: async (n) => ({
        path: `/api/members/${await member(n)}/transfer`,
        body: { toBranchId: surgery, effectiveOn: '2023-01-01' },
      }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/members/x/posts',
      prepare: async (n) => ({
        path: `/api/members/${await member(n, cardiologyGroup)}/posts`,
        body: { post: 'group-leader', unitId: cardiologyGroup, from: '2020-01-01' },
      }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/members/x/posts/x/end',
      prepare: async (n) => {
        const memberId = await member(n, cardiologyGroup);
        await asAdmin(`/api/members/${memberId}/posts`, {
          post: 'group-leader',
          unitId: cardiologyGroup,
          from: '2020-01-01',
        });
        return {
          path: `/api/members/${memberId}/posts/group-leader/end`,
          body: { unitId: cardiologyGroup, on: '2023-01-01' },
        };
      },
      allowed: ['admin'],
    },
    {
      method: 'get',
      shape: '/api/org-units',
      prepare: async () => ({ path: `/api/org-units?hospitalId=${hospitalId}` }),
      allowed: EVERYONE,
    },
    {
      method: 'get',
      shape: '/api/org-units/x',
      prepare: async () => ({ path: `/api/org-units/${committee}` }),
      allowed: EVERYONE,
    },
    {
      method: 'get',
      shape: '/api/members/x',
      prepare: async () => ({ path: '/api/members/m-a' }),
      allowed: ['admin', 'inspector', 'secretary'],
      hiddenFrom: ['secretary-elsewhere'],
    },
    {
      method: 'post',
      shape: '/api/meetings',
      prepare: async (n) => ({ path: '/api/meetings', body: meeting(`az-mt${n}`) }),
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/meetings/x/corrections',
      prepare: async (n) => {
        await asAdmin('/api/meetings', meeting(`az-mc${n}`));
        return { path: `/api/meetings/az-mc${n}/corrections`, body: { reason: '更正议题', topic: '更正后的议题' } };
      },
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/meetings/x/revocation',
      prepare: async (n) => {
        await asAdmin('/api/meetings', meeting(`az-mr${n}`));
        return { path: `/api/meetings/az-mr${n}/revocation`, body: { reason: '重复录入' } };
      },
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/lectures',
      prepare: async (n) => ({
        path: '/api/lectures',
        body: {
          lectureId: `az-l${n}`,
          unitId: cardiology,
          lecturerId: secretary,
          title: '党课',
          givenAt: '2024-03-20T14:00:00+08:00',
          attendeeIds: ['m-a'],
          durationMinutes: 60,
        },
      }),
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/volunteer-services',
      prepare: async (n) => ({
        path: '/api/volunteer-services',
        body: {
          serviceId: `az-v${n}`,
          unitId: cardiology,
          heldOn: '2024-03-05',
          place: '社区卫生服务站',
          participantIds: ['m-a'],
          beneficiaries: 30,
        },
      }),
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/follow-ups',
      prepare: async (n) => ({ path: '/api/follow-ups', body: followUp(`az-f${n}`) }),
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/follow-ups/x/attempts',
      prepare: async (n) => {
        await asAdmin('/api/follow-ups', followUp(`az-fa${n}`));
        return {
          path: `/api/follow-ups/az-fa${n}/attempts`,
          body: { callerMemberId: 'm-a', calledAt: '2024-03-13T10:00:00+08:00', outcome: 'no-answer' },
        };
      },
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/scoring-schemes',
      prepare: async (n) => ({ path: '/api/scoring-schemes', body: { ...DEFAULT_SCHEME_2024, schemeId: `az-s${n}` } }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/assessment-periods',
      prepare: async (n) => ({
        path: '/api/assessment-periods',
        body: { periodId: `azp${n}-2024-Q2`, hospitalId, schemeId: DEFAULT_SCHEME_2024.schemeId },
      }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/assessment-periods/x-2024-Q1/scores',
      prepare: async (n) => ({
        path: `/api/assessment-periods/${await period(n)}/scores`,
        body: { ...sheet, branchId: cardiology },
      }),
      allowed: ['admin', 'assessor'],
    },
    {
      method: 'post',
      shape: '/api/assessment-periods/x-2024-Q1/scores/x/corrections',
      prepare: async (n) => {
        const periodId = await period(n);
        await asAdmin(`/api/assessment-periods/${periodId}/scores`, { ...sheet, branchId: cardiology });
        return {
          path: `/api/assessment-periods/${periodId}/scores/${cardiology}/corrections`,
          body: { ...sheet, reason: '复核更正' },
        };
      },
      allowed: ['admin', 'assessor'],
    },
    {
      method: 'post',
      shape: '/api/assessment-periods/x-2024-Q1/scheme',
      prepare: async (n) => {
        await asAdmin('/api/scoring-schemes', { ...DEFAULT_SCHEME_2024, schemeId: `az-rs${n}` });
        return {
          path: `/api/assessment-periods/${await period(n)}/scheme`,
          body: { schemeId: `az-rs${n}`, reason: '党委会议调整考核细则' },
        };
      },
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/assessment-periods/x-2024-Q1/closure',
      prepare: async (n) => ({ path: `/api/assessment-periods/${await period(n)}/closure`, body: {} }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/hospitals/x/policy',
      prepare: async (n) => ({
        path: `/api/hospitals/az-h${n}/policy`,
        body: { followUpWindowDays: 5, reason: '院党委会决定' },
      }),
      allowed: ['admin'],
    },
    {
      method: 'get',
      shape: '/api/hospitals/x/policy',
      prepare: async () => ({ path: `/api/hospitals/${hospitalId}/policy` }),
      allowed: EVERYONE,
    },
    {
      method: 'get',
      shape: '/api/reports/follow-ups',
      prepare: async () => ({ path: `/api/reports/follow-ups?hospitalId=${hospitalId}&month=2024-03` }),
      allowed: ['admin', 'inspector', 'reader', 'secretary', 'secretary-elsewhere'],
    },
    {
      method: 'get',
      shape: '/api/reports/meeting-compliance',
      prepare: async () => ({ path: `/api/reports/meeting-compliance?hospitalId=${hospitalId}&periodId=2024-Q1` }),
      allowed: ['admin', 'inspector', 'reader', 'secretary', 'secretary-elsewhere'],
    },
    {
      method: 'get',
      shape: '/api/rankings/branches',
      prepare: async (n) => ({ path: `/api/rankings/branches?periodId=${await period(n)}` }),
      allowed: ['admin', 'inspector', 'reader', 'secretary', 'secretary-elsewhere'],
    },
    {
      method: 'get',
      shape: '/api/reports/performance-fund',
      prepare: async (n) => ({
        path: `/api/reports/performance-fund?hospitalId=${hospitalId}&periodId=${await period(n)}&amount=750000`,
      }),
      allowed: ['admin', 'inspector', 'reader'],
    },
    {
      method: 'get',
      shape: '/api/reports/organization',
      prepare: async () => ({ path: `/api/reports/organization?hospitalId=${hospitalId}&on=2024-06-30` }),
      allowed: ['admin', 'inspector', 'reader', 'secretary', 'secretary-elsewhere'],
    },
    {
      method: 'get',
      shape: '/api/rankings/members',
      prepare: async () => ({ path: `/api/rankings/members?hospitalId=${hospitalId}&year=2024` }),
      allowed: ['admin', 'inspector', 'reader', 'secretary', 'secretary-elsewhere'],
    },
    {
      method: 'post',
      shape: '/api/audit/verification',
      prepare: async () => ({ path: '/api/audit/verification', body: {} }),
      allowed: ['admin', 'inspector'],
      succeedsWith: 200,
    },
    {
      method: 'post',
      shape: '/api/audit/seals',
      prepare: async () => ({ path: '/api/audit/seals', body: {} }),
      allowed: ['admin', 'inspector'],
    },
    {
      method: 'get',
      shape: '/api/audit/streams/x',
      prepare: async () => ({ path: '/api/audit/streams/member-m-a' }),
      allowed: ['admin', 'inspector'],
    },
    {
      method: 'get',
      shape: '/api/audit/streams/x/replay',
      prepare: async () => ({ path: '/api/audit/streams/member-m-a/replay' }),
      allowed: ['admin', 'inspector'],
    },
    {
      method: 'get',
      shape: '/api/admin/projections',
      prepare: async () => ({ path: '/api/admin/projections' }),
      allowed: ['admin'],
    },
    {
      method: 'get',
      shape: '/api/admin/projections/x',
      prepare: async () => ({ path: '/api/admin/projections/meetings' }),
      allowed: ['admin'],
    },
    {
      method: 'post',
      shape: '/api/admin/projections/x/rebuild',
      prepare: async () => ({ path: '/api/admin/projections/org-units/rebuild', body: {} }),
      allowed: ['admin'],
      succeedsWith: 202,
    },
    {
      method: 'post',
      shape: '/api/admin/projections/x/retry-parked',
      prepare: async () => ({ path: '/api/admin/projections/lectures/retry-parked', body: {} }),
      allowed: ['admin'],
      succeedsWith: 202,
    },
    {
      method: 'get',
      shape: '/api/audit/events',
      prepare: async () => ({ path: `/api/audit/events?hospitalId=${hospitalId}&limit=5` }),
      allowed: ['admin', 'inspector'],
    },
    {
      method: 'get',
      shape: '/api/audit/export',
      prepare: async () => ({ path: '/api/audit/export?format=csv&type=OrgUnitDissolved' }),
      allowed: ['admin', 'inspector'],
    },
  ];

  const nameOf = (route: Route) => `${route.method.toUpperCase()} ${route.shape}`;
  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
  const send = (route: Route, call: Call, authorization?: string) => {
    let pending = request(server())[route.method](call.path);
    if (authorization !== undefined) pending = pending.set('Authorization', authorization);
    return call.body ? pending.send(call.body) : pending;
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    const seeded = await seedHospital(testApp);
    tokens = {
      ...seeded,
      'secretary-elsewhere': testApp.token({ sub: HOSPITAL.surgeon, roles: ['secretary'], units: [surgery] }),
    };
    secret = readFileSync(join(testApp.dataDir, 'jwt-secret'), 'utf8');
  });
  afterAll(() => testApp.close());

  const tokenOf = (caller: Caller) =>
    ({
      admin: tokens.admin,
      secretary: tokens.cardiologySecretary,
      assessor: tokens.assessor,
      inspector: tokens.inspector,
      reader: tokens.reader,
      'secretary-elsewhere': tokens['secretary-elsewhere'],
    })[caller];

  it('generates the embedded secret into DATA_DIR, readable by its owner only', () => {
    expect(statSync(join(testApp.dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });

  const badTokens: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['a non-bearer scheme', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['a malformed token', () => 'Bearer not-a-jwt'],
    [
      'a token signed with another secret',
      () =>
        `Bearer ${new JwtService({ secret: 'x'.repeat(48) }).sign({ sub: 'a', roles: ['admin'] }, { expiresIn: 600 })}`,
    ],
    [
      'an unsigned token (alg none)',
      () =>
        `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'a', roles: ['admin'], exp: inAnHour() })}.`,
    ],
    [
      'a token signed with another algorithm (HS512)',
      () =>
        `Bearer ${new JwtService({ secret }).sign({ sub: 'a', roles: ['admin'] }, { algorithm: 'HS512', expiresIn: 600 })}`,
    ],
    ['a token without exp', () => `Bearer ${new JwtService({ secret }).sign({ sub: 'a', roles: ['admin'] })}`],
    [
      'a token expired beyond the 60 s skew',
      () =>
        `Bearer ${new JwtService({ secret }).sign({ sub: 'a', roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 120 })}`,
    ],
    [
      'a token with an unknown role',
      () => `Bearer ${new JwtService({ secret }).sign({ sub: 'a', roles: ['superuser'] }, { expiresIn: 600 })}`,
    ],
  ];

  it.each(ROUTES.flatMap((route) => badTokens.map(([why, token]) => [nameOf(route), why, token] as const)))(
    '%s answers 401 AUTH.UNAUTHENTICATED to %s, writing nothing',
    async (name, _why, token) => {
      const route = ROUTES.find((candidate) => nameOf(candidate) === name)!;
      const log = testApp.app.get<EventStore>(EVENT_STORE);
      const head = await log.headPosition();
      const response = await send(
        route,
        { path: route.shape, body: route.method === 'post' ? {} : undefined },
        token(),
      );
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
      expect(await log.headPosition()).toBe(head);
    },
  );

  it('lists every route the API serves (nothing is left out of this table)', async () => {
    const openApi = await request(server()).get('/docs-json').expect(200);
    const documented = Object.entries(openApi.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`),
    );
    const tabled = ROUTES.map(
      (route) => `${route.method.toUpperCase()} ${route.shape.replace(/\/x(?=\/|$)|\/x-2024-Q1/g, '/{}')}`,
    );
    const apiRoutes = documented.filter((route) => route.includes(' /api/'));
    expect([...apiRoutes].sort()).toEqual([...tabled].sort());
  });

  it.each(ROUTES.flatMap((route) => CALLERS.map((caller) => [nameOf(route), caller] as const)))(
    '%s as %s',
    async (name, caller) => {
      const route = ROUTES.find((candidate) => nameOf(candidate) === name)!;
      const call = await route.prepare(++counter);
      const response = await send(route, call, `Bearer ${tokenOf(caller)}`);
      if (route.allowed.includes(caller)) {
        expect({ status: response.status, body: response.status < 300 ? 'ok' : response.body }).toEqual({
          status: route.succeedsWith ?? (route.method === 'get' ? 200 : 201),
          body: 'ok',
        });
      } else if (route.hiddenFrom?.includes(caller)) {
        expect({ status: response.status, code: response.body.code }).toEqual({
          status: 404,
          code: expect.stringMatching(/NOT_FOUND$/),
        });
      } else {
        expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
      }
    },
  );

  it('accepts a token expired within the 60 s clock skew', async () => {
    const token = new JwtService({ secret }).sign({
      sub: 'r',
      roles: ['reader'],
      exp: Math.floor(Date.now() / 1000) - 20,
    });
    await request(server()).get('/api/org-units').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('records the token’s subject and roles as the actor of every event', async () => {
    const token = testApp.token({ sub: 'admin-7', roles: ['admin', 'inspector'] });
    await request(server())
      .post('/api/org-units')
      .set('Authorization', `Bearer ${token}`)
      .send({ unitId: 'az-actor', kind: 'committee', name: '党委', hospitalId: 'h9' })
      .expect(201);
    const [event] = await testApp.app.get<EventStore>(EVENT_STORE).readStream('orgunit-az-actor');
    expect(event.metadata.actor).toEqual({ subject: 'admin-7', roles: ['admin', 'inspector'] });
  });

  it('leaves health, metrics and docs open', async () => {
    for (const path of ['/health', '/health/ready', '/metrics', '/docs-json']) {
      await request(server()).get(path).expect(200);
    }
  });
});
