import { defaultSigningKeyFile } from '@app/config';
import { loadAuditSigningKey, openEventStore, sealLog, SEAL_STREAM_ID } from '@app/event-store';
import Database from 'better-sqlite3';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { startTestApp, type TestApp } from './support/app';
import { runCli } from './support/cli';
import { removeDataDir, sealedLog, type Problem } from './support/tampering';

// The CLI boots from source: a second or two per run.
jest.setTimeout(120_000);

const METADATA_KEYS = [
  'actor',
  'correlationId',
  'causationId',
  'idempotencyKey',
  'requestFingerprint',
  'recordedAt',
  'schemaVersion',
] as const;

/** One edit per stored column and per metadata key, each made to revision 2 of a stream of its own. */
const EDITS: readonly { readonly name: string; readonly sql: string }[] = [
  { name: 'position', sql: `UPDATE events SET position = position + 1000000 WHERE %` },
  { name: 'event_id', sql: `UPDATE events SET event_id = '${uuidv7()}' WHERE %` },
  { name: 'stream_id', sql: `UPDATE events SET stream_id = 'moved-elsewhere' WHERE %` },
  { name: 'revision', sql: `UPDATE events SET revision = 9 WHERE %` },
  { name: 'type', sql: `UPDATE events SET type = 'MeetingCancelled' WHERE %` },
  { name: 'data', sql: `UPDATE events SET data = json_set(data, '$.topic', '伪造') WHERE %` },
  { name: 'created_at', sql: `UPDATE events SET created_at = '2020-01-01T00:00:00.000Z' WHERE %` },
  { name: 'prev_hash', sql: `UPDATE events SET prev_hash = '${'f'.repeat(64)}' WHERE %` },
  { name: 'hash', sql: `UPDATE events SET hash = '${'a'.repeat(64)}' WHERE %` },
  { name: 'chain_version', sql: `UPDATE events SET chain_version = 1 WHERE %` },
  { name: 'seal_ref', sql: `UPDATE events SET seal_ref = NULL WHERE %` },
  ...METADATA_KEYS.map((key) => ({
    name: `metadata.${key}`,
    sql: `UPDATE events SET metadata = json_set(metadata, '$.${key}', ${key === 'schemaVersion' ? 1 : "'forged'"}) WHERE %`,
  })),
];
const streamOf = (edit: string) => `case-${edit.replace(/[^a-z]/gi, '-')}`;

/**
 * A sealed log with a stream of three events per edit, written after the seal (so each names it) with every metadata
 * key set, schema version 2; then each edit made to its own stream's second event, straight into the file.
 */
async function tamperedTable(): Promise<{ dataDir: string; publicKeyPem: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tamper-table-'));
  const { key } = loadAuditSigningKey(defaultSigningKeyFile(dataDir), { generate: true });
  const store = openEventStore({ kind: 'sqlite', filename: join(dataDir, 'events.sqlite') });
  try {
    await store.appendToStream('meeting-before', [{ type: 'MeetingRecordCorrected', data: { n: 0 } }]);
    await sealLog(store, 'seal-1', {}, key);
    for (const { name } of EDITS) {
      for (let n = 1; n <= 3; n++) {
        const metadata = {
          actor: { subject: 'secretary-1', roles: ['secretary'] },
          correlationId: `corr-${n}`,
          causationId: `cause-${n}`,
          idempotencyKey: `key-${n}`,
          requestFingerprint: `fp-${n}`,
          recordedAt: new Date().toISOString(),
          schemaVersion: 2,
        };
        await store.appendToStream(streamOf(name), [
          { type: 'MeetingRecordCorrected', data: { topic: `议题${n}` }, metadata },
        ]);
      }
    }
  } finally {
    await store.close();
  }
  const db = new Database(join(dataDir, 'events.sqlite'));
  for (const { name, sql } of EDITS) db.exec(sql.replace('%', `stream_id = '${streamOf(name)}' AND revision = 2`));
  db.close();
  return { dataDir, publicKeyPem: key.publicKeyPem };
}

const inspector = (testApp: TestApp) => `Bearer ${testApp.token({ sub: 'inspector-1', roles: ['inspector'] })}`;

