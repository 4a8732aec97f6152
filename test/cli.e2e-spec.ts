import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { runCli } from './support/cli';
import { removeDataDir, sealedLog, TAMPERING, tamperWith } from './support/tampering';

// Each run boots the CLI from source: a second or two.
jest.setTimeout(120_000);

const cli = (args: string[], dataDir: string) => runCli(args, { DATA_DIR: dataDir });

/** Every command and subcommand; each must describe itself and answer --help. */
const COMMANDS = [
  ['token'],
  ['head'],
  ['audit'],
  ['audit', 'verify'],
  ['audit', 'seal'],
  ['audit', 'public-key'],
  ['audit', 'export'],
  ['backup'],
  ['restore'],
  ['projections'],
  ['projections', 'status'],
  ['projections', 'rebuild'],
  ['projections', 'retry-parked'],
  ['demo'],
];

describe('operator CLI', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('lists every command in --help, and prints each one’s usage and description with --help, exiting 0', async () => {
    const root = await cli(['--help'], testApp.dataDir);
    expect(root.status).toBe(0);
    for (const name of new Set(COMMANDS.map(([command]) => command))) {
      expect(root.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    for (const args of COMMANDS) {
      const run = await cli([...args, '--help'], testApp.dataDir);
      expect({ args, status: run.status }).toEqual({ args, status: 0 });
      expect(run.stdout).toMatch(new RegExp(`^Usage: \\S+ ${args.join(' ')}\\b.*\\n\\n\\S`));
    }
  });

  it('token prints a token the API accepts, signed with the secret in DATA_DIR', async () => {
    const run = await cli(['token', '--sub', 'admin-9', '--roles', 'admin'], testApp.dataDir);
    expect(run.status).toBe(0);
    const token = run.stdout.trim();
    await request(testApp.app.getHttpServer())
      .post('/api/org-units')
      .set('Authorization', `Bearer ${token}`)
      .send({ unitId: 'cli-made', kind: 'committee', name: '党委', hospitalId: 'h1' })
      .expect(201);
  });

  it('token refuses an unknown role with a non-zero exit', async () => {
    const run = await cli(['token', '--sub', 'x', '--roles', 'superuser'], testApp.dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--roles takes');
  });

  it('stops with every configuration problem listed', async () => {
    const run = await runCli(['head'], { DATA_DIR: testApp.dataDir, PORT: 'x', PROJECTIONS: 'maybe' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT must be an integer');
    expect(run.stderr).toContain('PROJECTIONS');
  });

  it('audit seal prints a digest, audit verify checks the file offline and exits 1 on tampering', async () => {
    const sealed = await cli(['audit', 'seal'], testApp.dataDir);
    expect(sealed.status).toBe(0);
    const { digest } = JSON.parse(sealed.stdout) as { digest: string };
    expect(digest).toMatch(/^[0-9a-f]{64}$/);

    const clean = await cli(['audit', 'verify', '--seal-digest', digest], testApp.dataDir);
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ ok: true, problems: [] });

    const db = new Database(join(testApp.dataDir, 'events.sqlite'));
    db.exec(`DELETE FROM events WHERE stream_id = 'orgunit-cli-made'`);
    db.close();
    const tampered = await cli(['audit', 'verify', '--seal-digest', digest], testApp.dataDir);
    expect(tampered.status).toBe(1);
    expect(JSON.parse(tampered.stdout).problems).toEqual([{ streamId: 'orgunit-cli-made', code: 'STREAM_MISSING' }]);
  });

  describe('audit verify --public-key, offline, on a sealed log tampered with from outside', () => {
    /** The inspector's copy of the public key, kept away from the data directory and its key. */
    const keptKey = (pem: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'inspector-')), 'audit-public-key.pem');
      writeFileSync(file, pem);
      return file;
    };

    it('verifies the untouched log clean against the kept digest and key', async () => {
      const { dataDir, digest, publicKeyPem } = await sealedLog();
      const run = await cli(
        ['audit', 'verify', '--public-key', keptKey(publicKeyPem), '--seal-digest', digest],
        dataDir,
      );
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, problems: [], sealId: 'seal-2', sealSequence: 2 });
      removeDataDir(dataDir);
    });

    it.each(TAMPERING.map((tampering) => [tampering.name, tampering] as const))(
      'reports %s, exiting 1',
      async (_name, tampering) => {
        const { dataDir, publicKeyPem } = await sealedLog();
        tamperWith(dataDir, tampering);
        const run = await cli(['audit', 'verify', '--public-key', keptKey(publicKeyPem)], dataDir);
        expect(run.status).toBe(1);
        expect(JSON.parse(run.stdout).problems).toEqual(tampering.problems);
        removeDataDir(dataDir);
      },
    );
  });
});
