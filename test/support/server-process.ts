import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';

export interface ServerProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** `performance.now()` when the process was spawned. */
  readonly spawnedAt: number;
  /** From spawning the process until `readyPath` first answered 200. */
  readonly startupSeconds: number;
  /** The process's peak resident set so far (the kernel's high-water mark, VmHWM), in MiB. */
  peakRssMb(): number;
  /** SIGTERM, then waits for the exit (the API's shutdown hooks close the store; a CPU profile is written). */
  stop(): Promise<void>;
  /** SIGKILL, as a power cut or the OOM killer would: no shutdown hook runs. Waits for the exit. */
  kill(): Promise<void>;
}

export interface ServerOptions {
  /** Node arguments: the script and its own arguments. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Polled until it answers 200. */
  readonly readyPath: string;
  /** Then, when given, the log is read until a line matches (the demo prints `Ready:` once its city is loaded). */
  readonly readyLine?: RegExp;
  /** The process's stdout and stderr go here. */
  readonly logFile: string;
}

const READY_POLL_MS = 50;
const READY_TIMEOUT_MS = 30 * 60_000;
const STOP_TIMEOUT_MS = 60_000;

/**
 * Starts a server as a child process on a free port, so the load generator (this process) and the server each have
 * an event loop of their own; with BENCH_CPU_PROF_DIR set, the child writes a V8 CPU profile there when it stops.
 */
export async function startServer({
  args,
  cwd,
  env,
  readyPath,
  readyLine,
  logFile,
}: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const profiling = process.env.BENCH_CPU_PROF_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
    : [];
  const log = openSync(logFile, 'a');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...profiling, ...args], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  const ready = async () =>
    (await statusOf(`${baseUrl}${readyPath}`)) === 200 && (!readyLine || readyLine.test(readFileSync(logFile, 'utf8')));
  while (!(await ready())) {
    if (gone || Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`${args.join(' ')} was not ready at ${readyPath}${gone ? ' (it exited)' : ''}:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  const startupSeconds = (performance.now() - spawnedAt) / 1000;
  const pid = child.pid!;

  return {
    baseUrl,
    pid,
    spawnedAt,
    startupSeconds,
    peakRssMb: () => {
      const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return Math.round(Number(kib) / 1024);
    },
    stop: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (gone) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The status of a GET, or 0 while nothing listens. */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
