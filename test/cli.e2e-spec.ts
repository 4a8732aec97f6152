import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import request from 'supertest';
import { loadAuditSigningKey } from '@app/event-store';
import { runDemo } from '../apps/api/src/demo-mode';
import { startTestApp, type TestApp } from './support/app';
import { staleBuild } from './support/build-freshness';
import { BUILT_CLI, runCli, runPasted, type CliRun } from './support/cli';
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
    const run = await cli(['token', '--sub', 'admin-9', '--roles', 'admin', '--hospital', 'h1'], testApp.dataDir);
    expect(run.status).toBe(0);
    const token = run.stdout.trim();
    await request(testApp.app.getHttpServer())
      .post('/api/org-units')
      .set('Authorization', `Bearer ${token}`)
      .send({ unitId: 'cli-made', kind: 'committee', name: '党委', hospitalId: 'h1' })
      .expect(201);
  });

  it('token refuses an unknown role with a non-zero exit', async () => {
    const run = await cli(['token', '--sub', 'x', '--roles', 'superuser', '--hospital', 'h1'], testApp.dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--roles takes');
  });

  it('token needs --hospital, and signs several hospitals as a city-level hospitalIds scope', async () => {
    const unscoped = await cli(['token', '--sub', 'x', '--roles', 'reader'], testApp.dataDir);
    expect(unscoped.status).toBe(1);
    expect(unscoped.stderr).toContain('--hospital');
    const city = await cli(['token', '--sub', 'wjw', '--roles', 'reader', '--hospital', 'h1,h2'], testApp.dataDir);
    expect(city.status).toBe(0);
    const [, payload] = city.stdout.trim().split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({ hospitalIds: ['h1', 'h2'] });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).not.toHaveProperty('hospitalId');
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

interface Entry {
  readonly kind: 'file' | 'directory';
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256?: string;
}

/** Every entry under `root`, `root` included, by relative path: kind, size, modification time and a file's content. */
function tree(root: string): Record<string, Entry> {
  const entries: Record<string, Entry> = {};
  const visit = (path: string) => {
    const stat = statSync(path);
    const name = relative(root, path) || '.';
    if (stat.isDirectory()) {
      entries[name] = { kind: 'directory', size: stat.size, mtimeMs: stat.mtimeMs };
      for (const child of readdirSync(path)) visit(join(path, child));
    } else {
      const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
      entries[name] = { kind: 'file', size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
    }
  };
  visit(root);
  return entries;
}

/**
 * The files only. Reading a WAL-mode SQLite file makes its -wal and -shm index files and, the last connection gone,
 * removes them: that leaves the directory's modification time moved, and every file as it was.
 */
const files = (root: string) => Object.fromEntries(Object.entries(tree(root)).filter(([, e]) => e.kind === 'file'));

/**
 * A log as written before the audit hash chain existed (no prev_hash or hash columns), or, with `hashChain`, before
 * chain version 2 (the hash chain's columns, no chain_version or seal_ref).
 */
function olderLog(filename: string, { hashChain = false } = {}): void {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  const chainColumns = hashChain ? ', prev_hash TEXT NOT NULL, hash TEXT NOT NULL' : '';
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
    stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, created_at TEXT NOT NULL${chainColumns}, UNIQUE (stream_id, revision))`);
  const row = ['e1', 'meeting-m1', 1, 'MeetingHeld', '{}', '{}', '2024-01-01T00:00:00.000Z'];
  const hashes = hashChain ? ['0'.repeat(64), 'f'.repeat(64)] : [];
  db.prepare(`INSERT INTO events VALUES (NULL, ${[...row, ...hashes].map(() => '?').join(', ')})`).run(
    ...row,
    ...hashes,
  );
  db.close();
}

describe('the CLI never creates state by accident', () => {
  let root: string;
  /** Never created: every command below runs on a DATA_DIR that does not exist. */
  let dataDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cli-no-state-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Runs each command, asserting after each one that nothing under `root` changed. */
  async function leavesNothing(
    commands: readonly (readonly string[])[],
    environment: Record<string, string>,
  ): Promise<CliRun[]> {
    const before = tree(root);
    const runs: CliRun[] = [];
    for (const args of commands) {
      runs.push(await runCli(args, environment));
      expect({ args, tree: tree(root) }).toEqual({ args, tree: before });
    }
    return runs;
  }

  it('--help, top-level and of every command, writes nothing: not even DATA_DIR', async () => {
    const runs = await leavesNothing([['--help'], ...COMMANDS.map((args) => [...args, '--help'])], {
      DATA_DIR: dataDir,
    });
    expect(runs.map((run) => run.status)).toEqual(runs.map(() => 0));
  });

  it.each([[['head']], [['audit', 'verify']], [['audit', 'export']]])(
    '%j on a missing store says there is no store in DATA_DIR, exits 1 and creates none',
    async (args) => {
      const [run] = await leavesNothing([args.map((arg) => (arg.endsWith('.sqlite') ? join(root, arg) : arg))], {
        DATA_DIR: dataDir,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`There is no event store in DATA_DIR ${dataDir} (no events.sqlite)`);
    },
  );

  it.each([[['audit', 'seal']], [['audit', 'public-key']], [['backup', 'copy.sqlite']], [['restore', 'copy.sqlite']]])(
    '%j with no signing key names where it looked, exits 1 and generates none: nothing in <DATA_DIR>-keys either',
    async (args) => {
      const [run] = await leavesNothing([args.map((arg) => (arg.endsWith('.sqlite') ? join(root, arg) : arg))], {
        DATA_DIR: dataDir,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`No audit signing key at ${join(root, 'data-keys', 'audit-signing-key.pem')}`);
      expect(readdirSync(root)).toEqual([]);
    },
  );

  it('commands that sign tokens, with no secret to find, name the DATA_DIR looked in, exit 1 and generate none', async () => {
    const runs = await leavesNothing(
      [
        ['token', '--sub', 'admin-9', '--roles', 'admin', '--hospital', 'h1'],
        ['projections', 'status', '--url', 'http://127.0.0.1:9'],
        ['demo', '--scale', 'tiny', '--url', 'http://127.0.0.1:9'],
      ],
      { DATA_DIR: dataDir },
    );
    for (const run of runs) {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`AUTH_JWT_SECRET is unset and DATA_DIR ${dataDir} holds no jwt-secret`);
      expect(run.stderr).toContain('Set DATA_DIR to the API’s data directory');
    }
  });

  it('token signs with AUTH_JWT_SECRET, writing nothing', async () => {
    const [run] = await leavesNothing([['token', '--sub', 'admin-9', '--roles', 'admin', '--hospital', 'h1']], {
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: 's'.repeat(32),
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  it('token, on a log restored without the API’s secret, names that DATA_DIR and generates no secret', async () => {
    const { dataDir: restored } = await sealedLog();
    try {
      const before = files(restored);
      const run = await runCli(['token', '--sub', 'admin-9', '--roles', 'admin', '--hospital', 'h1'], {
        DATA_DIR: restored,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`DATA_DIR ${restored} holds no jwt-secret`);
      expect(files(restored)).toEqual(before);
    } finally {
      removeDataDir(restored);
    }
  });

  it('read-only commands on a stopped API’s log leave every file as it was, and never upgrade an older log', async () => {
    const api = await startTestApp({}, dataDir);
    const admin = api.token({ sub: 'admin-1', roles: ['admin'] });
    await request(api.app.getHttpServer())
      .post('/api/org-units')
      .set('Authorization', `Bearer ${admin}`)
      .send({ unitId: 'u1', kind: 'committee', name: '党委', hospitalId: 'h1' })
      .expect(201);
    await api.app.close();

    // The API generated its signing key beside DATA_DIR; read-only commands read it and leave it as it was.
    const keys = join(root, 'data-keys');
    const snapshot = () => ({ data: files(dataDir), keys: files(keys) });
    const before = snapshot();
    expect(Object.keys(before.keys)).toEqual(['audit-signing-key.pem']);
    for (const args of [
      ['head'],
      ['audit', 'verify'],
      ['audit', 'public-key'],
      ['token', '--sub', 'admin-9', '--roles', 'admin', '--hospital', 'h1'],
      ['backup', join(root, 'copy.sqlite')],
    ]) {
      const run = await runCli(args, { DATA_DIR: dataDir });
      expect({ args, status: run.status }).toEqual({ args, status: 0 });
      expect({ args, files: snapshot() }).toEqual({ args, files: before });
    }

    const older = join(root, 'older');
    const olderFile = join(older, 'events.sqlite');
    mkdirSync(older);
    olderLog(olderFile);
    const untouched = files(older);
    const run = await runCli(['audit', 'verify'], { DATA_DIR: older });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${olderFile} predates the audit hash chain: start the API on it once to upgrade it`);
    expect(files(older)).toEqual(untouched);

    const chainV1 = join(root, 'chain-v1');
    const chainV1File = join(chainV1, 'events.sqlite');
    mkdirSync(chainV1);
    olderLog(chainV1File, { hashChain: true });
    const asWritten = files(chainV1);
    for (const args of [['head'], ['audit', 'verify']]) {
      const refused = await runCli(args, { DATA_DIR: chainV1 });
      expect({ args, status: refused.status }).toEqual({ args, status: 1 });
      expect(refused.stderr).toContain(
        `${chainV1File} predates audit chain version 2: start the API on it once to upgrade it`,
      );
      expect({ args, files: files(chainV1) }).toEqual({ args, files: asWritten });
    }
  });

  it('commands that need the API’s signing key, with none to find, name where they looked, exit 1 and generate none', async () => {
    // The API keeps its key elsewhere; the CLI, not told so, looks beside DATA_DIR.
    const apiKeys = mkdtempSync(join(tmpdir(), 'api-keys-'));
    const apiKeyFile = join(apiKeys, 'audit-signing-key.pem');
    // A configured key is the operator's to make; the API generates only the one beside DATA_DIR.
    loadAuditSigningKey(apiKeyFile, { generate: true });
    try {
      const api = await startTestApp({ AUDIT_SIGNING_KEY_FILE: apiKeyFile }, dataDir);
      await request(api.app.getHttpServer())
        .post('/api/org-units')
        .set('Authorization', `Bearer ${api.token({ sub: 'admin-1', roles: ['admin'] })}`)
        .send({ unitId: 'u1', kind: 'committee', name: '党委', hospitalId: 'h1' })
        .expect(201);
      await api.app.close();
      const before = files(root);
      const keyFile = join(root, 'data-keys', 'audit-signing-key.pem');

      for (const args of [
        ['audit', 'public-key'],
        ['audit', 'seal'],
        ['audit', 'verify'],
        ['backup', join(root, 'copy.sqlite')],
      ]) {
        const run = await runCli(args, { DATA_DIR: dataDir });
        expect({ args, status: run.status }).toEqual({ args, status: 1 });
        expect(run.stderr).toContain(`No audit signing key at ${keyFile} (beside DATA_DIR ${dataDir}`);
        expect(run.stderr).toContain('AUDIT_SIGNING_KEY_FILE to the API’s key file');
        if (args[1] === 'verify') expect(run.stderr).toContain('pass --public-key <file>');
        expect({ args, files: files(root) }).toEqual({ args, files: before });
        expect(readdirSync(root).sort()).toEqual(['data']);
      }

      const misnamed = join(apiKeys, 'elsewhere.pem');
      const named = await runCli(['audit', 'public-key'], { DATA_DIR: dataDir, AUDIT_SIGNING_KEY_FILE: misnamed });
      expect(named.status).toBe(1);
      expect(named.stderr).toContain(`No audit signing key at ${misnamed} (AUDIT_SIGNING_KEY_FILE)`);
      expect(readdirSync(apiKeys)).toEqual(['audit-signing-key.pem']);

      // Pointed at the API's key, they find it.
      const pointed = { DATA_DIR: dataDir, AUDIT_SIGNING_KEY_FILE: apiKeyFile };
      const publicKey = await runCli(['audit', 'public-key'], pointed);
      expect(publicKey.status).toBe(0);
      expect(publicKey.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
      const verified = await runCli(['audit', 'verify'], pointed);
      expect(verified.status).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [] });
    } finally {
      rmSync(apiKeys, { recursive: true, force: true });
    }
  });
});

