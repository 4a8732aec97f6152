import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleBuild } from './support/build-freshness';
import { BUILT_CLI, runPasted, type CliRun as Answer } from './support/cli';
import { startServer, type ServerProcess } from './support/server-process';

/**
 * The README's journeys, run as a user would run them: the built API started with `--demo` on an empty data
 * directory, its printed `export` lines taken as pasted, then every command of every journey through a shell, in order,
 * each answer checked. A command added to the README without a check here fails the test.
 */

const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface ReadmeCommand {
  readonly journey: string;
  readonly command: string;
}

/** The commands of the ```bash blocks under `## Journeys`, with `\` continuations joined and comments left out. */
function journeyCommands(readme: string): ReadmeCommand[] {
  const section = /^## Journeys\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Journeys" section');
  const commands: ReadmeCommand[] = [];
  for (const [, journey, body] of section.matchAll(/^### (.+)\n([\s\S]*?)(?=^### |(?![\s\S]))/gm)) {
    for (const [, block] of body.matchAll(/^```bash\n([\s\S]*?)^```$/gm)) {
      const lines = block.replace(/\\\n\s*/g, '').split('\n');
      for (const line of lines.map((text) => text.trim())) {
        if (line && !line.startsWith('#')) commands.push({ journey, command: line });
      }
    }
  }
  return commands;
}

/** Values of `export NAME='value'` lines, as a shell would set them. */
function exportsOf(printed: string): Record<string, string> {
  return Object.fromEntries(
    [...printed.matchAll(/^\s*export (\w+)='([^']*)'$/gm)].map(([, name, value]) => [name, value]),
  );
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Context {
  readonly names: Record<string, string>;
  readonly workDir: string;
  /** Answers of earlier commands, by the check that took them. */
  readonly earlier: Map<string, Json>;
}

interface Check {
  readonly name: string;
  readonly matches: RegExp;
  /** Asserts on the answer; what it returns is kept for later checks under its name. */
  readonly check: (answer: Answer, context: Context) => Json | void;
}

const json = (answer: Answer): Json => {
  const body = JSON.parse(answer.stdout) as Json;
  // A problem document is a refusal, whatever the check expects.
  expect(body).not.toEqual(expect.objectContaining({ type: expect.stringMatching(/^urn:problem:/) }));
  return body;
};
const onTimeTotal = (report: Json) =>
  report.items.reduce((sum: number, item: Json) => sum + (item.completedOnTime as number), 0);

/** One check per README command, found by its text; each asserts what the command's comment promises. */
const CHECKS: readonly Check[] = [
  {
    name: 'compliance',
    matches: /\/api\/reports\/meeting-compliance\?/,
    check: (answer, { names }) => {
      const body = json(answer);
      const findings = body.items.flatMap((item: Json) => item.findings);
      expect(findings).toContainEqual(expect.objectContaining({ code: 'QUORUM_NOT_MET' }));
      expect(body.items.map((item: Json) => item.unitId)).toContain(names.BRANCH);
    },
  },
  {
    name: 'trail',
    matches: /\/api\/audit\/events\?unitId=\$BRANCH/,
    check: (answer) => {
      const { items } = json(answer);
      expect(items).toHaveLength(20);
      for (const event of items) expect(event).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    },
  },
  {
    name: 'replay',
    matches: /\/api\/audit\/streams\/meeting-\$MEETING\/replay/,
    check: (answer) => {
      const { steps } = json(answer);
      expect(steps.map((step: Json) => step.type)).toEqual(['MeetingHeld', 'MeetingRecordCorrected']);
      expect(steps[1]).toMatchObject({ actor: { roles: ['secretary'] }, reason: expect.any(String) });
    },
  },
  {
    name: 'verification',
    matches: /-X POST "\$API\/api\/audit\/verification"/,
    check: (answer) =>
      expect(json(answer)).toMatchObject({ ok: true, problems: [], eventsChecked: expect.any(Number) }),
  },
  {
    name: 'seal',
    matches: /-X POST "\$API\/api\/audit\/seals"/,
    check: (answer) => expect(json(answer)).toMatchObject({ digest: expect.stringMatching(/^[0-9a-f]{64}$/) }),
  },
  {
    name: 'export',
    matches: /\/api\/audit\/export\?format=ndjson&unitId=\$BRANCH.* -o trail\.ndjson$/,
    check: (answer, { workDir }) => {
      expect(answer.stdout).toBe('');
      const lines = readFileSync(join(workDir, 'trail.ndjson'), 'utf8').trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(20);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ streamId: expect.any(String) });
    },
  },
  {
    name: 'offline verification',
    matches: /^node dist\/apps\/cli\/main\.js audit verify$/,
    check: (answer) => expect(JSON.parse(answer.stdout)).toMatchObject({ ok: true, problems: [] }),
  },
  {
    name: 'ranking',
    matches: /\/api\/rankings\/branches\?periodId=\$PERIOD&hospitalId=\$HOSPITAL&limit=10"/,
    check: (answer, { names }) => {
      const body = json(answer);
      expect(body).toMatchObject({ periodId: names.PERIOD, closed: true });
      expect(body.items).toHaveLength(10);
      expect(body.items[0]).toMatchObject({ rank: 1, stars: expect.any(Number), total: expect.any(Number) });
    },
  },
  {
    name: 'clinical ranking',
    matches: /\/api\/rankings\/branches\?.*&category=clinical&limit=5"/,
    check: (answer) => {
      const { items } = json(answer);
      expect(items).toHaveLength(5);
      expect(new Set(items.map((item: Json) => item.category))).toEqual(new Set(['clinical']));
    },
  },
  {
    name: 'fund',
    matches: /\/api\/reports\/performance-fund\?.*&amount=750000"/,
    check: (answer) => {
      const body = json(answer);
      expect(body.amountFen).toBe(75_000_000);
      expect(body.items.reduce((sum: number, item: Json) => sum + item.shareFen, 0)).toBe(75_000_000);
    },
  },
  {
    name: 'member points',
    matches: /\/api\/rankings\/members\?hospitalId=\$HOSPITAL&year=\$YEAR&limit=10"/,
    check: (answer) => {
      const { items } = json(answer);
      expect(items).toHaveLength(10);
      expect(items[0]).toMatchObject({ rank: 1 });
    },
  },
  {
    name: 'follow-ups',
    matches: /\/api\/reports\/follow-ups\?.*Bearer \$READER"/,
    check: (answer) => {
      const body = json(answer);
      expect(body).toMatchObject({ followUpWindowDays: 7 });
      expect(onTimeTotal(body)).toBeGreaterThan(0);
      return body;
    },
  },
  {
    name: 'policy',
    matches: /^curl -s "\$API\/api\/hospitals\/\$HOSPITAL\/policy" -H "Authorization: Bearer \$ADMIN"$/,
    check: (answer) => expect(json(answer)).toMatchObject({ policy: { followUpWindowDays: 7 } }),
  },
  {
    name: 'policy change',
    matches: /-X POST "\$API\/api\/hospitals\/\$HOSPITAL\/policy"/,
    check: (answer) => expect(json(answer)).toMatchObject({ events: [{ type: 'HospitalPolicySet' }] }),
  },
  {
    name: 'follow-ups re-judged',
    matches: /\/api\/reports\/follow-ups\?.*Bearer \$ADMIN"/,
    check: (answer, { earlier }) => {
      const body = json(answer);
      expect(body).toMatchObject({ followUpWindowDays: 10 });
      // A longer window can only put more completed calls on time.
      expect(onTimeTotal(body)).toBeGreaterThanOrEqual(onTimeTotal(earlier.get('follow-ups')!));
    },
  },
  {
    name: 'CLI rebuild',
    matches: /^node dist\/apps\/cli\/main\.js projections rebuild follow-up-stats --url "\$API"$/,
    check: (answer) => expect(answer.stdout).toMatch(/^Rebuilt follow-up-stats version \d+ .*: \d+ events$/m),
  },
  {
    name: 'HTTP rebuild',
    matches: /-X POST "\$API\/api\/admin\/projections\/meetings\/rebuild"/,
    check: (answer) => {
      const body = json(answer);
      expect(body).toMatchObject({ rebuildId: expect.any(String) });
      return body;
    },
  },
  {
    name: 'rebuild progress',
    matches: /^curl -s "\$API\/api\/admin\/projections\/meetings" /,
    check: (answer, { earlier }) =>
      expect(json(answer)).toMatchObject({
        name: 'meetings',
        rebuild: { rebuildId: earlier.get('HTTP rebuild')!.rebuildId, processed: expect.any(Number) },
      }),
  },
];

