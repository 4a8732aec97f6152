import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';

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
    for (const args of [['--help'], ['token', '--help'], ['head', '--help']]) {
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
});
