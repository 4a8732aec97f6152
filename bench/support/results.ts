import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export type Figures = Readonly<Record<string, unknown>>;

/**
 * Where and when a run happened: figures only compare with ceilings of the same run on the same machine. The load
 * average when it began tells whether anything else was competing for the cores.
 */
export function runContext() {
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage1m: Number(loadavg()[0].toFixed(2)),
    },
    node: process.version,
  };
}

interface Goal {
  readonly figure: string | ((results: Figures) => string);
  readonly key: string;
  readonly ceilingKey?: string;
  readonly goal: string;
  readonly met?: (value: number, ceiling: number) => boolean;
}

/** Issue 7's goals, each figure beside the ceiling it is judged against. */
const GOALS: readonly Goal[] = [
  {
    figure: 'commands/s, 50 connections, durable',
    key: 'commandsPerSec',
    ceilingKey: 'ceilingValidatedPostPerSec',
    goal: '≥ 12,000 and ≥ 0.8× ceiling',
    met: (value, ceiling) => value >= 12_000 && value >= 0.8 * ceiling,
  },
  { figure: 'command p99, ms', key: 'commandP99Ms', goal: '≤ 20', met: (value) => value <= 20 },
  {
    figure: 'rebuild events/s, all projections',
    key: 'rebuildEventsPerSec',
    ceilingKey: 'ceilingReadParseFoldPerSec',
    goal: '≥ 200,000 and ≥ 0.7× ceiling',
    met: (value, ceiling) => value >= 200_000 && value >= 0.7 * ceiling,
  },
  {
    figure: 'ranking queries/s, 50 connections',
    key: 'rankingQueriesPerSec',
    ceilingKey: 'ceilingGetPerSec',
    goal: '—',
  },
  { figure: 'ranking query p99, ms', key: 'rankingQueryP99Ms', goal: '≤ 5', met: (value) => value <= 5 },
  {
    figure: (results) =>
      `projection lag p99, ms, at ${format(results.lagOfferedCommandsPerSec as number)} commands/s offered ` +
      `(${format(results.lagAnsweredCommandsPerSec as number)}/s answered)`,
    key: 'projectionLagP99Ms',
    goal: '≤ 50',
    met: (value) => value <= 50,
  },
  { figure: 'start-up until ready, s', key: 'startupSeconds', goal: '≤ 10', met: (value) => value <= 10 },
  { figure: 'peak RSS until ready, MiB', key: 'peakRssMb', goal: '≤ 1,536 (1.5 GiB)', met: (value) => value <= 1536 },
];

const format = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 1 });

/** The markdown table of the goals whose figures `results` holds: figure, value, ceiling, ratio, goal, met. */
export function goalsTable(results: Figures): string {
  const rows = GOALS.filter(({ key }) => typeof results[key] === 'number').map(
    ({ figure, key, ceilingKey, goal, met }) => {
      const value = results[key] as number;
      const ceiling = ceilingKey ? (results[ceilingKey] as number | undefined) : undefined;
      const ratio = ceiling ? `${(value / ceiling).toFixed(2)}×` : '—';
      const verdict = met ? (met(value, ceiling ?? Number.NaN) ? 'yes' : '**no**') : '—';
      const label = typeof figure === 'string' ? figure : figure(results);
      return `| ${label} | ${format(value)} | ${ceiling === undefined ? '—' : format(ceiling)} | ${ratio} | ${goal} | ${verdict} |`;
    },
  );
  const table = ['| figure | value | ceiling | ratio | goal | met? |', '|---|---:|---:|---:|---|---|', ...rows];
  return [...table, '', ...unansweredNotes(results)].join('\n');
}

/**
 * Every request of a load should be answered 2xx: the refusals (by status and problem code), errors and timeouts,
 * and the backlog left when a paced load stopped, so that no figure hides them.
 */
function unansweredNotes(results: Figures): string[] {
  const notes = Object.entries(results).flatMap(([key, value]) => {
    if (/Refused$/.test(key) && Object.keys(value as object).length > 0) return [`${key}: ${JSON.stringify(value)}`];
    if (/Errors$/.test(key) && value !== 0) return [`${key} (connection errors, timeouts after 10 s): ${value}`];
    if (/Backlog$/.test(key) && value !== 0) {
      return [`${key} (due from the paced load but waiting for a connection when it stopped): ${value}`];
    }
    return [];
  });
  return notes.length > 0 ? notes.map((note) => `- ${note}`) : ['Every request was answered 2xx.'];
}

/** Writes `bench/results/<name>.json`, and `<name>.md` when given. */
export function writeResults(name: string, results: Figures, markdown?: string): void {
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  if (markdown !== undefined) writeFileSync(join(dir, `${name}.md`), `${markdown}\n`);
}
