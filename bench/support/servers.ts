import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleBuild } from '../../test/support/build-freshness';
import { startServer, type ServerProcess } from '../../test/support/server-process';

const ROOT = join(__dirname, '..', '..');
const API_ENTRY = join(ROOT, 'dist', 'apps', 'api', 'main.js');

/** `nest build api` unless dist/apps/api/main.js is a build of the sources as they are now. */
export function ensureApiBuilt(): void {
  if (!staleBuild(API_ENTRY)) return;
  console.log('Building the API (nest build api)…');
  const build = spawnSync('npx', ['nest', 'build', 'api'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`nest build api failed (exit ${build.status})`);
}

export interface ScratchCopy {
  readonly dir: string;
  remove(): void;
}

/** A copy of a data directory in a temp dir on the same disk, so the cached city never sees a benchmark's writes. */
export function copyDataDir(dataDir: string): ScratchCopy {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  cpSync(dataDir, dir, { recursive: true, filter: (source) => !source.endsWith('.log') });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The built API on the embedded profile over `dataDir`, as `npm start` and the Docker image run it, V8 heap
 * flags included (LOG_LEVEL as deployed unless BENCH_LOG_LEVEL says otherwise; the log goes to a file in `dataDir`).
 * Ready when `/health/ready` answers 200: the store answers and the read models have caught up with the log.
 */
export function startApi(dataDir: string): Promise<ServerProcess> {
  return startServer({
    args: ['--max-semi-space-size=32', '--no-allocation-site-pretenuring', API_ENTRY],
    cwd: ROOT,
    env: {
      DATA_DIR: dataDir,
      // The load generator is one client at the server's capacity, which any real limit would refuse. A limit it
      // never reaches would measure an artefact instead: @nestjs/throttler keeps each hit of the minute per client
      // and filters them on every request, so its cost grows with the limit (bounded by 1,200 at the default).
      RATE_LIMIT_PER_MINUTE: '0',
      ...(process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}),
    },
    readyPath: '/health/ready',
    logFile: join(dataDir, 'api.log'),
  });
}

/** The ceiling app (bench/support/bare-app.ts), compiled on load by @swc-node/register as the benches are. */
export function startBareApp(): Promise<ServerProcess> {
  return startServer({
    args: ['-r', '@swc-node/register', join(__dirname, 'bare-app.ts')],
    cwd: ROOT,
    env: {},
    readyPath: '/api/rankings/branches',
    logFile: join(tmpdir(), 'bench-bare-app.log'),
  });
}
