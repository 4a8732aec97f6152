import { ROLES, type Role } from '@app/auth';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { JwtService } from '@nestjs/jwt';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';

interface Route {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly body?: () => object;
  readonly allowed: readonly Role[];
}

let unitCounter = 0;
/** Every route of the API with the roles that may call it; a new route is added here. */
const ROUTES: readonly Route[] = [
  {
    method: 'post',
    path: '/api/org-units',
    body: () => ({ unitId: `authz-${++unitCounter}`, kind: 'committee', name: '党委', hospitalId: 'h1' }),
    allowed: ['admin'],
  },
  { method: 'get', path: '/api/org-units?hospitalId=h1', allowed: ROLES },
  { method: 'get', path: '/api/org-units/authz-seed', allowed: ROLES },
];

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('authorization: every route × role, and every way a token can be bad', () => {
  let testApp: TestApp;
  let secret: string;
  const send = (route: Route, authorization?: string) => {
    let call = request(testApp.app.getHttpServer())[route.method](route.path);
    if (authorization !== undefined) call = call.set('Authorization', authorization);
    return route.body ? call.send(route.body()) : call;
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    secret = readFileSync(join(testApp.dataDir, 'jwt-secret'), 'utf8');
    await request(testApp.app.getHttpServer())
      .post('/api/org-units')
      .set('Authorization', `Bearer ${testApp.token({ sub: 'admin-1', roles: ['admin'] })}`)
      .send({ unitId: 'authz-seed', kind: 'committee', name: '党委', hospitalId: 'h1' })
      .expect(201);
  });
  afterAll(() => testApp.close());

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

  describe.each(ROUTES.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s',
    (_name, route) => {
      it.each(badTokens)('answers 401 AUTH.UNAUTHENTICATED to %s', async (_why, authorization) => {
        const log = testApp.app.get<EventStore>(EVENT_STORE);
        const head = await log.headPosition();
        const response = await send(route, authorization()).expect(401);
        expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
        expect(await log.headPosition()).toBe(head);
      });

      it.each(ROLES.map((role) => [role, route.allowed.includes(role)] as const))(
        'as %s: allowed = %s',
        async (role, allowed) => {
          const response = await send(
            route,
            `Bearer ${testApp.token({ sub: `${role}-1`, roles: [role], units: ['authz-seed'] })}`,
          );
          if (allowed) {
            expect(response.status).toBeLessThan(300);
          } else {
            expect(response.status).toBe(403);
            expect(response.body.code).toBe('AUTH.FORBIDDEN');
          }
        },
      );
    },
  );

  it('accepts a token expired within the 60 s clock skew', async () => {
    const token = new JwtService({ secret }).sign({
      sub: 'r',
      roles: ['reader'],
      exp: Math.floor(Date.now() / 1000) - 20,
    });
    await request(testApp.app.getHttpServer())
      .get('/api/org-units')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
  });

  it('records the token’s subject and roles as the actor of every event', async () => {
    const token = testApp.token({ sub: 'admin-7', roles: ['admin', 'inspector'] });
    await request(testApp.app.getHttpServer())
      .post('/api/org-units')
      .set('Authorization', `Bearer ${token}`)
      .send({ unitId: 'authz-actor', kind: 'committee', name: '党委', hospitalId: 'h1' })
      .expect(201);
    const [event] = await testApp.app.get<EventStore>(EVENT_STORE).readStream('orgunit-authz-actor');
    expect(event.metadata.actor).toEqual({ subject: 'admin-7', roles: ['admin', 'inspector'] });
  });

  it('leaves health, metrics and docs open', async () => {
    for (const path of ['/health', '/health/ready', '/metrics', '/docs-json']) {
      await request(testApp.app.getHttpServer()).get(path).expect(200);
    }
  });
});
