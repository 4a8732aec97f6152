/**
 * `npm run bench:http`: issue 7's HTTP figures over the demo city (`BENCH_SCALE`, default `city`), each beside the
 * ceiling measured in the same run: the API runs as a child process (`node dist/apps/api/main.js`, as deployed) on
 * a scratch copy of the city's data directory, and the load comes from this process (autocannon, in process: its
 * worker threads gained nothing here). The server's work runs on one thread, so on a 2-core machine the generator
 * has the other core; against the bare GET route it needs most of it (0.9 of a core at ~10k requests/s), so that
 * ceiling is partly the generator's, while commands and queries leave it mostly idle. Writes
 * `bench/results/http-latest.json`. `BENCH_HTTP_SECONDS` (default 20) shortens a run; `BENCH_HTTP_FIGURES`
 * (`startup,commands,ranking,lag`) picks some; `BENCH_LAG_COMMANDS_PER_SEC` (default 5000) sets the lag's load;
 * `BENCH_CPU_PROF_DIR` makes each server write a CPU profile there (summarise it with support/cpu-profile-summary.ts);
 * `BENCH_LOG_LEVEL` overrides the API's log level (default: as deployed, `info`, one line per request).
 */
import type { DemoScale } from '@app/demo';
import { Agent } from 'node:http';
import { cityDataDir } from './city-log';
import { CityWorkload, type BenchRequest } from './support/city-workload';
import { closedLoad, pacedLoad, send, type LoadResult } from './support/load';
import { goalsTable, runContext, writeResults } from './support/results';
import type { ServerProcess } from '../test/support/server-process';
import { copyDataDir, ensureApiBuilt, startApi, startBareApp } from './support/servers';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 20);
const QUERY_SECONDS = Math.ceil(SECONDS / 2);
/** Each load starts with this much unmeasured load, so both sides are measured with warm JITs and caches. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = 50;
/** Issue 7 asks for 5,000; lower rates show the lag of a server that keeps up. */
const LAG_COMMANDS_PER_SEC = Number(process.env.BENCH_LAG_COMMANDS_PER_SEC ?? 5000);
const FOLLOW_UPS_PER_ROUND = 500;
/** Attempts on the bare app, which stores nothing, may name any follow-up. */
const ANY_FOLLOW_UPS = 1000;

const sequence = (make: (n: number) => BenchRequest) => {
  let n = 0;
  return () => make(n++);
};

/** With BENCH_CPU_PROF_DIR set: where the measured load starts in the server's profile (cpu-profile-summary's skip). */
function markProfile(server: ServerProcess): void {
  if (!process.env.BENCH_CPU_PROF_DIR) return;
  const seconds = (performance.now() - server.spawnedAt) / 1000;
  console.log(`  CPU profile of pid ${server.pid}: measured load from ${seconds.toFixed(1)} s after spawn`);
}

/** A closed load after a warm-up of the same requests. */
async function measuredLoad(server: ServerProcess, seconds: number, next: () => BenchRequest): Promise<LoadResult> {
  await closedLoad({ baseUrl: server.baseUrl, connections: CONNECTIONS, seconds: WARMUP_SECONDS, next });
  markProfile(server);
  return closedLoad({ baseUrl: server.baseUrl, connections: CONNECTIONS, seconds, next });
}

/** Runs `use` against the API started on a scratch copy of `dataDir`, then stops it and removes the copy. */
async function withApi<T>(dataDir: string, use: (api: ServerProcess) => Promise<T>): Promise<T> {
  const scratch = copyDataDir(dataDir);
  let api: ServerProcess | undefined;
  try {
    api = await startApi(scratch.dir);
    return await use(api);
  } finally {
    await api?.stop();
    scratch.remove();
  }
}

async function withBareApp<T>(use: (bare: ServerProcess) => Promise<T>): Promise<T> {
  const bare = await startBareApp();
  try {
    return await use(bare);
  } finally {
    await bare.stop();
  }
}