describe('every stored field is covered: each column and each metadata key edited in the file is detected', () => {
  let table: { dataDir: string; publicKeyPem: string };
  let testApp: TestApp;
  beforeAll(async () => {
    table = await tamperedTable();
    testApp = await startTestApp({}, table.dataDir);
  });
  afterAll(() => testApp.close());

  const expectEachEditFound = (problems: Problem[]) => {
    const found = new Set(problems.map((problem) => problem.streamId));
    expect(EDITS.map(({ name }) => name).filter((name) => !found.has(streamOf(name)))).toEqual([]);
    // Only the edited streams: the seal and the stream before it hold.
    expect(found.has('meeting-before')).toBe(false);
  };

  it('by the API', async () => {
    const { body } = await request(testApp.app.getHttpServer())
      .post('/api/audit/verification')
      .set('Authorization', inspector(testApp))
      .send({})
      .expect(200);
    expect(body.ok).toBe(false);
    expectEachEditFound(body.problems);
  });

  it('by the offline CLI, given only the public key', async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'inspector-')), 'audit-public-key.pem');
    writeFileSync(keyFile, table.publicKeyPem);
    const run = await runCli(['audit', 'verify', '--public-key', keyFile], { DATA_DIR: table.dataDir });
    expect(run.status).toBe(1);
    expectEachEditFound(JSON.parse(run.stdout).problems);
  });

  it('keeps the server running read-only: writes refused, reads served, readiness 503, the metric 0', async () => {
    const server = testApp.app.getHttpServer();
    const admin = `Bearer ${testApp.token({ sub: 'admin-1', roles: ['admin'] })}`;
    const write = await request(server)
      .post('/api/org-units')
      .set('Authorization', admin)
      .send({ unitId: 'after-tampering', kind: 'committee', name: '党委', hospitalId: 'h1' })
      .expect(503);
    expect(write.body.code).toBe('AUDIT.LOG_NOT_INTACT');
    expect(
      (await request(server).post('/api/audit/seals').set('Authorization', admin).send({}).expect(503)).body.code,
    ).toBe('AUDIT.LOG_NOT_INTACT');
    await request(server)
      .get(`/api/audit/streams/${streamOf('data')}`)
      .set('Authorization', inspector(testApp))
      .expect(200);

    const ready = await request(server).get('/health/ready').expect(503);
    expect(ready.body.error.auditLog).toMatchObject({ status: 'down', problemCount: expect.any(Number) });
    expect(ready.body.error.auditLog.problems).toContainEqual({
      streamId: streamOf('data'),
      revision: 2,
      code: 'HASH_MISMATCH',
    });
    const metrics = (await request(server).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^partybuilding_audit_last_verification_ok 0$/m);
    expect(metrics).toMatch(/^partybuilding_audit_last_verification_problems [1-9]\d*$/m);
  });
});

describe('a clean start, the public key, and streams checked against the newest seal', () => {
  let sealed: { dataDir: string; digest: string; publicKeyPem: string };
  let testApp: TestApp;
  beforeAll(async () => {
    sealed = await sealedLog();
    testApp = await startTestApp({}, sealed.dataDir);
  });
  afterAll(async () => {
    await testApp.close();
    removeDataDir(sealed.dataDir);
  });

  it('is ready with the log verified since the newest seal, and says so in readiness and the metric', async () => {
    const server = testApp.app.getHttpServer();
    const ready = await request(server).get('/health/ready').expect(200);
    // The newest seal and the one event after it.
    expect(ready.body.info.auditLog).toMatchObject({ status: 'up', sealSequence: 2, eventsChecked: 2 });
    const metrics = (await request(server).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^partybuilding_audit_last_verification_ok 1$/m);
    expect(metrics).toMatch(/^partybuilding_audit_last_verification_problems 0$/m);
  });

  it('serves the public key the seals verify with; the private key stays in a 0600 file outside DATA_DIR', async () => {
    const { body } = await request(testApp.app.getHttpServer())
      .get('/api/audit/public-key')
      .set('Authorization', inspector(testApp))
      .expect(200);
    expect(body).toEqual({
      algorithm: 'Ed25519',
      publicKey: sealed.publicKeyPem,
      fingerprint: expect.stringMatching(/^SHA256:[0-9a-f]{64}$/),
    });
    const keyFile = defaultSigningKeyFile(sealed.dataDir);
    expect(keyFile.startsWith(`${sealed.dataDir}/`)).toBe(false);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const printed = await runCli(['audit', 'public-key'], { DATA_DIR: sealed.dataDir });
    expect(printed.status).toBe(0);
    expect(printed.stdout.trim()).toBe(sealed.publicKeyPem.trim());
    expect(printed.stderr).toContain(body.fingerprint);
  });

  it('reports a sealed stream whose last event was deleted as truncated', async () => {
    const get = (streamId: string) =>
      request(testApp.app.getHttpServer())
        .get(`/api/audit/streams/${streamId}`)
        .set('Authorization', inspector(testApp));
    expect((await get('meeting-m1').expect(200)).body.chain).toEqual({
      ok: true,
      sealId: 'seal-2',
      sealSequence: 2,
      problems: [],
    });
    const db = new Database(join(sealed.dataDir, 'events.sqlite'));
    db.exec(`DELETE FROM events WHERE stream_id = 'meeting-m1' AND revision = 3`);
    db.close();
    expect((await get('meeting-m1').expect(200)).body.chain).toMatchObject({
      ok: false,
      problems: [{ streamId: 'meeting-m1', revision: 2, code: 'STREAM_TRUNCATED' }],
    });
  });
});

describe('AUDIT_SEAL_INTERVAL', () => {
  it('seals the log on schedule once it has grown, each seal chained to the one before', async () => {
    const testApp = await startTestApp({ AUDIT_SEAL_INTERVAL: 'PT1S' });
    try {
      const server = testApp.app.getHttpServer();
      const admin = `Bearer ${testApp.token({ sub: 'admin-1', roles: ['admin'] })}`;
      await request(server)
        .post('/api/org-units')
        .set('Authorization', admin)
        .send({ unitId: 'scheduled', kind: 'committee', name: '党委', hospitalId: 'h1' })
        .expect(201);
      const seals = async () => {
        const { body } = await request(server)
          .get(`/api/audit/streams/${SEAL_STREAM_ID}`)
          .set('Authorization', inspector(testApp));
        return (body.events ?? []) as { data: { sequence: number; previous: string | null } }[];
      };
      const deadline = Date.now() + 10_000;
      while ((await seals()).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const [first] = await seals();
      expect(first.data).toMatchObject({ sequence: 1, previous: null });
      // Nothing written since: the next tick seals nothing more.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await seals()).toHaveLength(1);
    } finally {
      await testApp.close();
    }
  });
});
