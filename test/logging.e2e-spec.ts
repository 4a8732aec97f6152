import { JwtService } from '@nestjs/jwt';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServerProcess } from './support/server-process';

/** The API as it runs, at its most verbose log level: the secret and bearer tokens must never reach the log. */
describe('the log never holds secrets or tokens', () => {
  const secret = `log-test-secret-${'s3cr3t'.repeat(6)}`;
  const token = new JwtService({ secret }).sign(
    { sub: 'admin-1', roles: ['admin'], hospitalId: 'h1' },
    { expiresIn: 600 },
  );
  const forged = `${token.slice(0, -4)}AAAA`;
  const MOBILE = '13812345678';
  let dataDir: string;
  let api: ServerProcess;
  let log: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'api-log-'));
    const logFile = join(dataDir, 'api.log');
    api = await startServer({
      args: ['-r', '@swc-node/register', join(__dirname, '..', 'apps', 'api', 'src', 'main.ts')],
      cwd: join(__dirname, '..'),
      env: { DATA_DIR: dataDir, AUTH_JWT_SECRET: secret, LOG_LEVEL: 'trace' },
      readyPath: '/health/ready',
      logFile,
    });
    const call = (path: string, bearer: string, init: RequestInit = {}) =>
      fetch(`${api.baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', cookie: `session=${token}` },
      });
    expect((await call('/api/org-units', token)).status).toBe(200);
    expect((await call('/api/org-units', forged)).status).toBe(401);
    const refused = await call('/api/org-units', token, { method: 'POST', body: JSON.stringify({ token, secret }) });
    expect(refused.status).toBe(400);
    const withPatientData = await fetch(`${api.baseUrl}/api/org-units`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-correlation-id': `req-${MOBILE}`,
        'idempotency-key': `key-${MOBILE}`,
      },
      body: JSON.stringify({ kind: 'committee', name: '党委', hospitalId: 'h1' }),
    });
    expect(withPatientData.status).toBe(422);
    await api.stop();
    log = readFileSync(logFile, 'utf8');
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('logs the requests (so the check below has something to look at)', () => {
    expect(log).toContain('/api/org-units');
    expect(log.match(/"statusCode":401/g)?.length).toBeGreaterThan(0);
  });

  it('holds no patient identifier sent in a correlation id or an idempotency key', () => {
    expect(log).toContain('"x-correlation-id":"[Redacted]"');
    expect(log).not.toContain(MOBILE);
  });

  it('holds neither the secret nor any token, valid or forged, nor a part of one', () => {
    expect(log).not.toContain(secret);
    for (const text of [token, forged, ...token.split('.')]) expect(log).not.toContain(text);
  });
});
