import { DEFAULT_TIME_ZONE, localDate, orgUnitStreamId } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { DEMO_FIRST_UNIT_ID, type DemoCityOptions, type DemoLandmarks } from './city.plan';
import { demoCity, demoRequests } from './demo-city';
import type { DemoCaller, DemoRequest } from './demo-request';

export interface DemoHttpRequest {
  readonly method: DemoRequest['method'];
  readonly path: string;
  readonly body: object;
  /** The bearer token of the request's caller. */
  readonly token: string;
}

export interface DemoHttpResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Performs one HTTP request: in-process (`app.inject`) for the demo, over the network for anyone else. */
export type SendDemoRequest = (request: DemoHttpRequest) => Promise<DemoHttpResponse>;

export interface DemoLoadProgress {
  readonly wave: string;
  readonly requests: number;
  readonly totalRequests: number;
  readonly events: number;
  readonly elapsedMs: number;
}

export interface LoadDemoCityOptions extends Omit<DemoCityOptions, 'today'> {
  /** Defaults to today in Asia/Shanghai. */
  readonly today?: string;
  /** Asked once per caller, and again after a minute: a token need only stay valid a little longer than that. */
  readonly tokenFor: (caller: DemoCaller) => string;
  readonly onProgress?: (progress: DemoLoadProgress) => void;
  /** Requests in flight at once; each chain still runs in order. */
  readonly concurrency?: number;
}

export interface DemoLoadResult {
  readonly landmarks: DemoLandmarks;
  readonly requests: number;
  readonly events: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** The log position of the last event written, for reading one's own writes. */
  readonly lastPosition: string;
}

/** A request the API refused: the load stops, naming the request and the problem it got back. */
export class DemoLoadError extends Error {
  constructor(
    readonly request: DemoRequest,
    readonly response: DemoHttpResponse,
  ) {
    super(
      `The demo city could not be loaded: ${request.method} ${request.path} as ${JSON.stringify(request.as)} ` +
        `answered ${response.status}\n  problem: ${JSON.stringify(response.body)}\n  body: ${JSON.stringify(request.body)}`,
    );
    this.name = 'DemoLoadError';
  }
}

const DEFAULT_CONCURRENCY = 32;
/** A caller's token is kept for a minute rather than signed per request; an hour-long load outlives short-lived ones. */
const TOKEN_REUSE_MS = 60_000;

/**
 * Loads the demo city through the API, as users write: wave after wave, up to `concurrency` chains in flight
 * within a wave. Any answer but 2xx stops the load with a DemoLoadError (a failed `send`, with its own error)
 * once the requests in flight are done.
 */
export async function loadDemoCity(send: SendDemoRequest, options: LoadDemoCityOptions): Promise<DemoLoadResult> {
  const today = options.today ?? localDate(new Date().toISOString(), DEFAULT_TIME_ZONE);
  const city = demoCity({ ...options, today });
  let totalRequests = 0;
  for (const _request of demoRequests(city)) totalRequests++;

  const tokens = new Map<string, { readonly token: string; readonly askedAt: number }>();
  const tokenFor = (caller: DemoCaller) => {
    const key = JSON.stringify(caller);
    const kept = tokens.get(key);
    if (kept && Date.now() - kept.askedAt < TOKEN_REUSE_MS) return kept.token;
    const token = options.tokenFor(caller);
    tokens.set(key, { token, askedAt: Date.now() });
    return token;
  };
  const started = Date.now();
  let requests = 0;
  let events = 0;
  let lastPosition = 0n;
  let failure: Error | null = null;

  for (const wave of city.waves) {
    const chains = wave.chains()[Symbol.iterator]();
    const sendChains = async () => {
      for (let chain = chains.next(); !chain.done && !failure; chain = chains.next()) {
        for (const request of chain.value) {
          if (failure) return;
          const { method, path, body } = request;
          let response: DemoHttpResponse;
          try {
            response = await send({ method, path, body, token: tokenFor(request.as) });
          } catch (error) {
            failure ??= error as Error;
            return;
          }
          if (response.status < 200 || response.status > 299) {
            failure ??= new DemoLoadError(request, response);
            return;
          }
          const written = response.body as { position: string; events: readonly unknown[] };
          requests++;
          events += written.events.length;
          if (BigInt(written.position) > lastPosition) lastPosition = BigInt(written.position);
          options.onProgress?.({ wave: wave.name, requests, totalRequests, events, elapsedMs: Date.now() - started });
        }
      }
    };
    // Workers never reject: a failure is kept, and thrown once every request in flight has come back.
    await Promise.all(Array.from({ length: options.concurrency ?? DEFAULT_CONCURRENCY }, sendChains));
    if (failure) throw failure;
  }

  const seconds = (Date.now() - started) / 1000;
  return {
    landmarks: city.landmarks,
    requests,
    events,
    seconds,
    requestsPerSecond: requests / seconds,
    lastPosition: String(lastPosition),
  };
}

/** The day the stored city was loaded, from its first unit's record; null when the store holds no demo city. */
export async function demoLoadedOn(store: Pick<EventStore, 'readStream'>): Promise<string | null> {
  const [first] = await store.readStream(orgUnitStreamId(DEMO_FIRST_UNIT_ID), { maxCount: 1 });
  const recordedAt = first?.metadata.recordedAt ?? first?.createdAt;
  return recordedAt ? localDate(recordedAt, DEFAULT_TIME_ZONE) : null;
}
