import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';

describe('Idempotency-Key and If-Match', () => {
  let testApp: TestApp;
  let admin: string;
  const http = () => request(testApp.app.getHttpServer());
  const post = (path: string, token = admin) => http().post(path).set('Authorization', `Bearer ${token}`);
  const head = () => testApp.app.get<EventStore>(EVENT_STORE).headPosition();
  const committee = (unitId: string) => ({ unitId, kind: 'committee', name: '医院党委', hospitalId: 'h1' });

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = testApp.token({ sub: 'admin-1', roles: ['admin'] });
  });
  afterAll(() => testApp.close());

  it('answers a retry with the same key and body with the first result, 200, and appends nothing', async () => {
    const first = await post('/api/org-units').set('Idempotency-Key', 'k-1').send(committee('idem-1')).expect(201);
    const before = await head();
    const retry = await post('/api/org-units').set('Idempotency-Key', 'k-1').send(committee('idem-1')).expect(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(await head()).toBe(before);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY.KEY_REUSED, nothing appended', async () => {
    await post('/api/org-units').set('Idempotency-Key', 'k-2').send(committee('idem-2')).expect(201);
    const before = await head();
    const reused = await post('/api/org-units')
      .set('Idempotency-Key', 'k-2')
      .send({ ...committee('idem-2'), name: '另一个名字' })
      .expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await head()).toBe(before);
  });

  it('gives a create without an id the same server-generated id on every retry', async () => {
    const { unitId: _none, ...withoutId } = committee('unused');
    const first = await post('/api/org-units').set('Idempotency-Key', 'k-3').send(withoutId).expect(201);
    const retry = await post('/api/org-units').set('Idempotency-Key', 'k-3').send(withoutId).expect(200);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('keeps keys per caller: another caller’s same key is a new request', async () => {
    const other = testApp.token({ sub: 'admin-2', roles: ['admin'] });
    await post('/api/org-units').set('Idempotency-Key', 'shared').send(committee('idem-4a')).expect(201);
    await post('/api/org-units', other).set('Idempotency-Key', 'shared').send(committee('idem-4b')).expect(201);
  });

  it('settles concurrent retries of one key: one 201, the rest 200, one event', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post('/api/org-units').set('Idempotency-Key', 'k-5').send(committee('idem-5'))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.events[0].eventId)).size).toBe(1);
    expect(await testApp.app.get<EventStore>(EVENT_STORE).readStream('orgunit-idem-5')).toHaveLength(1);
  });

  it('remembers keys across a restart', async () => {
    const first = await post('/api/org-units').set('Idempotency-Key', 'k-6').send(committee('idem-6')).expect(201);
    testApp = await testApp.restart();
    admin = testApp.token({ sub: 'admin-1', roles: ['admin'] });
    const retry = await post('/api/org-units').set('Idempotency-Key', 'k-6').send(committee('idem-6')).expect(200);
    expect(retry.body).toEqual(first.body);
    await post('/api/org-units').set('Idempotency-Key', 'k-6').send(committee('other')).expect(422);
  });

  it('refuses an Idempotency-Key over 100 characters', async () => {
    const refused = await post('/api/org-units')
      .set('Idempotency-Key', 'k'.repeat(101))
      .send(committee('idem-7'))
      .expect(400);
    expect(refused.body.code).toBe('VALIDATION.FAILED');
  });

  describe('If-Match', () => {
    beforeAll(async () => {
      await post('/api/org-units').send(committee('match-committee')).expect(201);
      await post('/api/org-units')
        .send({ unitId: 'match-branch', kind: 'branch', name: '支部', hospitalId: 'h1', parentId: 'match-committee' })
        .expect(201);
      await post('/api/members')
        .send({
          memberId: 'match-m1',
          name: '李四',
          hospitalId: 'h1',
          branchId: 'match-branch',
          status: 'probationary',
          joinedPartyOn: '2020-01-01',
        })
        .expect(201);
    });

    it('writes when the revision matches, and answers a stale one with 412 CONCURRENCY.STALE_REVISION', async () => {
      const change = { status: 'full', effectiveOn: '2021-01-01', reason: '按期转正' };
      const ok = await post('/api/members/match-m1/status').set('If-Match', '"1"').send(change).expect(201);
      expect(ok.headers.etag).toBe('"2"');
      const before = await head();
      const stale = await post('/api/members/match-m1/status')
        .set('If-Match', '"1"')
        .send({ status: 'suspended', effectiveOn: '2022-01-01', reason: '留置' })
        .expect(412);
      expect(stale.body.code).toBe('CONCURRENCY.STALE_REVISION');
      expect(await head()).toBe(before);
    });

    it('refuses a malformed If-Match', async () => {
      const refused = await post('/api/members/match-m1/status')
        .set('If-Match', 'two')
        .send({ status: 'full', effectiveOn: '2021-01-01', reason: 'x' })
        .expect(400);
      expect(refused.body.code).toBe('VALIDATION.FAILED');
    });
  });
});