describe('the README’s journeys, run as written against the demo', () => {
  const commands = journeyCommands(README);
  const dataDir = mkdtempSync(join(tmpdir(), 'readme-data-'));
  const workDir = mkdtempSync(join(tmpdir(), 'readme-cwd-'));
  let server: ServerProcess;
  let names: Record<string, string>;
  const earlier = new Map<string, Json>();

  beforeAll(async () => {
    const stale = staleBuild(join(ROOT, 'dist/apps/api/main.js')) ?? staleBuild(BUILT_CLI);
    if (stale) throw new Error(`${stale}: run \`npm run build\` (npm test does it first)`);
    // The commands name `dist/…` from the repository root; files they write land in a scratch directory instead.
    symlinkSync(join(ROOT, 'dist'), join(workDir, 'dist'));
    const logFile = join(dataDir, 'demo.log');
    server = await startServer({
      args: [join(ROOT, 'dist/apps/api/main.js'), '--demo'],
      cwd: ROOT,
      env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' },
      readyPath: '/health',
      readyLine: /^Ready: /m,
      logFile,
    });
    names = exportsOf(readFileSync(logFile, 'utf8'));
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it('finds three journeys, and a check for every command in them', () => {
    expect(new Set(commands.map(({ journey }) => journey)).size).toBe(3);
    const unchecked = commands.filter(({ command }) => CHECKS.filter((c) => c.matches.test(command)).length !== 1);
    expect(unchecked).toEqual([]);
  });

  it('has the demo print every name the journeys use', () => {
    const used = new Set(commands.flatMap(({ command }) => [...command.matchAll(/\$(\w+)/g)].map(([, name]) => name)));
    expect([...used].filter((name) => names[name] === undefined)).toEqual([]);
  });

  it.each(commands.map((command, index) => [index + 1, command.journey, command.command] as const))(
    'command %i (%s): %s',
    async (_, __, command) => {
      const { name, check } = CHECKS.find((c) => c.matches.test(command))!;
      const answer = await runPasted(command, workDir, names);
      expect({ status: answer.status, stderr: answer.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
      const kept = check(answer, { names, workDir, earlier });
      if (kept) earlier.set(name, kept);
    },
    120_000,
  );
});
