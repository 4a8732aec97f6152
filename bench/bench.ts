/**
 * `npm run bench`: issue 7's figures on the demo city (`BENCH_SCALE`, default `city`: about a million events), each
 * beside the ceiling measured in the same run on the same machine: the rebuild (bench/rebuild.bench.ts), then the
 * HTTP figures (bench/http.bench.ts) against the built API. Writes `bench/results/latest.json` and the goals table
 * to `bench/results/latest.md`.
 */
import type { DemoScale } from '@app/demo';
import { cityDataDir } from './city-log';
import { httpFigures } from './http.bench';
import { rebuildFigures } from './rebuild.bench';
import { goalsTable, runContext, writeResults } from './support/results';
import { ensureApiBuilt } from './support/servers';

async function main(): Promise<void> {
  ensureApiBuilt();
  const scale = (process.env.BENCH_SCALE ?? 'city') as DemoScale;
  const dataDir = await cityDataDir(scale);
  console.log('Measuring the rebuild…');
  const rebuild = await rebuildFigures(dataDir);
  const results = { ...runContext(), scale, ...rebuild, ...(await httpFigures(dataDir, scale)) };
  const table = goalsTable(results);
  const { date, machine, node, events } = results;
  const markdown = [
    `Demo city at scale \`${scale}\`, ${events.toLocaleString('en')} events; ${date}; ${machine.cpus} × ${machine.cpuModel},`,
    `${machine.memoryGiB} GiB, load average ${machine.loadAverage1m} at the start; Node ${node}. The goals are set for`,
    'the city scale (about 1M events).',
    '',
    table,
  ].join('\n');
  writeResults('latest', results, markdown);
  console.log(`\n${markdown}`);
}

void main();
