import {
  AUDIT_SIGNING_KEY,
  backupEventLog,
  EVENT_STORE,
  verifyLog,
  type AuditSigningKey,
  type EventStore,
} from '@app/event-store';
import { defaultSigningKeyFile } from '@app/config';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { runCli } from './support/cli';
import { seedHospital, type SeededHospital } from './support/hospital';
import { removeDataDir, sealedLog, TAMPERING, tamperWith } from './support/tampering';

// Each run boots the CLI from source: a second or two.
jest.setTimeout(120_000);

const eventsIn = (filename: string): number => {
  const db = new Database(filename, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS count FROM events').get() as { count: number }).count;
  } finally {
    db.close();
  }
};

describe('operator CLI: audit export, backup and restore, projections', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  let store: EventStore;
  let scratch: string;
  const onApi = () => ({ DATA_DIR: testApp.dataDir });
  /** A new DATA_DIR with the API's signing key, as an operator restores a log: its seals verify under that key. */
  const freshWithApiKey = () => ({
    DATA_DIR: mkdtempSync(join(scratch, 'fresh-')),
    AUDIT_SIGNING_KEY_FILE: defaultSigningKeyFile(testApp.dataDir),
  });

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    store = testApp.app.get<EventStore>(EVENT_STORE);
    scratch = mkdtempSync(join(tmpdir(), 'cli-operations-'));
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('audit export', () => {
    const filter = { type: 'OrgUnitEstablished', actor: 'admin-1' };

    async function exportedByApi(format: string): Promise<string> {
      const query = new URLSearchParams({ format, ...filter, minPosition: await store.headPosition() });
      const response = await request(testApp.app.getHttpServer())
        .get(`/api/audit/export?${query}`)
        .set('Authorization', `Bearer ${tokens.inspector}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      return (response.body as Buffer).toString('utf8');
    }

    it.each(['ndjson', 'csv'])(
      'exports the filtered trail as %s to a file and to stdout, as GET /api/audit/export does, and records each export',
      async (format) => {
        const args = ['audit', 'export', '--format', format, '--type', filter.type, '--actor', filter.actor];
        const out = join(scratch, `trail.${format}`);

        const toFile = await runCli([...args, '--out', out], onApi());
        expect(toFile.status).toBe(0);
        expect(JSON.parse(toFile.stdout)).toEqual({ file: out, format, events: 4 });
        const [recorded] = (await store.readStream('audit-access')).slice(-1);
        expect(recorded).toMatchObject({
          type: 'AuditExported',
          data: { format, filter },
          metadata: { actor: { subject: expect.stringMatching(/^cli-/), roles: ['admin'] } },
        });

        const toStdout = await runCli(args, onApi());
        expect(toStdout.status).toBe(0);
        expect(toStdout.stdout).toBe(readFileSync(out, 'utf8'));
        expect(toStdout.stdout).toBe(await exportedByApi(format));

        const rows =
          format === 'csv'
            ? toStdout.stdout
                .replace(/^\uFEFF.*\r\n/, '')
                .trimEnd()
                .split('\r\n')
            : toStdout.stdout.trimEnd().split('\n');
        expect(rows).toHaveLength(4);
        expect(rows.every((row) => row.includes('OrgUnitEstablished') && row.includes('admin-1'))).toBe(true);
      },
    );

    it('refuses a time without an offset, exporting nothing', async () => {
      const before = (await store.readStream('audit-access')).length;
      const run = await runCli(['audit', 'export', '--from', '2024-01-01T00:00'], onApi());
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('--from takes an ISO-8601 time with an offset');
      expect(await store.readStream('audit-access')).toHaveLength(before);
    });

    it('refuses a filter holding a patient identifier, which the export would record, recording nothing', async () => {
      const before = (await store.readStream('audit-access')).length;
      const run = await runCli(['audit', 'export', '--actor', '13812345678'], onApi());
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('--actor holds a mobile number; patient data never enters the record');
      expect(run.stderr).not.toContain('13812345678');
      expect(await store.readStream('audit-access')).toHaveLength(before);
    });
  });

  describe('backup and restore', () => {
    /** A backup of the API's log as it stands, taken in this process. */
    let backupFile: string;
    beforeAll(async () => {
      backupFile = join(scratch, 'fixture-backup.sqlite');
      await backupEventLog(store, backupFile);
    });

    it('backs up the log while the API keeps writing; the copy restores into a fresh DATA_DIR that verifies clean', async () => {
      const admin = testApp.token({ sub: 'admin-1', roles: ['admin'] });
      const eventsBefore = (
        await verifyLog(store, { publicKey: testApp.app.get<AuditSigningKey>(AUDIT_SIGNING_KEY).publicKey })
      ).eventsChecked;
      let backupRunning = true;
      let writtenMeanwhile = 0;
      const writing = (async () => {
        while (backupRunning) {
          await request(testApp.app.getHttpServer())
            .post('/api/org-units')
            .set('Authorization', `Bearer ${admin}`)
            .send({ unitId: `busy-${writtenMeanwhile}`, kind: 'committee', name: '党委', hospitalId: 'h-busy' })
            .expect(201);
          writtenMeanwhile += 1;
        }
      })();
      const file = join(scratch, 'online.sqlite');
      const backup = await runCli(['backup', file], onApi());
      backupRunning = false;
      await writing;

      expect(backup.status).toBe(0);
      const report = JSON.parse(backup.stdout);
      expect(report).toMatchObject({ file, ok: true, problems: [] });
      expect(writtenMeanwhile).toBeGreaterThan(0);
      expect(report.eventsChecked).toBeGreaterThanOrEqual(eventsBefore);
      expect(report.eventsChecked).toBeLessThanOrEqual(
        (await verifyLog(store, { publicKey: testApp.app.get<AuditSigningKey>(AUDIT_SIGNING_KEY).publicKey }))
          .eventsChecked,
      );

      const fresh = freshWithApiKey();
      const restore = await runCli(['restore', file], fresh);
      expect(restore.status).toBe(0);
      expect(JSON.parse(restore.stdout)).toMatchObject({
        restored: file,
        into: join(fresh.DATA_DIR, 'events.sqlite'),
        eventsChecked: report.eventsChecked,
      });
      const verified = await runCli(['audit', 'verify'], fresh);
      expect(verified.status).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({
        ok: true,
        problems: [],
        eventsChecked: report.eventsChecked,
        streamsChecked: report.streamsChecked,
      });
    });

    it('backup refuses to overwrite a file unless --force', async () => {
      const file = join(scratch, 'taken.sqlite');
      writeFileSync(file, 'not a backup');
      const refused = await runCli(['backup', file], onApi());
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('exists; pass --force');
      expect(readFileSync(file, 'utf8')).toBe('not a backup');

      const forced = await runCli(['backup', '--force', file], onApi());
      expect(forced.status).toBe(0);
      expect(JSON.parse(forced.stdout)).toMatchObject({ file, ok: true });
    });

    it('backup of a log tampered with exits 1, reporting the copy’s problems', async () => {
      const { dataDir } = await sealedLog();
      tamperWith(dataDir, TAMPERING[0]);
      const file = join(scratch, 'of-tampered.sqlite');
      const run = await runCli(['backup', file], { DATA_DIR: dataDir });
      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ file, ok: false, problems: TAMPERING[0].problems });
      removeDataDir(dataDir);
    });

    it('restore refuses a backup whose hash chains do not verify, restoring nothing', async () => {
      const tampered = join(scratch, 'tampered.sqlite');
      copyFileSync(backupFile, tampered);
      const db = new Database(tampered);
      db.exec(`UPDATE events SET data = json_set(data, '$.name', '伪造') WHERE stream_id = 'orgunit-h1-cardiology'`);
      db.close();

      const fresh = freshWithApiKey();
      const run = await runCli(['restore', tampered], fresh);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('fails verification; nothing was restored');
      expect(JSON.parse(run.stdout).problems).toEqual([
        { streamId: 'orgunit-h1-cardiology', revision: 1, code: 'HASH_MISMATCH' },
      ]);
      expect(readdirSync(fresh.DATA_DIR)).toEqual([]);
    });

    it('restore refuses a DATA_DIR whose log holds events, naming --force and a stopped API; --force replaces it', async () => {
      const { dataDir: occupied } = await sealedLog();
      const target = join(occupied, 'events.sqlite');
      const eventsThere = eventsIn(target);

      const refused = await runCli(['restore', backupFile], { DATA_DIR: occupied });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/already holds a log .*stop the API, then pass --force/);
      expect(eventsIn(target)).toBe(eventsThere);
      expect(existsSync(`${target}.restoring`)).toBe(false);

      const forced = await runCli(['restore', '--force', backupFile], { DATA_DIR: occupied });
      expect(forced.status).toBe(0);
      const verified = await runCli(['audit', 'verify'], { DATA_DIR: occupied });
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, eventsChecked: eventsIn(backupFile) });
      removeDataDir(occupied);
    });

    it.each(['backup', 'restore'])(
      '%s refuses the external profile, naming EventStoreDB’s own procedure',
      async (command) => {
        const run = await runCli([command, join(scratch, 'external.sqlite')], {
          DATA_DIR: scratch,
          EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false',
          MONGODB_URI: 'mongodb://127.0.0.1:1/partybuilding',
          AUTH_JWT_SECRET: 's'.repeat(32),
        });
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('use EventStoreDB’s own backup and restore procedure');
        expect(existsSync(join(scratch, 'external.sqlite'))).toBe(false);
      },
    );
  });

  describe('projections, over HTTP against the running API', () => {
    let url: string;
    const admin = () => testApp.token({ sub: 'admin-1', roles: ['admin'] });
    const get = (path: string) =>
      request(testApp.app.getHttpServer()).get(path).set('Authorization', `Bearer ${admin()}`);

    beforeAll(async () => {
      await testApp.app.listen(0, '127.0.0.1');
      url = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    });

    it('status prints a row per projection: version, status, position/head, lag, events/s, parked', async () => {
      const run = await runCli(['projections', 'status', '--url', url], onApi());
      expect(run.status).toBe(0);
      const [header, ...rows] = run.stdout.trimEnd().split('\n');
      expect(header.split(/\s{2,}/)).toEqual([
        'name',
        'version',
        'status',
        'position/head',
        'lag',
        'events/s',
        'parked',
      ]);
      const { body: projections } = await get('/api/admin/projections').expect(200);
      expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(projections.map((p: { name: string }) => p.name));
      expect(rows.find((row) => row.startsWith('org-units '))).toMatch(
        /^org-units\s+\d+\s+(live|catching-up)\s+\d+\/\d+\s+\d+\s+\d+\s+0$/,
      );
    });

    it('rebuild shows progress lines when stdout is not a terminal and exits 0 once the rebuild completed', async () => {
      const run = await runCli(['projections', 'rebuild', 'org-units', '--url', url], onApi());
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^org-units: \d+\/\d+ events, \d+ events\/s, ETA \d+ s$/m);
      const [, rebuildId] = /^Rebuilt org-units version \d+ \(rebuild (\S+)\): \d+ events$/m.exec(run.stdout) ?? [];
      const { body } = await get('/api/admin/projections/org-units').expect(200);
      expect(body.rebuild).toMatchObject({ rebuildId, state: 'completed' });
    });

    it('rebuild of an unknown projection prints the problem and exits 1', async () => {
      const run = await runCli(['projections', 'rebuild', 'no-such-projection', '--url', url], onApi());
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('404 PROJECTION.NOT_FOUND');
    });

    it('says the API cannot be reached, exiting 1, when nothing listens at --url', async () => {
      const run = await runCli(['projections', 'status', '--url', 'http://127.0.0.1:9'], onApi());
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('Cannot reach the API at http://127.0.0.1:9');
    });

    it('retry-parked re-applies every event and lists the events still parked', async () => {
      // An event the volunteer-services projection cannot read (no heldOn): parked, while the others go on.
      const { position } = await store.appendToStream('volunteer-service-unreadable', [
        { type: 'VolunteerServiceHeld', data: { serviceId: 'unreadable' } },
      ]);
      await get(`/api/org-units?minPosition=${position}`).expect(200);
      const { body: before } = await get('/api/admin/projections/volunteer-services').expect(200);
      expect(before.parkedEvents).toEqual([
        expect.objectContaining({ position, streamId: 'volunteer-service-unreadable', type: 'VolunteerServiceHeld' }),
      ]);

      const run = await runCli(['projections', 'retry-parked', 'volunteer-services', '--url', url], onApi());
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Rebuilt volunteer-services version \d+ \(rebuild \S+\): \d+ events$/m);
      expect(run.stdout).toContain('Still parked (1):');
      const row = new RegExp(`^${position}\\s+volunteer-service-unreadable\\s+VolunteerServiceHeld\\s+(\\S+)\\s`, 'm');
      const [, parkedAgainAt] = row.exec(run.stdout) ?? [];
      // Parked again by the rebuild, not left over from before it.
      expect(parkedAgainAt > before.parkedEvents[0].parkedAt).toBe(true);
    });
  });

  describe('demo, over HTTP against a running API', () => {
    it('loads the demo city through the API’s routes and prints what it wrote', async () => {
      const fresh = await startTestApp();
      try {
        await fresh.app.listen(0, '127.0.0.1');
        const url = `http://127.0.0.1:${(fresh.app.getHttpServer().address() as AddressInfo).port}`;
        const run = await runCli(['demo', '--scale', 'tiny', '--url', url], { DATA_DIR: fresh.dataDir });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const summary = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
        expect(summary.events).toBeGreaterThan(100);
        const stored = fresh.app.get<EventStore>(EVENT_STORE);
        expect(await stored.headPosition()).toBe(summary.lastPosition);
        const { body } = await request(fresh.app.getHttpServer())
          .get(`/api/org-units?minPosition=${summary.lastPosition}`)
          .set('Authorization', `Bearer ${fresh.token({ sub: 'reader-1', roles: ['reader'] })}`)
          .expect(200);
        expect(body.length).toBeGreaterThan(6);
      } finally {
        await fresh.close();
      }
    });
  });
});