/**
 * Schedules follow-ups for attempts to go to, in rounds of FOLLOW_UPS_PER_ROUND for the warm-up's length: as many
 * as the server takes, so each gets a few attempts in the measured load at whatever rate the server runs, and the
 * server is warm. Not measured. A server fresh from start-up answers its first requests slowly (cold code, and at
 * city scale a busy start), so this waits longer for an answer than a measured load would.
 */
async function scheduleFollowUps(baseUrl: string, workload: CityWorkload): Promise<number> {
  const next = sequence((n) => workload.scheduleFollowUp(n));
  const until = performance.now() + WARMUP_SECONDS * 1000;
  let scheduled = 0;
  do {
    const round = await closedLoad({
      baseUrl,
      connections: CONNECTIONS,
      amount: FOLLOW_UPS_PER_ROUND,
      timeoutSeconds: 120,
      next,
    });
    if (Object.keys(round.refused).length > 0 || round.errors > 0) {
      throw new Error(`scheduling follow-ups was refused: ${JSON.stringify(round)}`);
    }
    scheduled += FOLLOW_UPS_PER_ROUND;
  } while (performance.now() < until);
  return scheduled;
}

/** Start-up on the city's log: from spawning the API until `/health/ready` answers 200, and its peak RSS by then. */
export async function startupFigures(dataDir: string) {
  return withApi(dataDir, async (api) => ({
    startupSeconds: Number(api.startupSeconds.toFixed(1)),
    peakRssMb: api.peakRssMb(),
  }));
}

/**
 * 50 connections posting valid meetings and follow-up attempts in turn (every one answered 201 and fsynced before
 * the answer), beside the bare app validating the same bodies with the same ValidationPipe.
 */
export async function commandFigures(dataDir: string, scale: DemoScale) {
  const workload = await CityWorkload.open(dataDir, scale);
  const ceiling = await withBareApp((bare) =>
    measuredLoad(
      bare,
      SECONDS,
      sequence((n) => workload.command(n, ANY_FOLLOW_UPS)),
    ),
  );
  const commands = await withApi(dataDir, async (api) => {
    const followUps = await scheduleFollowUps(api.baseUrl, workload);
    return measuredLoad(
      api,
      SECONDS,
      sequence((n) => workload.command(n, followUps)),
    );
  });
  return {
    commandsPerSec: commands.okPerSec,
    commandP50Ms: commands.p50Ms,
    commandP99Ms: commands.p99Ms,
    commandRefused: commands.refused,
    commandErrors: commands.errors,
    ceilingValidatedPostPerSec: ceiling.okPerSec,
    ceilingValidatedPostP99Ms: ceiling.p99Ms,
  };
}

/** 50 connections on the branch ranking of a closed period, beside a bare GET route. */
export async function rankingFigures(dataDir: string, scale: DemoScale) {
  const workload = await CityWorkload.open(dataDir, scale);
  const query = () => workload.rankingQuery();
  const ceiling = await withBareApp((bare) => measuredLoad(bare, QUERY_SECONDS, query));
  const ranking = await withApi(dataDir, async (api) => {
    const agent = new Agent({ keepAlive: true });
    const sample = await send(agent, api.baseUrl, query());
    agent.destroy();
    const items = sample.status === 200 ? (JSON.parse(sample.body) as { items: unknown[] }).items.length : 0;
    if (items === 0) throw new Error(`the ranking query answered ${sample.status} without items: ${sample.body}`);
    return measuredLoad(api, QUERY_SECONDS, query);
  });
  return {
    rankingQueriesPerSec: ranking.okPerSec,
    rankingQueryP50Ms: ranking.p50Ms,
    rankingQueryP99Ms: ranking.p99Ms,
    rankingRefused: ranking.refused,
    rankingErrors: ranking.errors,
    ceilingGetPerSec: ceiling.okPerSec,
    ceilingGetP99Ms: ceiling.p99Ms,
  };
}

