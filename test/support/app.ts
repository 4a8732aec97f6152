import { Tokens } from '@app/auth';
import { defaultSigningKeyFile, loadConfig } from '@app/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/bootstrap';
import { scoped, type TestClaims } from './claims';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  /** A valid bearer token signed with the app's own secret (see `scoped` for the hospitals it acts for). */
  token(claims: TestClaims): string;
  /** Stops the app and starts a new one on the same data directory, as a process restart would. */
  restart(): Promise<TestApp>;
  close(): Promise<void>;
}

/** The real API on the embedded profile, over a fresh data directory. */
export async function startTestApp(
  environment: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'api-e2e-')),
): Promise<TestApp> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...environment });
  const app = await createApp(config, { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const tokens = app.get(Tokens);
  return {
    app,
    dataDir,
    token: (claims) => tokens.sign(scoped(claims)),
    restart: async () => {
      await app.close();
      return startTestApp(environment, dataDir);
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      // The audit signing key generated beside the data directory (unless the test configured its own).
      if (!environment.AUDIT_SIGNING_KEY_FILE)
        rmSync(join(defaultSigningKeyFile(dataDir), '..'), { recursive: true, force: true });
    },
  };
}
