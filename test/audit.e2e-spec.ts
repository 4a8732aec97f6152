import { EVENT_STORE, type EventStore } from '@app/event-store';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { verifyNdjsonExport } from './support/independent-verifier';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';
import { removeDataDir, sealedLog, TAMPERING, tamperWith } from './support/tampering';

describe('audit verification and seals over HTTP (纪检)', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const post = (path: string, body: object = {}, token = tokens.inspector) =>
    request(testApp.app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).send(body);
  /** Someone with write access to the database file, going around the application. */
  const tamper = (sql: string) => {
    const db = new Database(join(testApp.dataDir, 'events.sqlite'));
    db.exec(sql);
    db.close();
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
  });
  afterAll(() => testApp.close());

  it('shows a stream’s events with their chain links, and replays the state after each with who and why', async () => {
    const get = (path: string) =>
      request(testApp.app.getHttpServer()).get(path).set('Authorization', `Bearer ${tokens.inspector}`);
    await post(
      '/api/members/m-b/status',
      { status: 'suspended', effectiveOn: '2023-03-01', reason: '留置审查' },
      tokens.admin,
    ).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await post(
      '/api/members/m-b/status',
      { status: 'full', effectiveOn: '2023-09-01', reason: '解除留置' },
      tokens.admin,
    ).expect(201);

    const history = await get('/api/audit/streams/member-m-b').expect(200);
    expect(history.body.chain).toEqual({ ok: true, sealId: null, sealSequence: null, problems: [] });
    expect(history.body.events.map((e: { revision: number; type: string }) => [e.revision, e.type])).toEqual([
      [1, 'MemberRegistered'],
      [2, 'MemberStatusChanged'],
      [3, 'MemberStatusChanged'],
    ]);
    expect(history.body.events[1].prevHash).toBe(history.body.events[0].hash);

    const replay = await get(`/api/audit/streams/member-m-b/replay?asOf=${between}`).expect(200);
    expect(replay.body.steps).toHaveLength(2);
    expect(replay.body.steps[1]).toMatchObject({
      revision: 2,
      type: 'MemberStatusChanged',
      actor: { subject: 'admin-1', roles: ['admin'] },
      reason: '留置审查',
      state: {
        status: 'registered',
        member: {
          statuses: [
            { status: 'full', from: '2015-07-01' },
            { status: 'suspended', from: '2023-03-01' },
          ],
        },
      },
    });
    const full = await get('/api/audit/streams/member-m-b/replay').expect(200);
    expect(full.body.steps.map((step: { reason: string | null }) => step.reason)).toEqual([
      null,
      '留置审查',
      '解除留置',
    ]);
    expect((await get('/api/audit/streams/member-nobody').expect(404)).body.code).toBe('STREAM.NOT_FOUND');
  });

  it('lists the trail in log order with full metadata, filtered, paged by a position cursor', async () => {
    const eventStore = testApp.app.get<EventStore>(EVENT_STORE);
    const head = await eventStore.headPosition();
    const get = (query: string) =>
      request(testApp.app.getHttpServer())
        .get(`/api/audit/events?minPosition=${head}&${query}`)
        .set('Authorization', `Bearer ${tokens.inspector}`);

    const byAdmin: unknown[] = [];
    const pageSizes: number[] = [];
    for (let after: string | null = '0'; after !== null;) {
      const { body } = (await get(`actor=admin-1&limit=7&after=${after}`).expect(200)) as {
        body: { items: unknown[]; next: string | null };
      };
      byAdmin.push(...body.items);
      pageSizes.push(body.items.length);
      after = body.next;
    }
    const logged = (await eventStore.readAll({ limit: 10_000 })).filter(
      (event) => event.metadata.actor?.subject === 'admin-1',
    );
    expect(byAdmin).toEqual(JSON.parse(JSON.stringify(logged)));
    expect(pageSizes.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect(byAdmin[0]).toMatchObject({
      metadata: { recordedAt: expect.any(String), correlationId: expect.any(String) },
    });

    // A status change names only the member; it counts in the member's hospital and branch all the same.
    const statusChanges = (query: string) =>
      get(`type=MemberStatusChanged&${query}`).then(({ body }) =>
        body.items.map((event: { streamId: string }) => event.streamId),
      );
    expect(await statusChanges(`hospitalId=${HOSPITAL.hospitalId}`)).toEqual(['member-m-b', 'member-m-b']);
    expect(await statusChanges(`unitId=${HOSPITAL.cardiology}`)).toEqual(['member-m-b', 'member-m-b']);
    expect(await statusChanges(`unitId=${HOSPITAL.surgery}`)).toEqual([]);
    expect(await statusChanges(`from=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);

    for (const bad of ['after=abc', 'limit=0', 'limit=1001', 'from=yesterday', 'hospitalId[$ne]=x']) {
      expect((await get(bad).expect(400)).body.code).toBe('VALIDATION.FAILED');
    }
  });

  it('exports the whole trail as NDJSON that re-verifies with an independent tool following the README recipe', async () => {
    const exported = await request(testApp.app.getHttpServer())
      .get('/api/audit/export?format=ndjson')
      .set('Authorization', `Bearer ${tokens.inspector}`)
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    expect(exported.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const { events, broken } = verifyNdjsonExport(exported.body as string);
    expect(events).toBeGreaterThan(10);
    expect(broken).toEqual([]);
    // The same tool catches an export altered after the fact.
    const [first, ...rest] = (exported.body as string).split('\n');
    const altered = JSON.parse(first);
    altered.data.name = '伪造';
    const check = verifyNdjsonExport([JSON.stringify(altered), ...rest].join('\n'));
    expect(check.broken[0]).toBe(`${altered.streamId}@${altered.revision}`);
  });

  it('exports a filtered trail as CSV that opens in Excel/WPS: UTF-8 BOM, quoted fields, Chinese intact; and records the export', async () => {
    const exported = await request(testApp.app.getHttpServer())
      .get(`/api/audit/export?format=csv&type=OrgUnitEstablished&actor=admin-1`)
      .set('Authorization', `Bearer ${tokens.inspector}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const bytes = exported.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'position,streamId,revision,eventId,type,recordedAt,actor,roles,correlationId,data,metadata,prevHash,hash',
    );
    expect(rows).toHaveLength(1 + 4);
    expect(rows.slice(1).every((row) => row.includes('"OrgUnitEstablished"') && row.includes('"admin-1"'))).toBe(true);
    expect(bytes.toString('utf8')).toContain('心内科党支部');
    const access = await testApp.app.get<EventStore>(EVENT_STORE).readStream('audit-access');
    expect(access.at(-1)).toMatchObject({
      type: 'AuditExported',
      data: { format: 'csv', filter: { type: 'OrgUnitEstablished', actor: 'admin-1' } },
      metadata: { actor: { subject: 'inspector-1' } },
    });
  });

  it('verifies an untouched log clean, seals it, and records who looked', async () => {
    const clean = await post('/api/audit/verification').expect(200);
    expect(clean.body).toMatchObject({ ok: true, problems: [], sealId: null });
    expect(clean.body.eventsChecked).toBeGreaterThan(10);

    const seal = await post('/api/audit/seals', { reason: '季度封存' }).expect(201);
    expect(seal.body).toMatchObject({ sealId: expect.any(String), digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(seal.body.streams).toBeGreaterThan(5);

    const sealed = await post('/api/audit/verification', { sealDigest: seal.body.digest }).expect(200);
    expect(sealed.body).toMatchObject({ ok: true, sealId: seal.body.sealId });

    const access = (await testApp.app.get<EventStore>(EVENT_STORE).readStream('audit-access')).filter(
      (event) => event.type === 'AuditVerified',
    );
    expect(access.map((event) => [event.type, event.metadata.actor])).toEqual([
      ['AuditVerified', { subject: 'inspector-1', roles: ['inspector'] }],
      ['AuditVerified', { subject: 'inspector-1', roles: ['inspector'] }],
    ]);
    expect(access[1].data).toMatchObject({ ok: true, sealDigestGiven: true });
  });

  it('reports tampering done outside the application, each with its code', async () => {
    tamper(`UPDATE events SET data = json_set(data, '$.name', '伪造') WHERE stream_id = 'member-m-c' AND revision = 1`);
    tamper(`DELETE FROM events WHERE stream_id = 'member-m-sec' AND revision = 2`);
    tamper(`DELETE FROM events WHERE stream_id = 'member-m-cm' AND revision = 2`);
    tamper(`DELETE FROM events WHERE stream_id = 'member-m-s'`);
    const { body } = await post('/api/audit/verification').expect(200);
    expect(body.ok).toBe(false);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { streamId: 'member-m-c', revision: 1, code: 'HASH_MISMATCH' },
        { streamId: 'member-m-sec', revision: 1, code: 'STREAM_TRUNCATED' },
        { streamId: 'member-m-cm', revision: 1, code: 'STREAM_TRUNCATED' },
        { streamId: `member-${HOSPITAL.surgeon}`, code: 'STREAM_MISSING' },
      ]),
    );
  });

  it('refuses to seal a log that does not verify', async () => {
    expect((await post('/api/audit/seals').expect(503)).body.code).toBe('AUDIT.LOG_NOT_INTACT');
  });

  it('is for inspectors and admins only', async () => {
    await post('/api/audit/verification', {}, tokens.reader).expect(403);
    await post('/api/audit/seals', {}, tokens.cardiologySecretary).expect(403);
  });
});

