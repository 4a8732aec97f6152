import autocannon from 'autocannon';
import { request, Agent } from 'node:http';
import type { BenchRequest } from './city-workload';

export interface LoadResult {
  /** 2xx answers per second over the run. */
  readonly okPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Non-2xx answers by `<status> <problem code>`; a benchmark of valid requests should have none. */
  readonly refused: Readonly<Record<string, number>>;
  /** Connection errors and timeouts. */
  readonly errors: number;
}

export interface ClosedLoadOptions {
  readonly baseUrl: string;
  readonly connections: number;
  /** Either a duration or a number of requests. */
  readonly seconds?: number;
  readonly amount?: number;
  /** A request unanswered this long counts as an error; autocannon's default is 10. */
  readonly timeoutSeconds?: number;
  /** The next request to send, on whichever connection is free. */
  readonly next: () => BenchRequest;
}

/**
 * Closed-loop load with autocannon: each connection sends its next request as soon as the previous one is
 * answered. Latencies are autocannon's, whole milliseconds from the request's write to its answer.
 */
export async function closedLoad({
  baseUrl,
  connections,
  seconds,
  amount,
  timeoutSeconds,
  next,
}: ClosedLoadOptions): Promise<LoadResult> {
  const refused: Record<string, number> = {};
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...(amount === undefined ? { duration: seconds } : { amount }),
    ...(timeoutSeconds === undefined ? {} : { timeout: timeoutSeconds }),
    requests: [
      {
        setupRequest: (defaults) => {
          const request = next();
          // autocannon writes Content-Length into the headers it is given: a shared object would carry it over.
          return { ...defaults, ...request, headers: { ...request.headers } };
        },
        onResponse: (status, body) => {
          if (status < 200 || status > 299) countRefusal(refused, status, body);
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    okPerSec: Math.round(ok / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    refused,
    errors: result.errors + result.timeouts,
  };
}

export interface PacedLoad {
  /**
   * Stops sending and abandons what is still queued or in flight (the server is about to stop): what was answered
   * during the run, and the backlog: requests still waiting for a free connection, because the server fell behind.
   */
  stop(): Omit<LoadResult, 'p50Ms' | 'p99Ms'> & { readonly backlog: number };
}

const PACE_TICK_MS = 2;

/**
 * Open-loop load at a steady rate over `connections` keep-alive connections: every few milliseconds it sends what
 * is due since the start, whether or not earlier requests were answered. (autocannon's `overallRate` sends each
 * connection's quota for a second as fast as it can at the start of the second: bursts at full speed, not a
 * steady rate.)
 */
export function pacedLoad(options: {
  readonly baseUrl: string;
  readonly perSecond: number;
  readonly connections: number;
  readonly next: () => BenchRequest;
}): PacedLoad {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const refused: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let errors = 0;
  const started = performance.now();

  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * options.perSecond);
    for (; sent < due; sent++) {
      send(agent, options.baseUrl, options.next()).then(
        ({ status, body }) => {
          if (status >= 200 && status < 300) ok++;
          else countRefusal(refused, status, body);
        },
        () => errors++,
      );
    }
  }, PACE_TICK_MS);

  return {
    stop: () => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      const result = {
        okPerSec: Math.round(ok / seconds),
        refused: { ...refused },
        errors,
        backlog: Object.values(agent.requests).reduce((sum, queue) => sum + (queue?.length ?? 0), 0),
      };
      agent.destroy();
      return result;
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One request over `agent`; resolves once the whole answer is in. */
export function send(agent: Agent, baseUrl: string, { method, path, headers, body }: BenchRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Counts a non-2xx answer under its status and problem code. */
function countRefusal(refused: Record<string, number>, status: number, body: string): void {
  let code: string;
  try {
    code = (JSON.parse(body) as { code?: string }).code ?? 'no code';
  } catch {
    code = 'not JSON';
  }
  refused[`${status} ${code}`] = (refused[`${status} ${code}`] ?? 0) + 1;
}
