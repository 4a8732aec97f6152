/**
 * `npm run bench:rebuild`: a full rebuild of every projection over the demo city's log (`--scale city`, about 1M
 * events), beside the ceiling measured in the same run: raw better-sqlite3 reading the same rows, JSON.parse of
 * data and metadata, and a trivial fold (events per type). Writes `bench/results/rebuild-latest.json`.
 *
 * The log is loaded once through the API (the demo's command path) into `bench/.cache/city-<scale>` and reused.
 */
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { MemoryReadModelStore, Projector } from '@app/read-models';
import { domainUpcasters } from '@app/domain';
import { openEventStore, upcastingEventStore } from '@app/event-store';
import { projections } from '../apps/api/src/projections';
import type { DemoScale } from '@app/demo';
import { cityDataDir } from './city-log';

const SCALE = (process.env.BENCH_SCALE ?? 'city') as DemoScale;
const PAGE = 10_000;

/** The ceiling: the same rows, parsed, folded into counts per type, with nothing of this codebase. */
function readParseFold(file: string): { events: number; seconds: number } {
  const db = new Database(file, { readonly: true });
  const page = db
    .prepare<[number, number], [number, string, string, string]>(
      'SELECT position, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .raw(true);
  const counts = new Map<string, number>();
  const started = process.hrtime.bigint();
  let events = 0;
  for (let after = 0; ;) {
    const rows = page.all(after, PAGE);
    if (rows.length === 0) break;
    for (const [, type, data, metadata] of rows) {
      JSON.parse(data);
      JSON.parse(metadata);
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    events += rows.length;
    after = rows[rows.length - 1][0];
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return { events, seconds };
}

/** Every projection the API hosts, from position 0 into an empty store, as start-up and a rebuild do. */
async function rebuildAll(file: string): Promise<{ events: number; seconds: number; peakRssMb: number }> {
  const raw = openEventStore({ kind: 'sqlite', filename: file });
  const events = upcastingEventStore(raw, domainUpcasters);
  const readModels = new MemoryReadModelStore();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = process.hrtime.bigint();
  await new Projector(events, readModels, projections, { maxBatchSize: 1000 }).replay(() => true);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  // Replay pages without waiting on I/O, so the sampler may not have run since it began: the end counts too.
  peak = Math.max(peak, process.memoryUsage().rss);
  const count = Number(await raw.headPosition());
  await raw.close();
  return { events: count, seconds, peakRssMb: Math.round(peak / 2 ** 20) };
}

/** The rebuild figures of the log in `dataDir`, each beside its ceiling from the same run. */
export async function rebuildFigures(dataDir: string) {
  const file = join(dataDir, 'events.sqlite');
  const ceiling = readParseFold(file);
  const rebuild = await rebuildAll(file);
  return {
    events: rebuild.events,
    projections: projections.map((projection) => projection.name),
    rebuildEventsPerSec: Math.round(rebuild.events / rebuild.seconds),
    ceilingReadParseFoldPerSec: Math.round(ceiling.events / ceiling.seconds),
    rebuildSeconds: Number(rebuild.seconds.toFixed(1)),
    rebuildPeakRssMb: rebuild.peakRssMb,
  };
}

async function main(): Promise<void> {
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
    node: process.version,
    scale: SCALE,
    ...(await rebuildFigures(await cityDataDir(SCALE))),
  };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'rebuild-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    [
      '| figure | ours | ceiling (raw read + parse + fold) | ratio |',
      '|---|---:|---:|---:|',
      `| rebuild events/s, all ${projections.length} projections, ${results.events.toLocaleString('en')} events | ${results.rebuildEventsPerSec.toLocaleString('en')} | ${results.ceilingReadParseFoldPerSec.toLocaleString('en')} | ${(results.rebuildEventsPerSec / results.ceilingReadParseFoldPerSec).toFixed(2)}× |`,
    ].join('\n'),
  );
  console.log(`rebuild took ${results.rebuildSeconds} s, peak RSS ${results.rebuildPeakRssMb} MB`);
}

if (require.main === module) void main();
