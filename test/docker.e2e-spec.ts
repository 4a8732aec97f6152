import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs where the suites run, so the compose file and the Dockerfile are checked as text against
 * what Docker would do with them; where a Compose client exists, it validates the file as well.
 */
const ROOT = join(__dirname, '..');
const COMPOSE_FILE = join(ROOT, 'docker', 'docker-compose.yml');

interface Healthcheck {
  test: string | string[];
}
interface Service {
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string | null>;
  volumes?: string[];
  healthcheck?: Healthcheck;
  depends_on?: Record<string, unknown>;
}
const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const { eventstoredb, mongodb, api } = compose.services;
const healthcheckText = (service: Service) => [service.healthcheck?.test ?? []].flat().join(' ');

/** Dockerfile instructions, continuation lines joined and comments dropped: [keyword, arguments]. */
const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return [keyword.toUpperCase(), rest.join(' ')] as const;
  });
const finalStage = dockerfile.slice(dockerfile.findLastIndex(([keyword]) => keyword === 'FROM'));
const dataDir = /(?:^|\s)DATA_DIR=(\S+)/.exec(
  finalStage
    .filter(([keyword]) => keyword === 'ENV')
    .map(([, args]) => args)
    .join(' '),
)?.[1];

/** Every string in the parsed file: Compose interpolates them all, whichever services a command names. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** A Compose client, v2 plugin or v1 standalone, if this machine has one; `config` needs no engine. */
function composeClient(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    if (spawnSync(command[0], [...command.slice(1), 'version'], { stdio: 'ignore' }).status === 0) return command;
  }
  return undefined;
}

