import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Tokens, type TokenClaims } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  DEMO_SCALES,
  demoCity,
  demoClaims,
  DEMO_HOSPITAL_IDS,
  demoLoadedOn,
  loadDemoCity,
  type DemoLandmarks,
  type DemoLoadProgress,
  type DemoScale,
  type SendDemoRequest,
} from '@app/demo';
import { meetingStreamId } from '@app/domain';
import { EVENT_STORE, START_POSITION, type EventStore } from '@app/event-store';
import { ReadModelProgress } from '@app/read-models';

export class DemoUsageError extends Error {}

/** `--demo [--scale default|city]`; null without `--demo`. */
export function demoArguments(argv: readonly string[]): { readonly scale: DemoScale } | null {
  if (!argv.includes('--demo')) return null;
  const at = argv.findIndex((arg) => arg === '--scale' || arg.startsWith('--scale='));
  const scale = at < 0 ? 'default' : argv[at].includes('=') ? argv[at].slice('--scale='.length) : argv[at + 1];
  if (!DEMO_SCALES.includes(scale as DemoScale)) {
    throw new DemoUsageError(`--scale must be one of ${DEMO_SCALES.join(', ')}, not ${scale ?? 'nothing'}`);
  }
  return { scale: scale as DemoScale };
}

export interface DemoOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const TOKEN_LIFETIME_SECONDS = 24 * 3600;
const CATCH_UP_TIMEOUT_MS = 30 * 60_000;

/**
 * The demo: on an empty store, loads the city of 盘锦市卫健委 through the API in process (`app.inject`: guards,
 * validation and filters, the same path as any client), then prints ready tokens and example requests.
 * A store that already holds events is left as it is.
 */
export async function runDemo(
  app: NestFastifyApplication,
  { scale, baseUrl, out }: { readonly scale: DemoScale; readonly baseUrl: string; readonly out: DemoOutput },
): Promise<void> {
  const tokens = app.get(Tokens);
  const store = app.get<EventStore>(EVENT_STORE);
  const sign = (claims: TokenClaims) => tokens.sign(claims, TOKEN_LIFETIME_SECONDS);
  let landmarks: DemoLandmarks | null;
  if ((await store.headPosition()) === START_POSITION) {
    out.write(`Loading the demo city of 盘锦市卫健委 (scale ${scale}) through the API…\n`);
    const result = await loadDemoCity(injecting(app), {
      scale,
      tokenFor: (caller) => sign(demoClaims(caller)),
      onProgress: progressPrinter(out),
    });
    out.write(
      `\nLoaded ${result.requests.toLocaleString('en')} requests, ${result.events.toLocaleString('en')} events ` +
        `in ${result.seconds.toFixed(1)} s (${Math.round(result.requestsPerSecond).toLocaleString('en')} requests/s).\n`,
    );
    landmarks = result.landmarks;
  } else {
    const loadedOn = await demoLoadedOn(store);
    out.write('The event store already holds events: nothing loaded.\n');
    landmarks = loadedOn ? demoCity({ scale, today: loadedOn }).landmarks : null;
  }
  out.write('Waiting for the read models to catch up…\n');
  if (!(await app.get(ReadModelProgress).waitUntilCaughtUp(await store.headPosition(), CATCH_UP_TIMEOUT_MS))) {
    out.write('The read models are still catching up; reads with ?minPosition= wait for them.\n');
  }
  const config = app.get<AppConfig>(APP_CONFIG);
  out.write(tourText(baseUrl, config.dataDir, sign, landmarks) + cliText(baseUrl, config));
}

/** One request through Fastify's in-process injection. */
function injecting(app: NestFastifyApplication): SendDemoRequest {
  return async ({ method, path, body, token }) => {
    const response = await app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });
    return { status: response.statusCode, body: response.json() };
  };
}

/** A line rewritten in place on a terminal, a line every few seconds in a log file. */
function progressPrinter(out: DemoOutput): (progress: DemoLoadProgress) => void {
  const interval = out.isTTY ? 250 : 10_000;
  let printedAt = 0;
  return ({ wave, requests, totalRequests, events, elapsedMs }) => {
    if (elapsedMs - printedAt < interval && requests < totalRequests) return;
    printedAt = elapsedMs;
    const rate = requests / Math.max(elapsedMs / 1000, 0.001);
    const eta = Math.round((totalRequests - requests) / Math.max(rate, 1));
    const line =
      `  ${Math.floor((requests / totalRequests) * 100)}%  ${requests.toLocaleString('en')}/` +
      `${totalRequests.toLocaleString('en')} requests, ${events.toLocaleString('en')} events, ` +
      `${Math.round(rate).toLocaleString('en')}/s, ${eta} s to go  ${wave}`;
    out.write(out.isTTY ? `\r${line.padEnd(110)}` : `${line}\n`);
  };
}

