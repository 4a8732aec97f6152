import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { sealedLog, TAMPERING, tamperWith } from './support/tampering';

const CLI = join(__dirname, '..', 'apps', 'cli', 'src', 'main.ts');

function cli(args: string[], dataDir: string) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', CLI, ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
}

describe('operator CLI', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('prints --help for every command and exits 0', () => {
    for (const args of [
      ['--help'],
      ['token', '--help'],
      ['head', '--help'],
      ['audit', '--help'],
      ['audit', 'verify', '--help'],
      ['audit', 'seal', '--help'],
    ]) {
      const run = cli(args, testApp.dataDir);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Usage:');
    }
  });

  it('token prints a token the API accepts, signed with the secret in DATA_DIR', async () => {
    const run = cli(['token', '--sub', 'admin-9', '--roles', 'admin'], testApp.dataDir);
    expect(run.status).toBe(0);
    const token = run.stdout.trim();
    await request(testApp.app.getHttpServer())
      .post('/api/org-units')
      .set('Authorization', `Bearer ${token}`)
      .send({ unitId: 'cli-made', kind: 'committee', name: '党委', hospitalId: 'h1' })
      .expect(201);
  });

  it('token refuses an unknown role with a non-zero exit', () => {
    const run = cli(['token', '--sub', 'x', '--roles', 'superuser'], testApp.dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--roles takes');
  });

  it('stops with every configuration problem listed', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', CLI, 'head'], {
      env: { ...process.env, DATA_DIR: testApp.dataDir, PORT: 'x', PROJECTIONS: 'maybe' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT must be an integer');
    expect(run.stderr).toContain('PROJECTIONS');
  });

  it('audit seal prints a digest, audit verify checks the file offline and exits 1 on tampering', async () => {
    const sealed = cli(['audit', 'seal'], testApp.dataDir);
    expect(sealed.status).toBe(0);
    const { digest } = JSON.parse(sealed.stdout) as { digest: string };
    expect(digest).toMatch(/^[0-9a-f]{64}$/);

    const clean = cli(['audit', 'verify', '--seal-digest', digest], testApp.dataDir);
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ ok: true, problems: [] });

    const db = new Database(join(testApp.dataDir, 'events.sqlite'));
    db.exec(`DELETE FROM events WHERE stream_id = 'orgunit-cli-made'`);
    db.close();
    const tampered = cli(['audit', 'verify', '--seal-digest', digest], testApp.dataDir);
    expect(tampered.status).toBe(1);
    expect(JSON.parse(tampered.stdout).problems).toEqual([{ streamId: 'orgunit-cli-made', code: 'STREAM_MISSING' }]);
  });

  describe('audit verify, offline, on a sealed log tampered with from outside', () => {
    it('verifies the untouched log clean against the kept digest', async () => {
      const { dataDir, digest } = await sealedLog();
      const run = cli(['audit', 'verify', '--seal-digest', digest], dataDir);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, problems: [], sealId: 'seal-1' });
      rmSync(dataDir, { recursive: true, force: true });
    });

    it.each(TAMPERING.map((tampering) => [tampering.name, tampering] as const))(
      'reports %s, exiting 1',
      async (_name, tampering) => {
        const { dataDir, digest } = await sealedLog();
        tamperWith(dataDir, tampering);
        const run = cli(['audit', 'verify', '--seal-digest', digest], dataDir);
        expect(run.status).toBe(1);
        expect(JSON.parse(run.stdout).problems).toEqual(tampering.problems);
        rmSync(dataDir, { recursive: true, force: true });
      },
    );
  });
});