describe('docker/ works on a machine with Docker', () => {
  it('starts the servers alone without any variable set: the API is behind a profile and nothing is required', () => {
    // `${VAR:?message}` and `${VAR?message}` fail every command while VAR is unset, since the whole file is
    // interpolated before services are picked; `$$` is a literal dollar.
    const required = strings(compose).filter((text) => /(?<!\$)\$\{[A-Za-z_]\w*:?\?/.test(text));
    expect(required).toEqual([]);
    expect(eventstoredb.profiles).toBeUndefined();
    expect(mongodb.profiles).toBeUndefined();
    expect(api.profiles).toEqual(['api']);
    // The API's secret comes from the shell untouched; unset, the API itself refuses to start and says why.
    expect(api.environment).toHaveProperty('AUTH_JWT_SECRET', null);

    const client = composeClient();
    if (client) {
      const { AUTH_JWT_SECRET: _unset, ...environment } = process.env;
      for (const profile of [[], ['--profile', 'api']]) {
        const run = spawnSync(client[0], [...client.slice(1), '-f', COMPOSE_FILE, ...profile, 'config', '--quiet'], {
          env: environment,
          encoding: 'utf8',
        });
        expect({ profile, status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
      }
    }
  });

  it('reports MongoDB healthy only once it is a writable PRIMARY of the replica set the API names', () => {
    const check = healthcheckText(mongodb);
    expect(check).toMatch(/rs\.initiate\(/);
    // mongosh exits 0 whatever the expression yields: the check must exit non-zero itself.
    expect(check).toMatch(/if \(!db\.hello\(\)\.isWritablePrimary\) quit\(1\)/);
    const replicaSet = mongodb.command?.[mongodb.command.indexOf('--replSet') + 1];
    expect(check).toContain(`_id: '${replicaSet}'`);
    expect(api.environment?.MONGODB_URI).toContain(`replicaSet=${replicaSet}`);
  });

  it('keeps each server’s data, the API’s and its signing key in named volumes declared at the top level', () => {
    expect(dataDir).toBeDefined();
    const mounts: [Service, string][] = [
      [eventstoredb, '/var/lib/eventstore'],
      [mongodb, '/data/db'],
      [api, dataDir!],
      // Where the API generates its audit signing key when AUDIT_SIGNING_KEY_FILE is unset: <DATA_DIR>-keys.
      [api, `${dataDir}-keys`],
    ];
    const sources = mounts.map(([service, target]) => {
      const mount = service.volumes?.map((volume) => volume.split(':')).find(([, path]) => path === target);
      expect({ target, mounted: mount !== undefined }).toEqual({ target, mounted: true });
      const [source] = mount!;
      // A name, not a host path (./x, /x, ~/x), so Docker manages it and `down` keeps it.
      expect(source).toMatch(/^[a-zA-Z0-9][\w.-]*$/);
      expect(Object.keys(compose.volumes ?? {})).toContain(source);
      return source;
    });
    // The key never sits in the data volume: a copy of the data does not carry it.
    expect(new Set(sources).size).toBe(sources.length);
    expect(api.environment).not.toHaveProperty('AUDIT_SIGNING_KEY_FILE');
  });

  it('checks the API’s readiness with Node itself, the slim image having no curl', () => {
    const test = [api.healthcheck?.test ?? []].flat();
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test[3]).toContain(`http://localhost:${api.environment?.PORT}/health/ready`);
    expect(() => new Function(test[3])).not.toThrow();
    // Waiting on the API waits on its servers' health first.
    expect(api.depends_on).toEqual({
      eventstoredb: { condition: 'service_healthy' },
      mongodb: { condition: 'service_healthy' },
    });
  });

  it('builds on a current LTS Node that better-sqlite3 supports', () => {
    const bases = dockerfile.filter(([keyword]) => keyword === 'FROM').map(([, args]) => args);
    expect(bases.length).toBeGreaterThan(0);
    const { engines } = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'));
    for (const base of bases) {
      const major = Number(/^node:(\d+)-/.exec(base)?.[1]);
      // Even majors become LTS; Node 20 reached its end of life on 2026-04-30.
      expect({ base, major: major % 2 === 0 && major >= 22 }).toEqual({ base, major: true });
      // better-sqlite3 lists the majors it supports, e.g. "20.x || 22.x || 24.x".
      expect((engines.node as string).split('||').map((range) => range.trim())).toContain(`${major}.x`);
    }
  });

  it.each([
    ['data directory', ''],
    ['signing key directory', '-keys'],
  ])('gives the image a %s the node user owns, declared a volume, and runs as that user', (_name, suffix) => {
    const index = (keyword: string, pattern: RegExp) =>
      finalStage.findIndex(([candidate, args]) => candidate === keyword && pattern.test(args));
    const escaped = `${dataDir!}${suffix}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const created = index('RUN', new RegExp(`mkdir -p .*${escaped}(\\s|$).*chown (-R )?node:node .*${escaped}(\\s|$)`));
    const volume = index('VOLUME', new RegExp(`^\\[?"?${escaped}"?\\]?$`));
    const user = index('USER', /^node$/);
    expect(created).toBeGreaterThan(0);
    // Docker discards changes a later step makes inside a declared volume, so the chown must come first.
    expect(volume).toBeGreaterThan(created);
    expect(user).toBeGreaterThan(created);
  });

  it('keeps the signing key directory to the node user alone', () => {
    const escaped = `${dataDir!}-keys`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    expect(
      finalStage.some(([keyword, args]) => keyword === 'RUN' && new RegExp(`chmod 700 ${escaped}(\\s|$)`).test(args)),
    ).toBe(true);
  });

  it('sends the build no local state: .dockerignore covers what git ignores, bench/.cache included', () => {
    const lines = (file: string) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
    const ignored = new Set(lines('.dockerignore'));
    for (const name of ['bench/.cache', 'node_modules', 'dist', 'data', 'reports', 'coverage', '.git']) {
      expect({ name, ignored: ignored.has(name) }).toEqual({ name, ignored: true });
    }
    for (const pattern of lines('.gitignore')) {
      const path = pattern.replace(/^\//, '').replace(/\/$/, '');
      // Git matches a pattern without an inner slash at any depth; .dockerignore only where it is written.
      const accepted = pattern.replace(/\/$/, '').includes('/') ? [path] : [path, `**/${path}`];
      expect({ pattern, ignored: accepted.some((candidate) => ignored.has(candidate)) }).toEqual({
        pattern,
        ignored: true,
      });
    }
  });
});