/** `export NAME='value'` lines a POSIX shell takes as pasted. */
const exportLines = (pairs: readonly (readonly [string, string])[]) =>
  pairs.map(([name, value]) => `  export ${name}='${value.replace(/'/g, `'\\''`)}'`);

function tourText(
  baseUrl: string,
  dataDir: string,
  sign: (claims: TokenClaims) => string,
  landmarks: DemoLandmarks | null,
): string {
  // City-level callers act for every hospital of the demo city; a secretary and an assessor for their own.
  const city = DEMO_HOSPITAL_IDS;
  const roles: [string, TokenClaims, string][] = [
    ['ADMIN', { sub: 'pjwjw-admin', roles: ['admin'], hospitalIds: city }, '市卫健委 admin: every write'],
    [
      'INSPECTOR',
      { sub: 'pjwjw-inspector', roles: ['inspector'], hospitalIds: city },
      '纪检: reads, audit, verification',
    ],
    ['READER', { sub: 'oa-app', roles: ['reader'], hospitalIds: city }, 'an internal app: rankings and reports'],
  ];
  if (landmarks) {
    const { secretaryId, branchId, branchName, assessorId, hospitalId } = landmarks;
    roles.push(
      [
        'SECRETARY',
        { sub: secretaryId, roles: ['secretary'], units: [branchId], hospitalId },
        `${branchName} secretary: its meetings, lectures, 义诊 and follow-ups`,
      ],
      ['ASSESSOR', { sub: assessorId, roles: ['assessor'], hospitalId }, '党委委员: score sheets of other branches'],
    );
  }
  const lines = [
    '',
    `Swagger UI: ${baseUrl}/docs`,
    '',
    'Paste these lines into a shell at the repository root to follow the README’s journeys:',
    '  # where the API listens, and the data directory whose secret the CLI signs with',
    ...exportLines([
      ['API', baseUrl],
      ['DATA_DIR', dataDir],
    ]),
  ];
  if (landmarks) {
    const { hospitalId, branchId, closedPeriodId, quarter, month, correctedMeetingId } = landmarks;
    lines.push(
      '  # names from the demo city: a hospital, a branch, its latest closed period, and a corrected meeting',
      ...exportLines([
        ['HOSPITAL', hospitalId],
        ['BRANCH', branchId],
        ['PERIOD', closedPeriodId],
        ['QUARTER', quarter],
        ['YEAR', quarter.slice(0, 4)],
        ['MONTH', month],
        ['MEETING', correctedMeetingId],
      ]),
    );
  }
  lines.push(
    '  # tokens valid for 24 hours',
    ...roles.flatMap(([name, claims, what]) => [`  # ${what}`, ...exportLines([[name, sign(claims)]])]),
  );
  if (landmarks) {
    const { hospitalId, closedPeriodId, quarter, correctedMeetingId, branchId } = landmarks;
    const curl = (token: string, path: string) => `  curl -s '${baseUrl}${path}' -H "Authorization: Bearer $${token}"`;
    lines.push(
      '',
      'Examples:',
      `  # branch ranking of 盘锦市中心医院 for ${quarter} (a closed period)`,
      curl('READER', `/api/rankings/branches?periodId=${closedPeriodId}&limit=10`),
      `  # 三会一课 compliance in ${quarter}: cadence per kind, and a general assembly short of its quorum`,
      curl('READER', `/api/reports/meeting-compliance?hospitalId=${hospitalId}&periodId=${quarter}`),
      '  # a meeting record replayed event by event: who wrote what, when, and why it was corrected',
      curl('INSPECTOR', `/api/audit/streams/${meetingStreamId(correctedMeetingId)}/replay`),
      `  # the audit trail of one branch`,
      curl('INSPECTOR', `/api/audit/events?unitId=${branchId}&limit=20`),
    );
  } else {
    lines.push('', 'The store holds no demo city, so there are no demo examples.');
  }
  return lines.join('\n');
}

/** A word the shell reads back as it is, so a data directory with spaces or quotes still pastes. */
const shellWord = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/**
 * Operator commands on this API's own log and secret, to paste in the repository (`npm run demo` built the CLI), then
 * Ready. The absolute DATA_DIR makes them work from any directory of it: without one, the CLI looks in ./data.
 */
function cliText(baseUrl: string, { dataDir, profile }: AppConfig): string {
  const cli = (args: string) => `  DATA_DIR=${shellWord(dataDir)} npm run cli -- ${args}`;
  return [
    '',
    'Operator CLI, in this repository while the demo runs:',
    ...(profile === 'external'
      ? ['  # with this API’s EVENTSTORE_CONNECTION_STRING, MONGODB_URI and AUTH_JWT_SECRET exported']
      : []),
    '  # recompute every hash chain of the log, offline, and compare with the latest seal',
    cli('audit verify'),
    '  # the read models of this API: position, lag, parked events',
    cli(`projections status --url ${baseUrl}`),
    '  # a token of your own, signed with this API’s secret',
    cli('token --sub oa-app-2 --roles reader --hospital pj-central,pj-peoples --ttl 3600'),
    '',
    `Ready: ${baseUrl}/docs`,
    '',
  ].join('\n');
}