describe('the CLI commands the demo prints', () => {
  const repository = join(__dirname, '..');
  let api: TestApp;
  let printed = '';

  beforeAll(async () => {
    // The demo prints `npm run cli` commands, which run the built CLI, as `npm run demo` leaves it (and `npm test`).
    const stale = staleBuild(BUILT_CLI);
    if (stale) throw new Error(`${stale}: run \`npm run build\` (npm test does it first)`);
    api = await startTestApp();
    await api.app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    await runDemo(api.app, { scale: 'tiny', baseUrl, out: { write: (text: string) => (printed += text) } });
  }, 180_000);
  afterAll(() => api.close());

  it('prints each with the API’s absolute DATA_DIR, and each works as printed', async () => {
    const lines = [...printed.matchAll(/^ {2}(DATA_DIR=\S+ npm run cli -- .+)$/gm)].map(([, line]) => line);
    expect(lines.map((line) => /-- (\S+ \S+)/.exec(line)?.[1])).toEqual([
      'audit verify',
      'projections status',
      'token --sub',
    ]);
    for (const line of lines) expect(line.startsWith(`DATA_DIR=${api.dataDir} `)).toBe(true);
    const ran: CliRun[] = [];
    for (const line of lines) ran.push(await runPasted(line, repository));
    const [verify, status, token] = ran;

    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout.slice(verify.stdout.indexOf('{')))).toMatchObject({ ok: true, problems: [] });

    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^org-units\s+\d+\s+live\s/m);

    expect(token.status).toBe(0);
    const [jwt] = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(token.stdout) ?? [];
    await request(api.app.getHttpServer()).get('/api/org-units').set('Authorization', `Bearer ${jwt}`).expect(200);
  });
});