/**
 * Append-to-visible delay while 5,000 commands/s arrive at a steady pace. A probe, on a connection of its own,
 * posts a meeting and, the moment the 201 (sent after the commit) is in, reads one org unit with `minPosition` set
 * to the meeting's position; the server holds that read until every projection has applied the position. The lag
 * sample is the time from the 201's arrival to the read's answer, so it includes one read's round trip: the same
 * read without `minPosition`, sent right after, gives that floor (`projectionLagReadP99Ms`). Probes run back to
 * back after the warm-up until the load stops.
 */
export async function projectionLagFigures(dataDir: string, scale: DemoScale) {
  const workload = await CityWorkload.open(dataDir, scale);
  return withApi(dataDir, async (api) => {
    const followUps = await scheduleFollowUps(api.baseUrl, workload);
    const load = pacedLoad({
      baseUrl: api.baseUrl,
      perSecond: LAG_COMMANDS_PER_SEC,
      connections: CONNECTIONS,
      next: sequence((n) => workload.command(n, followUps)),
    });
    await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));
    markProfile(api);
    const probe = new Agent({ keepAlive: true, maxSockets: 1 });
    const lags: number[] = [];
    const reads: number[] = [];
    const probeRefused: Record<string, number> = {};
    const refuse = (status: number) => (probeRefused[status] = (probeRefused[status] ?? 0) + 1);
    const end = performance.now() + SECONDS * 1000;
    for (let n = 0; performance.now() < end; n++) {
      const write = await send(probe, api.baseUrl, workload.meeting(n));
      const committed = performance.now();
      if (write.status !== 201) {
        refuse(write.status);
        continue;
      }
      const { position } = JSON.parse(write.body) as { position: string };
      const visible = await send(probe, api.baseUrl, workload.orgUnitRead(n, position));
      if (visible.status !== 200) refuse(visible.status);
      lags.push(performance.now() - committed);
      const readStarted = performance.now();
      await send(probe, api.baseUrl, workload.orgUnitRead(n));
      reads.push(performance.now() - readStarted);
    }
    probe.destroy();
    const driven = load.stop();
    return {
      projectionLagP99Ms: percentile(lags, 0.99),
      projectionLagP50Ms: percentile(lags, 0.5),
      projectionLagReadP99Ms: percentile(reads, 0.99),
      projectionLagSamples: lags.length,
      lagOfferedCommandsPerSec: LAG_COMMANDS_PER_SEC,
      lagAnsweredCommandsPerSec: driven.okPerSec,
      lagRefused: { ...driven.refused, ...probeRefused },
      lagErrors: driven.errors,
      lagBacklog: driven.backlog,
    };
  });
}

function percentile(samples: readonly number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))].toFixed(1));
}

const FIGURES = {
  startup: startupFigures,
  commands: commandFigures,
  ranking: rankingFigures,
  lag: projectionLagFigures,
};

/** The HTTP figures named by BENCH_HTTP_FIGURES (all by default), one after another so none shares the CPU. */
export async function httpFigures(dataDir: string, scale: DemoScale) {
  const names = (process.env.BENCH_HTTP_FIGURES ?? Object.keys(FIGURES).join(',')).split(',');
  let figures: Record<string, unknown> = {};
  for (const name of names) {
    const measure = FIGURES[name as keyof typeof FIGURES];
    if (!measure) throw new Error(`BENCH_HTTP_FIGURES: ${name} is not one of ${Object.keys(FIGURES).join(', ')}`);
    console.log(`Measuring ${name}…`);
    figures = { ...figures, ...(await measure(dataDir, scale)) };
  }
  return figures;
}

async function main(): Promise<void> {
  ensureApiBuilt();
  const scale = (process.env.BENCH_SCALE ?? 'city') as DemoScale;
  const dataDir = await cityDataDir(scale);
  const { events } = await CityWorkload.open(dataDir, scale);
  const results = { ...runContext(), scale, events, httpSeconds: SECONDS, ...(await httpFigures(dataDir, scale)) };
  writeResults('http-latest', results);
  console.log(goalsTable(results));
}

if (require.main === module) void main();
