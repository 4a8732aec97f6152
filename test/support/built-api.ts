import { resolveJwtSecret, Tokens } from '@app/auth';
import { JwtService } from '@nestjs/jwt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleBuild } from './build-freshness';
import { BUILT_CLI } from './cli';
import { startServer, type ServerProcess } from './server-process';
import { scoped, type TestClaims } from './claims';

const ROOT = join(__dirname, '..', '..');
export const BUILT_API = join(ROOT, 'dist', 'apps', 'api', 'main.js');

/**
 * Throws unless dist/ holds a build of the sources as they are now: a smoke test of an old build would pass or fail
 * for code that no longer exists. `npm test` builds first (pretest), so this fires only when jest is run directly.
 */
export function assertFreshBuild(): void {
  const problems = [BUILT_API, BUILT_CLI].map(staleBuild).filter(Boolean);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}: run \`npm run build\` (npm test does it first)`);
}

export interface BuiltApi {
  readonly server: ServerProcess;
  readonly dataDir: string;
  /** The environment the API runs with, for a CLI pointed at the same installation. */
  readonly environment: Readonly<Record<string, string>>;
  /** Tokens signed with the installation's own secret, as `cli token` signs them. */
  token(claims: TestClaims): string;
  /** Stops the API and removes its data directory. */
  close(): Promise<void>;
}

/** `node dist/apps/api/main.js`, as users start it, on a fresh data directory and a free port. */
export async function startBuiltApi(): Promise<BuiltApi> {
  assertFreshBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'api-dist-'));
  const environment = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const server = await startServer({
    args: [BUILT_API],
    cwd: ROOT,
    env: environment,
    readyPath: '/health/ready',
    logFile: join(dataDir, 'api.log'),
  });
  // The secret the API generated into DATA_DIR at startup, read as the API and the CLI read it.
  const tokens = new Tokens(new JwtService({ secret: resolveJwtSecret({ authJwtSecret: undefined, dataDir }) }));
  return {
    server,
    dataDir,
    environment,
    token: (claims) => tokens.sign(scoped(claims)),
    close: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
