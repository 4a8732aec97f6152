import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { JwtService } from '@nestjs/jwt';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, VALID, seedHospital, type SeededHospital } from './support/hospital';

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
    return response.body.position as string;
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
  const meeting = (meetingId: string) => ({ meetingId, ...VALID.meeting });
  const followUp = (followUpId: string) => ({ followUpId, ...VALID.followUp });
  const period = async (n: number) => {
    const periodId = `az${n}-2024-Q1`;
    await asAdmin('/api/assessment-periods', { periodId, hospitalId, schemeId: DEFAULT_SCHEME_2024.schemeId });
    return periodId;
  };
  const sheet = VALID.scoreSheet;

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
        body: { lectureId: `az-l${n}`, ...VALID.lecture },
      }),
      allowed: WRITERS_OF_CARDIOLOGY,
    },
    {
      method: 'post',
      shape: '/api/volunteer-services',
      prepare: async (n) => ({
        path: '/api/volunteer-services',
        body: { serviceId: `az-v${n}`, ...VALID.volunteerService },
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
        // A hospital of the admin's scope no other route here touches; each call a new value, so each records one.
        path: '/api/hospitals/h4/policy',
        body: { followUpWindowDays: (n % 60) + 1, reason: '院党委会决定' },
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
      shape: '/api/audit/public-key',
      prepare: async () => ({ path: '/api/audit/public-key' }),
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
      'a token with no hospital scope',
      () => `Bearer ${new JwtService({ secret }).sign({ sub: 'a', roles: ['admin'] }, { expiresIn: 600 })}`,
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

  /**
   * Hospital tenancy: what a caller of each route is told about hospital h1 (where every prepared call's records
   * live) when its token acts for that hospital, and when it acts only for h2.
   * - 403: the call names the hospital itself (a query, a path, a body);
   * - 404: it reaches a record of the hospital by id, which is then as if it did not exist;
   * - 'confined': a search naming no hospital, answered over the caller's own hospitals only;
   * - 'log-wide': an integrity operation over the whole log, whose answer names nothing of other hospitals;
   * - 'global': no hospital's data (scoring schemes, the read models' machinery).
   */
  type Outside = 403 | 404 | 'confined' | 'log-wide' | 'global';
  const TENANCY: Readonly<Record<string, Outside>> = {
    'POST /api/org-units': 403,
    'POST /api/org-units/x/dissolution': 404,
    'POST /api/members': 403,
    'POST /api/members/x/status': 404,
    'POST /api/members/x/transfer': 404,
    'POST /api/members/x/posts': 404,
    'POST /api/members/x/posts/x/end': 404,
    'GET /api/org-units': 403,
    'GET /api/org-units/x': 404,
    'GET /api/members/x': 404,
    'POST /api/meetings': 404,
    'POST /api/meetings/x/corrections': 404,
    'POST /api/meetings/x/revocation': 404,
    'POST /api/lectures': 404,
    'POST /api/volunteer-services': 404,
    'POST /api/follow-ups': 404,
    'POST /api/follow-ups/x/attempts': 404,
    'POST /api/scoring-schemes': 'global',
    'POST /api/assessment-periods': 403,
    'POST /api/assessment-periods/x-2024-Q1/scores': 404,
    'POST /api/assessment-periods/x-2024-Q1/scores/x/corrections': 404,
    'POST /api/assessment-periods/x-2024-Q1/scheme': 404,
    'POST /api/assessment-periods/x-2024-Q1/closure': 404,
    'POST /api/hospitals/x/policy': 403,
    'GET /api/hospitals/x/policy': 403,
    'GET /api/reports/follow-ups': 403,
    'GET /api/reports/meeting-compliance': 403,
    'GET /api/rankings/branches': 404,
    'GET /api/reports/performance-fund': 403,
    'GET /api/reports/organization': 403,
    'GET /api/rankings/members': 403,
    'POST /api/audit/verification': 'log-wide',
    'POST /api/audit/seals': 'log-wide',
    'GET /api/audit/streams/x': 404,
    'GET /api/audit/streams/x/replay': 404,
    'GET /api/audit/public-key': 'global',
    'GET /api/admin/projections': 'global',
    'GET /api/admin/projections/x': 'global',
    'POST /api/admin/projections/x/rebuild': 'global',
    'POST /api/admin/projections/x/retry-parked': 'global',
    'GET /api/audit/events': 403,
    'GET /api/audit/export': 'confined',
  };
  /** The hospital a route's prepared call belongs to, where it is not h1 (kept apart from h1's records). */
  const PREPARED_IN: Readonly<Record<string, string>> = {
    'POST /api/org-units': 'h9',
    'POST /api/org-units/x/dissolution': 'h9',
    'POST /api/hospitals/x/policy': 'h4',
  };
  const ROLES = ['admin', 'secretary', 'assessor', 'inspector', 'reader'] as const;
  /** Records every hospital shares: the seal chain and the record of who looked at the trail. */
  const LOG_WIDE_RECORDS = ['audit-access', 'audit-seals'];
  /** Each role's usual token, for one hospital; the secretary claims cardiology (h1's) whatever its hospital. */
  const scopedToken = (role: (typeof ROLES)[number], hospital: string) =>
    testApp.token(
      role === 'secretary'
        ? { sub: secretary, roles: ['secretary'], units: [cardiology], hospitalId: hospital }
        : role === 'assessor'
          ? { sub: committeeMember, roles: ['assessor'], hospitalId: hospital }
          : { sub: `${role}-${hospital}`, roles: [role], hospitalId: hospital },
    );
  const shapeOf = (name: string) => name.replace(/\/x(?=\/|$)|\/x-2024-Q1/g, '/{}');

  it('has a tenancy entry for every route /docs-json lists, and none for a route it does not', async () => {
    const openApi = await request(server()).get('/docs-json').expect(200);
    const documented = Object.entries(openApi.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`),
      )
      .filter((route) => route.includes(' /api/'));
    expect(Object.keys(TENANCY).map(shapeOf).sort()).toEqual(documented.sort());
  });

  it.each(
    ROUTES.flatMap((route) =>
      ROLES.flatMap((role) => (['in', 'out of'] as const).map((where) => [nameOf(route), role, where] as const)),
    ),
  )('%s as %s, %s the hospital’s scope', async (name, role, where) => {
    const route = ROUTES.find((candidate) => nameOf(candidate) === name)!;
    const outside = TENANCY[name];
    const call = await route.prepare(++counter);
    const log = testApp.app.get<EventStore>(EVENT_STORE);
    const head = await log.headPosition();
    const hospital = where === 'in' ? (PREPARED_IN[name] ?? hospitalId) : 'h2';
    const response = await send(route, call, `Bearer ${scopedToken(role, hospital)}`);
    const expected = !route.allowed.includes(role)
      ? 403
      : where === 'in' || typeof outside !== 'number'
        ? (route.succeedsWith ?? (route.method === 'get' ? 200 : 201))
        : outside;
    expect({ status: response.status, code: response.body?.code }).toEqual({
      status: expected,
      code: expected === 403 ? 'AUTH.FORBIDDEN' : expected === 404 ? expect.stringMatching(/NOT_FOUND$/) : undefined,
    });
    if (where === 'out of') {
      // An answer names nothing of h1 (a refusal only echoes what the caller sent), and nothing is written but the
      // log-wide records every hospital shares (or, by an admin, what belongs to no hospital: a scoring scheme).
      if (response.status < 300) expect(response.text).not.toMatch(/h1|h9|h4/);
      const appended = await log.readAll({ fromPosition: head });
      const written = appended.filter((event) => !LOG_WIDE_RECORDS.includes(event.streamId));
      expect(JSON.stringify(written.map(({ streamId, data }) => ({ streamId, data })))).not.toMatch(/h1|h9|h4/);
      expect(written).toHaveLength(outside === 'global' ? written.length : 0);
    }
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
      hospitalId: 'h1',
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

  /**
   * The content of every read answer, caller by caller: records in both branches, then each read compared with
   * what the caller may see of the whole hospital's answer. Everything is dated 2023, a year the route matrix above
   * writes nothing in, so every line below comes from this block's records.
   */
  describe('what each caller reads in every read answer', () => {
    const year = '2023';
    const quarter = '2023-Q2';
    const month = '2023-05';
    const on = '2023-06-30';
    const periodId = 'azc-2023-Q2';
    /** Surgery's branch secretary, a department head (双带头人); cardiology's (m-sec) is not one. */
    const surgeryHead = 'azc-head';
    const cardiologyUnits: readonly string[] = [cardiology, cardiologyGroup];
    /** What only one branch's lines may hold: its units' ids and names, its members, its records. */
    const MARKS = {
      cardiology: /h1-cardiology|心内科|"m-(?:a|b|c|p|sec)"|azc-c-/,
      surgery: /h1-surgery|外科|"m-(?:s|cm)"|azc-head|azc-s-/,
    };

    /** More tokens a secretary may hold: the roles beside `secretary` and the `units` claim decide what it reads. */
    type Viewer =
      Caller | 'secretary-of-nothing' | 'secretary-and-reader' | 'secretary-and-assessor' | 'claim-not-subject';
    /** The units whose report lines each caller reads: all of them, some, or none (403). */
    const SCOPE: Readonly<Record<Viewer, readonly string[] | 'all' | 'refused'>> = {
      admin: 'all',
      inspector: 'all',
      reader: 'all',
      // A reader reads every line anyway: being a secretary too narrows nothing (visibility.ts).
      'secretary-and-reader': 'all',
      secretary: cardiologyUnits,
      // Assessing reads no report, so it widens nothing either.
      'secretary-and-assessor': cardiologyUnits,
      // A surgeon's token claiming cardiology: the claim decides, not whose token it is.
      'claim-not-subject': cardiologyUnits,
      'secretary-elsewhere': [surgery],
      'secretary-of-nothing': [],
      assessor: 'refused',
    };
    const VIEWERS = Object.keys(SCOPE) as Viewer[];
    let viewerTokens: Record<Viewer, string>;

    let since: string;
    let asOf: string;
    let lastWrite = '0';
    const write = async (path: string, body: object) => {
      lastWrite = await asAdmin(path, body);
    };
    const read = (viewer: Viewer, path: string) =>
      request(server()).get(path).set('Authorization', `Bearer ${viewerTokens[viewer]}`);
    /** The same read live, and replayed with `asOf` (a time after every record of this block). */
    const VARIANTS = ['live', 'asOf'] as const;
    const at = (variant: (typeof VARIANTS)[number]) => (variant === 'asOf' ? `&asOf=${asOf}` : '');

    /** 403 AUTH.FORBIDDEN as a bare problem document: no line, event, member or projection in it. */
    const expectRefused = (viewer: Viewer, { status, body }: { status: number; body: unknown }) =>
      expect({ viewer, status, body }).toEqual({
        viewer,
        status: 403,
        body: {
          type: 'urn:problem:auth.forbidden',
          title: 'Forbidden',
          status: 403,
          detail: expect.stringMatching(/^This needs one of the roles [a-z, ]+$/),
          code: 'AUTH.FORBIDDEN',
        },
      });

    beforeAll(async () => {
      const token = (sub: string, roles: ('secretary' | 'reader' | 'assessor')[], units: string[]) =>
        testApp.token({ sub, roles, units, hospitalId });
      viewerTokens = {
        ...(Object.fromEntries(CALLERS.map((caller) => [caller, tokenOf(caller)])) as Record<Caller, string>),
        'secretary-of-nothing': token(secretary, ['secretary'], []),
        'secretary-and-reader': token(secretary, ['secretary', 'reader'], [cardiology]),
        'secretary-and-assessor': token(secretary, ['secretary', 'assessor'], [cardiology]),
        'claim-not-subject': token(HOSPITAL.surgeon, ['secretary'], [cardiology]),
      };
      since = new Date().toISOString();
      await write('/api/members', {
        memberId: surgeryHead,
        name: surgeryHead,
        hospitalId,
        branchId: surgery,
        status: 'full',
        joinedPartyOn: '2015-07-01',
        joinedBranchOn: '2020-01-01',
        departmentHead: true,
      });
      await write(`/api/members/${surgeryHead}/posts`, {
        post: 'branch-secretary',
        unitId: surgery,
        from: '2020-01-01',
      });
      // m-c (cardiology) joins the committee, so someone outside surgery can assess it.
      await write('/api/members/m-c/posts', { post: 'committee-member', unitId: committee, from: '2020-01-01' });
      const held = (meetingId: string, unitId: string, kind: string, hostMemberId: string, attendeeIds: string[]) => ({
        meetingId,
        unitId,
        kind,
        heldAt: `${month}-12T09:30:00+08:00`,
        topic: '主题党日',
        hostMemberId,
        attendeeIds,
        absentees: [] as { memberId: string; reason: string }[],
      });
      await write('/api/meetings', held('azc-c-td', cardiology, 'theme-day', secretary, ['m-a']));
      await write('/api/meetings', held('azc-c-gm', cardiologyGroup, 'group-meeting', 'm-a', ['m-b']));
      await write('/api/meetings', held('azc-s-td', surgery, 'theme-day', HOSPITAL.surgeon, [committeeMember]));
      // Surgery's other voting members absent: a QUORUM_NOT_MET finding that names this surgery meeting.
      await write('/api/meetings', {
        ...held('azc-s-ga', surgery, 'general-assembly', HOSPITAL.surgeon, []),
        absentees: [
          { memberId: committeeMember, reason: '出差' },
          { memberId: surgeryHead, reason: '学术会议' },
        ],
      });
      for (const [lectureId, unitId, lecturerId, attendeeIds] of [
        ['azc-c-l', cardiology, secretary, ['m-a', 'm-b']],
        ['azc-s-l', surgery, HOSPITAL.surgeon, [committeeMember]],
      ] as const) {
        await write('/api/lectures', {
          lectureId,
          unitId,
          lecturerId,
          title: '党课',
          givenAt: `${month}-20T14:00:00+08:00`,
          attendeeIds,
          durationMinutes: 60,
        });
      }
      for (const [serviceId, unitId, participant] of [
        ['azc-c-v', cardiology, 'm-c'],
        ['azc-s-v', surgery, HOSPITAL.surgeon],
      ]) {
        await write('/api/volunteer-services', {
          serviceId,
          unitId,
          heldOn: `${month}-06`,
          place: '社区卫生服务站',
          participantIds: [participant],
          beneficiaries: 30,
        });
      }
      // Cardiology completes its one follow-up, surgery one of two: different figures per branch.
      for (const [followUpId, branchId, caller] of [
        ['azc-c-f1', cardiology, 'm-a'],
        ['azc-s-f1', surgery, HOSPITAL.surgeon],
        ['azc-s-f2', surgery, null],
      ] as const) {
        await write('/api/follow-ups', {
          followUpId,
          branchId,
          patientRef: followUpId.toUpperCase(),
          dischargedAt: `${month}-10T10:00:00+08:00`,
        });
        if (caller) {
          await write(`/api/follow-ups/${followUpId}/attempts`, {
            callerMemberId: caller,
            calledAt: `${month}-11T10:00:00+08:00`,
            outcome: 'reached',
            satisfaction: 4,
          });
        }
      }
      await write('/api/assessment-periods', { periodId, hospitalId, schemeId: DEFAULT_SCHEME_2024.schemeId });
      // Surgery outscores cardiology, so it leads the branch ranking.
      for (const [branchId, assessorId, score] of [
        [cardiology, committeeMember, 30],
        [surgery, 'm-c', 40],
      ] as const) {
        await write(`/api/assessment-periods/${periodId}/scores`, {
          ...sheet,
          branchId,
          assessorId,
          items: sheet.items.map(({ code }) => ({ code, score })),
        });
      }
      // Every read below answers with all of the above applied.
      await read('admin', `/api/org-units?minPosition=${lastWrite}`).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      asOf = new Date().toISOString();
    });

    interface Line {
      readonly [field: string]: unknown;
    }
    interface Report {
      readonly path: string;
      /** The units a line belongs to: a secretary reads it when its claim holds any of them. */
      readonly unitsOf: (line: Line) => readonly unknown[];
      /** Hospital-level fields computed over the lines a caller reads, so not the whole hospital's (tested apart). */
      readonly perCaller?: readonly string[];
    }
    const REPORTS: Readonly<Record<string, Report>> = {
      'GET /api/reports/follow-ups': {
        path: `/api/reports/follow-ups?hospitalId=${hospitalId}&month=${month}`,
        unitsOf: (line) => [line.branchId],
      },
      'GET /api/reports/meeting-compliance': {
        path: `/api/reports/meeting-compliance?hospitalId=${hospitalId}&periodId=${quarter}`,
        unitsOf: (line) => [line.unitId, line.branchId],
      },
      'GET /api/reports/organization': {
        path: `/api/reports/organization?hospitalId=${hospitalId}&on=${on}`,
        unitsOf: (line) => [line.branchId],
        perCaller: ['dualLeaderRatio'],
      },
      'GET /api/rankings/branches': {
        path: `/api/rankings/branches?periodId=${periodId}&hospitalId=${hospitalId}`,
        unitsOf: (line) => [line.branchId],
      },
      'GET /api/rankings/members': {
        path: `/api/rankings/members?hospitalId=${hospitalId}&year=${year}`,
        unitsOf: (line) => [line.branchId],
      },
    };
    const fundPath = `/api/reports/performance-fund?hospitalId=${hospitalId}&periodId=${periodId}&amount=750000`;
    const inScope = (report: Report, scope: readonly string[]) => (line: Line) =>
      report.unitsOf(line).some((unitId) => scope.includes(unitId as string));
    const without = (body: Record<string, unknown>, fields: readonly string[]) =>
      Object.fromEntries(Object.entries(body).filter(([field]) => !fields.includes(field)));

    it.each(Object.keys(REPORTS).flatMap((name) => VARIANTS.map((variant) => [name, variant] as const)))(
      '%s (%s): a secretary reads exactly its units’ lines of the whole answer; reader, inspector, admin all',
      async (name, variant) => {
        const report = REPORTS[name];
        const path = `${report.path}${at(variant)}`;
        const whole = (await read('reader', path).expect(200)).body;
        // Lines of both branches, so letting another branch's through, or letting nothing through, would show.
        expect(whole.items.filter(inScope(report, cardiologyUnits))).not.toHaveLength(0);
        expect(whole.items.filter(inScope(report, [surgery]))).not.toHaveLength(0);
        for (const viewer of VIEWERS) {
          const scope = SCOPE[viewer];
          const response = await read(viewer, path);
          if (scope === 'refused') {
            expectRefused(viewer, response);
            continue;
          }
          const items = scope === 'all' ? whole.items : whole.items.filter(inScope(report, scope));
          expect({ viewer, ...without(response.body, report.perCaller ?? []) }).toEqual({
            viewer,
            ...without(whole, report.perCaller ?? []),
            items,
          });
          if (scope === 'all') continue;
          const hidden = [cardiology, surgery].filter((branchId) => !scope.includes(branchId));
          for (const branchId of hidden) {
            const marks = branchId === cardiology ? MARKS.cardiology : MARKS.surgery;
            expect({ viewer, answer: JSON.stringify(response.body) }).toEqual({
              viewer,
              answer: expect.not.stringMatching(marks),
            });
          }
        }
      },
    );

    it.each(VARIANTS)(
      'GET /api/reports/organization (%s): the 双带头人 ratio is over the lines a caller reads, telling no secretary of another branch',
      async (variant) => {
        const ratios: Partial<Record<Viewer, unknown>> = {};
        for (const viewer of VIEWERS.filter((candidate) => SCOPE[candidate] !== 'refused')) {
          const path = `${REPORTS['GET /api/reports/organization'].path}${at(variant)}`;
          ratios[viewer] = (await read(viewer, path).expect(200)).body.dualLeaderRatio;
        }
        expect(ratios).toEqual({
          admin: 0.5,
          inspector: 0.5,
          reader: 0.5,
          'secretary-and-reader': 0.5,
          // Cardiology's secretary is no department head: the hospital's 0.5 beside its own line would say surgery's is.
          secretary: 0,
          'secretary-and-assessor': 0,
          'claim-not-subject': 0,
          'secretary-elsewhere': 1,
          'secretary-of-nothing': null,
        });
      },
    );

    it.each(VARIANTS)(
      'GET /api/rankings/branches (%s): no page of limit and offset shows a secretary another branch',
      async (variant) => {
        const path = `${REPORTS['GET /api/rankings/branches'].path}${at(variant)}`;
        const whole = (await read('reader', path).expect(200)).body;
        // Surgery leads: paging the hospital's ranking before narrowing leaves cardiology's first page empty.
        expect(whole.items.map((line: Line) => line.branchId)).toEqual([surgery, cardiology]);
        for (const viewer of ['secretary', 'secretary-elsewhere'] as const) {
          const pages: Line[] = [];
          for (let offset = 0; offset < whole.count; offset += 1) {
            pages.push(...(await read(viewer, `${path}&limit=1&offset=${offset}`).expect(200)).body.items);
          }
          const own = whole.items.filter((line: Line) =>
            (SCOPE[viewer] as readonly string[]).includes(line.branchId as string),
          );
          expect({ viewer, pages }).toEqual({ viewer, pages: own });
        }
      },
    );

    it.each(VARIANTS)(
      'GET /api/rankings/members (%s): limit cuts a secretary’s own lines, each keeping its hospital-wide rank',
      async (variant) => {
        const path = `${REPORTS['GET /api/rankings/members'].path}${at(variant)}`;
        const whole = (await read('reader', path).expect(200)).body;
        // A surgeon leads the hospital: cutting before narrowing would leave cardiology's secretary nothing.
        expect(whole.items[0]).toMatchObject({ rank: 1, memberId: HOSPITAL.surgeon, branchId: surgery });
        const own = whole.items.filter((line: Line) => line.branchId === cardiology);
        const { body } = await read('secretary', `${path}&limit=2`).expect(200);
        expect(body.items).toEqual(own.slice(0, 2));
        // Ranks stay hospital-wide (README): the secretary's best member is not first in the hospital.
        expect(body.items[0].rank).toBeGreaterThan(1);
      },
    );

    it.each(VARIANTS)(
      'GET /api/reports/performance-fund (%s): reader, inspector and admin split it over both branches; no secretary gets a share',
      async (variant) => {
        const path = `${fundPath}${at(variant)}`;
        const whole = (await read('reader', path).expect(200)).body;
        expect(whole.items.map((line: Line) => line.branchId).sort()).toEqual([cardiology, surgery]);
        expect(whole.items.reduce((sum: number, line: Line) => sum + (line.shareFen as number), 0)).toBe(75_000_000);
        for (const viewer of VIEWERS) {
          const response = await read(viewer, path);
          // A share is the amount × its total ÷ every branch's total: one would tell a secretary the others' sum.
          if (SCOPE[viewer] === 'all') expect({ viewer, body: response.body }).toEqual({ viewer, body: whole });
          else expectRefused(viewer, response);
        }
      },
    );

    /** Fields of a member's own record (GET /api/members/:id) and of a patient: none belongs in a reader's report. */
    const PERSONAL = ['memberships', 'statuses', 'posts', 'joinedPartyOn', 'departmentHead', 'patientRef', 'notes'];
    const fieldsIn = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(fieldsIn)
        : value !== null && typeof value === 'object'
          ? Object.entries(value).flatMap(([field, inner]) => [field, ...fieldsIn(inner)])
          : [];

    it('gives a reader no member’s or patient’s personal details in any report; a points line is the member and counts', async () => {
      for (const path of [...Object.values(REPORTS).map((report) => report.path), fundPath]) {
        const { body } = await read('reader', path).expect(200);
        expect({ path, personal: fieldsIn(body).filter((field) => PERSONAL.includes(field)) }).toEqual({
          path,
          personal: [],
        });
      }
      // The contract gives readers member points with rank, so a line names its member: the id, name and branch.
      const { body } = await read('reader', REPORTS['GET /api/rankings/members'].path).expect(200);
      expect(body.items.map((line: Line) => Object.keys(line).sort())).toEqual(
        body.items.map(() => [
          'attendance',
          'branchId',
          'followUpsCompleted',
          'lecturesAttended',
          'lecturesGiven',
          'memberId',
          'name',
          'points',
          'rank',
          'unexcusedAbsences',
          'volunteerServices',
        ]),
      );
    });

    it('GET /api/members/:id: a secretary reads members of its units only, others answering as an unknown id; no reader or assessor', async () => {
      const statuses: Partial<Record<Viewer, Record<string, number>>> = {};
      for (const viewer of VIEWERS) {
        const unknown = await read(viewer, '/api/members/azc-nobody');
        statuses[viewer] = {};
        for (const memberId of ['m-a', HOSPITAL.surgeon]) {
          const response = await read(viewer, `/api/members/${memberId}`);
          statuses[viewer][memberId] = response.status;
          if (response.status === 200) expect(response.body.memberId).toBe(memberId);
          else if (response.status === 404) {
            // Not even that the member exists: the very answer an id nobody registered gets.
            expect(response.body).toEqual({
              ...unknown.body,
              detail: unknown.body.detail.replace('azc-nobody', memberId),
            });
          } else expectRefused(viewer, response);
        }
      }
      const both = (status: number) => ({ 'm-a': status, [HOSPITAL.surgeon]: status });
      const cardiologyOnly = { 'm-a': 200, [HOSPITAL.surgeon]: 404 };
      expect(statuses).toEqual({
        admin: both(200),
        inspector: both(200),
        reader: both(403),
        assessor: both(403),
        secretary: cardiologyOnly,
        // Reading reports as a reader gives no member details: the secretary's claim alone decides.
        'secretary-and-reader': cardiologyOnly,
        'secretary-and-assessor': cardiologyOnly,
        // The claim decides even for the token's own subject, a surgeon.
        'claim-not-subject': cardiologyOnly,
        'secretary-elsewhere': { 'm-a': 404, [HOSPITAL.surgeon]: 200 },
        'secretary-of-nothing': both(404),
      });
    });

    const AUDIT_READS: Readonly<Record<string, { readonly path: () => string; readonly holds: readonly string[] }>> = {
      'GET /api/audit/events': {
        path: () => `/api/audit/events?type=MeetingHeld&from=${since}`,
        holds: ['meeting-azc-c-td', 'meeting-azc-s-ga'],
      },
      'GET /api/audit/streams/:id': { path: () => '/api/audit/streams/meeting-azc-s-ga', holds: ['azc-s-ga', surgery] },
      'GET /api/audit/streams/:id/replay': {
        path: () => '/api/audit/streams/meeting-azc-c-td/replay',
        holds: ['azc-c-td', cardiology],
      },
      'GET /api/audit/export': {
        path: () => `/api/audit/export?format=ndjson&type=MeetingHeld&from=${since}`,
        holds: ['meeting-azc-c-td', 'meeting-azc-s-ga'],
      },
    };

    it.each(Object.keys(AUDIT_READS))(
      '%s: inspector and admin read both branches’ trail; any other caller gets 403 with none of it, and nothing is recorded',
      async (name) => {
        const { path, holds } = AUDIT_READS[name];
        const log = testApp.app.get<EventStore>(EVENT_STORE);
        for (const viewer of VIEWERS) {
          const head = await log.headPosition();
          // As text: the export streams NDJSON, every other answer is JSON.
          const response = await read(viewer, path())
            .buffer(true)
            .parse((res, done) => {
              let text = '';
              res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              res.on('end', () => done(null, text));
            });
          if (viewer === 'admin' || viewer === 'inspector') {
            expect({ viewer, status: response.status }).toEqual({ viewer, status: 200 });
            for (const text of holds) expect(response.body).toContain(text);
          } else {
            expectRefused(viewer, { status: response.status, body: JSON.parse(response.body as string) });
            // A refused look at the trail is no look: not recorded (an export is, as AuditExported).
            expect(await log.headPosition()).toBe(head);
          }
        }
      },
    );

    it.each(['/api/admin/projections', '/api/admin/projections/meetings'])(
      'GET %s: an admin reads projection status; any other caller gets 403 with none of it',
      async (path) => {
        for (const viewer of VIEWERS) {
          const response = await read(viewer, path);
          if (viewer === 'admin') expect(JSON.stringify(response.body)).toContain('"name":"meetings"');
          else expectRefused(viewer, response);
        }
      },
    );

    it('GET /api/org-units and /api/org-units/:id: every caller reads the same tree of both branches, with no member in it', async () => {
      // The tree is the frame every report names its lines by: units, kinds and parents, no figure and no member.
      const tree = (await read('admin', `/api/org-units?hospitalId=${hospitalId}`).expect(200)).body;
      expect(tree.map((unit: Line) => unit.unitId).sort()).toEqual([cardiology, cardiologyGroup, committee, surgery]);
      expect(new Set(tree.map((unit: Line) => Object.keys(unit).sort().join()))).toEqual(
        new Set(['category,dissolvedOn,hospitalId,kind,name,parentId,status,timeZone,unitId']),
      );
      const surgeryUnit = tree.find((unit: Line) => unit.unitId === surgery);
      for (const viewer of VIEWERS) {
        const list = (await read(viewer, `/api/org-units?hospitalId=${hospitalId}`).expect(200)).body;
        const one = (await read(viewer, `/api/org-units/${surgery}`).expect(200)).body;
        expect({ viewer, list, one }).toEqual({ viewer, list: tree, one: surgeryUnit });
      }
    });
  });
});