describe('POST /api/audit/verification on a sealed log tampered with from outside', () => {
  it.each(TAMPERING.map((tampering) => [tampering.name, tampering] as const))(
    'reports %s, with nothing but the server’s public key',
    async (_name, tampering) => {
      const { dataDir } = await sealedLog();
      tamperWith(dataDir, tampering);
      const testApp = await startTestApp({}, dataDir);
      try {
        const { body } = await request(testApp.app.getHttpServer())
          .post('/api/audit/verification')
          .set('Authorization', `Bearer ${testApp.token({ sub: 'inspector-1', roles: ['inspector'] })}`)
          .send({})
          .expect(200);
        expect(body).toMatchObject({ ok: false, problems: tampering.problems });
      } finally {
        await testApp.close();
      }
    },
  );

  it('compares with the seal whose digest the inspector kept, and reports one that is gone', async () => {
    const { dataDir, digest } = await sealedLog();
    const testApp = await startTestApp({}, dataDir);
    const verify = (sealDigest: string) =>
      request(testApp.app.getHttpServer())
        .post('/api/audit/verification')
        .set('Authorization', `Bearer ${testApp.token({ sub: 'inspector-1', roles: ['inspector'] })}`)
        .send({ sealDigest })
        .expect(200);
    try {
      expect((await verify(digest)).body).toMatchObject({ ok: true, sealId: 'seal-2', sealSequence: 2 });
      expect((await verify('f'.repeat(64))).body.problems).toEqual([
        { streamId: 'audit-seals', code: 'SEAL_DIGEST_MISMATCH' },
      ]);
    } finally {
      await testApp.close();
      removeDataDir(dataDir);
    }
  });
});
