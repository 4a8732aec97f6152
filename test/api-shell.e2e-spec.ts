import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';

interface OpenApiOperation {
  summary?: string;
  security?: unknown;
  responses: Record<string, { content?: Record<string, unknown> }>;
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}
import { startTestApp, type TestApp } from './support/app';

describe('API shell (embedded profile, real HTTP stack)', () => {
  let testApp: TestApp;
  let admin: string;
  const http = () => request(testApp.app.getHttpServer());
  const post = (path: string) => http().post(path).set('Authorization', `Bearer ${admin}`);
  const get = (path: string) => http().get(path).set('Authorization', `Bearer ${admin}`);

  beforeAll(async () => {
    testApp = await startTestApp({ READ_YOUR_WRITES_TIMEOUT_MS: '200' });
    admin = testApp.token({ sub: 'admin-1', roles: ['admin'] });
    await post('/api/org-units')
      .send({ unitId: 'pj-central-committee', kind: 'committee', name: '盘锦市中心医院党委', hospitalId: 'pj-central' })
      .expect(201);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const unit = {
    unitId: 'cardiology',
    kind: 'branch',
    name: '心内科党支部',
    hospitalId: 'pj-central',
    parentId: 'pj-central-committee',
    category: 'clinical',
  };

  it('appends a command’s event, projects it, and reads it back with minPosition', async () => {
    const created = await post('/api/org-units').send(unit).expect(201);
    expect(created.body).toEqual({
      id: 'cardiology',
      streamId: 'orgunit-cardiology',
      revision: 1,
      position: expect.stringMatching(/^\d+$/),
      events: [{ eventId: expect.any(String), type: 'OrgUnitEstablished' }],
    });
    expect(created.headers.etag).toBe('"1"');

    const [appended] = await testApp.app.get<EventStore>(EVENT_STORE).readStream('orgunit-cardiology');
    expect(appended).toMatchObject({
      type: 'OrgUnitEstablished',
      position: created.body.position,
      data: { name: '心内科党支部' },
    });
    expect(appended.metadata).toMatchObject({ correlationId: created.headers['x-correlation-id'], schemaVersion: 1 });

    const read = await get(`/api/org-units/cardiology?minPosition=${created.body.position}`).expect(200);
    expect(read.body).toMatchObject({
      unitId: 'cardiology',
      name: '心内科党支部',
      status: 'active',
      timeZone: 'Asia/Shanghai',
    });
    expect(BigInt(read.headers['x-read-model-position'])).toBeGreaterThanOrEqual(BigInt(created.body.position));

    const listed = await get(`/api/org-units?hospitalId=pj-central&minPosition=${created.body.position}`).expect(200);
    expect(listed.body.map((u: { unitId: string }) => u.unitId)).toContain('cardiology');
  });

  it('generates an id when the create call omits it', async () => {
    const { unitId: _omitted, ...withoutId } = unit;
    const created = await post('/api/org-units')
      .send({ ...withoutId, name: '检验科党支部' })
      .expect(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a second establishment with a stable code and appends nothing', async () => {
    await post('/api/org-units')
      .send({ ...unit, unitId: 'twice' })
      .expect(201);
    const refused = await post('/api/org-units')
      .send({ ...unit, unitId: 'twice' })
      .expect(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 409, code: 'ORG_UNIT.ALREADY_EXISTS', title: 'Conflict' });
  });

  it('refuses unknown fields with VALIDATION.FAILED naming the field', async () => {
    const refused = await post('/api/org-units')
      .send({ ...unit, unitId: 'u2', secretField: 1 })
      .expect(400);
    expect(refused.body.code).toBe('VALIDATION.FAILED');
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/secretField' })]);
  });

  it('refuses wrong types with field problems', async () => {
    const refused = await post('/api/org-units')
      .send({ ...unit, unitId: 'u3', kind: 'club' })
      .expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/kind' })]);
  });

  it('refuses bodies over 256 KiB with 413', async () => {
    const refused = await post('/api/org-units')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ ...unit, name: 'x'.repeat(300 * 1024) }))
      .expect(413);
    expect(refused.body.code).toBe('REQUEST.TOO_LARGE');
  });

  it('refuses malformed JSON with a problem', async () => {
    const refused = await post('/api/org-units').set('content-type', 'application/json').send('{"kind":').expect(400);
    expect(refused.body.code).toBe('REQUEST.MALFORMED');
  });

  it('answers an unknown unit with ORG_UNIT.NOT_FOUND and an unknown route with ROUTE.NOT_FOUND', async () => {
    expect((await get('/api/org-units/nobody').expect(404)).body.code).toBe('ORG_UNIT.NOT_FOUND');
    expect((await get('/api/nothing-here').expect(404)).body.code).toBe('ROUTE.NOT_FOUND');
  });

  it('refuses an invalid minPosition, and answers 503 when the position is not reached in time', async () => {
    expect((await get('/api/org-units?minPosition=abc').expect(400)).body.code).toBe('VALIDATION.FAILED');
    const lagging = await get('/api/org-units?minPosition=999999999').expect(503);
    expect(lagging.body.code).toBe('PROJECTION.LAGGING');
  });

  it('checks the caller before any input, wait or key lookup: an unauthenticated request is 401 at once', async () => {
    for (const path of ['/api/org-units?minPosition=999999999', '/api/org-units?undeclared=1']) {
      const refused = await http().get(path).expect(401);
      expect(refused.body.code).toBe('AUTH.UNAUTHENTICATED');
      // Answered before the read-your-writes wait, which would have taken READ_YOUR_WRITES_TIMEOUT_MS and a 503.
      expect(refused.headers['x-read-model-position']).toBeUndefined();
    }
  });

  it('echoes a given correlation id and makes one up otherwise', async () => {
    const echoed = await http().get('/health').set('X-Correlation-Id', 'trace-123').expect(200);
    expect(echoed.headers['x-correlation-id']).toBe('trace-123');
    const generated = await http().get('/health').expect(200);
    expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);

    // Also on what Fastify answers before routing: a URL it cannot decode, an id over 100 characters.
    for (const [path, status] of [
      ['/api/org-units/%E0%A4%A', 400],
      [`/api/org-units/${'x'.repeat(101)}`, 414],
    ] as const) {
      const refused = await http().get(path).set('X-Correlation-Id', 'trace-456').expect(status);
      expect(refused.headers['x-correlation-id']).toBe('trace-456');
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('documents every /api route with its bearer auth, body schema and problem responses', async () => {
    const { body } = await http().get('/docs-json').expect(200);
    const operations = Object.entries(body.paths as Record<string, Record<string, OpenApiOperation>>)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
      );
    expect(operations.length).toBeGreaterThanOrEqual(22);
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, summary: typeof operation.summary }).toEqual({ where, summary: 'string' });
      expect({ where, security: operation.security }).toEqual({ where, security: [{ bearer: [] }] });
      for (const status of ['400', '401', '403']) {
        expect({
          where,
          status,
          problem: operation.responses[status]?.content?.['application/problem+json'] !== undefined,
        }).toEqual({
          where,
          status,
          problem: true,
        });
      }
      // Commands and actions document their body; an operation merely started (202) takes none. Commands (they take
      // an Idempotency-Key) document 422: their rules' refusals and IDEMPOTENCY.KEY_REUSED.
      if (method === 'post' && !('202' in operation.responses)) {
        const command = (operation.parameters ?? []).some(({ name }) => name === 'Idempotency-Key');
        expect({
          where,
          has422: !command || '422' in operation.responses,
          succeeds: '201' in operation.responses || '200' in operation.responses,
        }).toEqual({ where, has422: true, succeeds: true });
        expect({ where, body: operation.requestBody?.content?.['application/json']?.schema !== undefined }).toEqual({
          where,
          body: true,
        });
      }
    }
  });

  it('serves liveness, readiness, metrics and the OpenAPI document', async () => {
    expect((await http().get('/health').expect(200)).body.status).toBe('ok');
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.info.readModels).toMatchObject({ status: 'up', lag: 0 });
    expect((await http().get('/metrics').expect(200)).text).toContain('process_cpu_user_seconds_total');
    const openApi = await http().get('/docs-json').expect(200);
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining(['/api/org-units', '/api/org-units/{unitId}']),
    );
    expect(openApi.body.components.schemas.ProblemView.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']),
    );
    const establish = openApi.body.paths['/api/org-units'].post;
    expect(Object.keys(establish.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '403', '409', '412', '422', '429']),
    );
    expect(establish.responses['422'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/ProblemView',
    );
    expect(establish.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/EstablishOrgUnitDto',
    );
    await http()
      .get('/docs')
      .expect((response) => expect([200, 301, 302]).toContain(response.status));
  });
});
