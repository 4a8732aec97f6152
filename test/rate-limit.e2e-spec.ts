import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';

describe('rate limiting per client', () => {
  const LIMIT = 5;
  let limited: TestApp;
  let unlimited: TestApp;
  const http = (testApp: TestApp) => request(testApp.app.getHttpServer());
  const head = () => limited.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    unlimited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
  });
  afterAll(async () => {
    await limited.close();
    await unlimited.close();
  });

  it('answers a client over its budget with 429 RATE.LIMITED and Retry-After', async () => {
    const reader = limited.token({ sub: 'reader-1', roles: ['reader'] });
    const remaining: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const answer = await http(limited).get('/api/org-units').set('Authorization', `Bearer ${reader}`);
      expect(answer.status).toBe(200);
      remaining.push(answer.headers['x-ratelimit-remaining'] as string);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);

    const refused = await http(limited).get('/api/org-units').set('Authorization', `Bearer ${reader}`);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE.LIMITED', title: 'Too Many Requests' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('keeps one budget per verified subject, and a limited command appends nothing', async () => {
    const admin = limited.token({ sub: 'admin-1', roles: ['admin'] });
    const createUnit = (unitId: string) =>
      http(limited)
        .post('/api/org-units')
        .set('Authorization', `Bearer ${admin}`)
        .send({ unitId, kind: 'committee', name: '第一医院党委', hospitalId: 'h1' });
    // The reader above spent its budget from the same address; this subject still has its own.
    for (let i = 0; i < LIMIT; i++) expect((await createUnit(`committee-${i}`)).status).toBe(201);
    const before = await head();
    const refused = await createUnit('committee-over');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE.LIMITED');
    expect(await head()).toBe(before);
  });

  it('counts tokens it cannot verify against the address, so a forged token cannot spend a real subject’s budget', async () => {
    const forged = `${limited.token({ sub: 'victim', roles: ['admin'] }).slice(0, -4)}AAAA`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      statuses.push((await http(limited).get('/api/org-units').set('Authorization', `Bearer ${forged}`)).status);
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
    const victim = limited.token({ sub: 'victim', roles: ['reader'] });
    expect((await http(limited).get('/api/org-units').set('Authorization', `Bearer ${victim}`)).status).toBe(200);
  });

  it('never limits health probes, metrics scrapes or the in-process demo loader', async () => {
    for (let i = 0; i < 3 * LIMIT; i++) {
      expect((await http(limited).get('/health')).status).toBe(200);
      expect((await http(limited).get('/metrics')).status).toBe(200);
    }
    const reader = limited.token({ sub: 'reader-1', roles: ['reader'] });
    for (let i = 0; i < 3 * LIMIT; i++) {
      const injected = await limited.app.inject({
        method: 'GET',
        url: '/api/org-units',
        headers: { authorization: `Bearer ${reader}` },
      });
      expect(injected.statusCode).toBe(200);
    }
  });

  it('limits nothing with RATE_LIMIT_PER_MINUTE=0', async () => {
    const reader = unlimited.token({ sub: 'reader-1', roles: ['reader'] });
    for (let i = 0; i < 3 * LIMIT; i++) {
      const answer = await http(unlimited).get('/api/org-units').set('Authorization', `Bearer ${reader}`);
      expect(answer.status).toBe(200);
      expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
