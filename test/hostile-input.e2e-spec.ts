import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { BODY_LIMIT_BYTES } from '../apps/api/src/bootstrap';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, VALID, seedHospital } from './support/hospital';

// A property sends up to 1,640 requests: far more than Jest's 5 s per test allows.
jest.setTimeout(60_000);

type InjectOptions = Exclude<Parameters<TestApp['app']['inject']>[0], string | undefined>;
type InjectResponse = Awaited<ReturnType<TestApp['app']['inject']>>;
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One operation of the API, as its own OpenAPI document lists it. */
interface Operation {
  /** `POST /api/members/{memberId}/status` */
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly template: string;
  readonly pathParameters: readonly string[];
  readonly queryParameters: readonly { readonly name: string; readonly numeric: boolean }[];
  /** Request headers it documents, lower-case (`idempotency-key`, `if-match`, `x-correlation-id`). */
  readonly headers: readonly string[];
}

/**
 * A request to an operation that the API accepts as it is: real ids, the required query, a valid body. Each property
 * spoils one part of it, so that the spoiled part alone can be what is refused; the last test sends the baselines
 * unspoiled and sees them accepted.
 */
interface Baseline {
  readonly path: Readonly<Record<string, string>>;
  readonly query?: string;
  readonly body?: { readonly [field: string]: Json };
}

interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly pointers: readonly string[];
}

const PROBLEM_CODE = /^[A-Z_]+\.[A-Z_0-9]+$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Where a success is not the method's usual 200 or 201. */
const SUCCESS_STATUS: Readonly<Record<string, number>> = {
  'POST /api/audit/verification': 200,
  'POST /api/admin/projections/{name}/rebuild': 202,
  'POST /api/admin/projections/{name}/retry-parked': 202,
};
/** Names of what every object inherits (and `prototype`): a lookup through a plain object would find something. */
const INHERITED_NAMES = ['constructor', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', 'prototype'];
/** The same names as keys, and two more: each would slip past a whitelist that looks keys up in a plain object. */
const INHERITED_KEYS = ['__proto__', '__defineGetter__', ...INHERITED_NAMES];
/** Operations that answer for any well-formed id, so an inherited name is a valid id there: no hostile input. */
const ANSWERS_FOR_ANY_ID = ['GET /api/hospitals/{hospitalId}/policy', 'POST /api/hospitals/{hospitalId}/policy'];

const { hospitalId, cardiology, cardiologyGroup } = HOSPITAL;
const meeting = { ...VALID.meeting, attendeeIds: ['m-a', 'm-b'] };
const { followUp, scoreSheet: sheet } = VALID;
const scheme = JSON.parse(JSON.stringify(DEFAULT_SCHEME_2024)) as Record<string, Json>;

/** Every operation under /api, keyed by name; a new one fails the first test until it is given a baseline here. */
const BASELINES: Readonly<Record<string, Baseline>> = {
  'POST /api/org-units': { path: {}, body: { kind: 'committee', name: '党委', hospitalId: 'h9' } },
  'GET /api/org-units': { path: {}, query: `hospitalId=${hospitalId}&kind=branch` },
  'POST /api/org-units/{unitId}/dissolution': {
    path: { unitId: 'hx-dissolvable' },
    body: { effectiveOn: '2024-01-01', reason: '撤销' },
  },
  'GET /api/org-units/{unitId}': { path: { unitId: cardiology } },
  'POST /api/members': {
    path: {},
    body: { name: '党员', hospitalId, branchId: cardiology, status: 'full', joinedPartyOn: '2015-07-01' },
  },
  'POST /api/members/{memberId}/status': {
    path: { memberId: 'm-c' },
    body: { status: 'suspended', effectiveOn: '2023-01-01', reason: '留置' },
  },
  'POST /api/members/{memberId}/transfer': {
    path: { memberId: HOSPITAL.surgeon },
    body: { toBranchId: cardiology, effectiveOn: '2023-01-01' },
  },
  'POST /api/members/{memberId}/posts': {
    path: { memberId: 'm-b' },
    body: { post: 'branch-committee-member', unitId: cardiology, from: '2021-01-01' },
  },
  'POST /api/members/{memberId}/posts/{post}/end': {
    path: { memberId: 'm-a', post: 'group-leader' },
    body: { unitId: cardiologyGroup, on: '2023-01-01' },
  },
  'GET /api/members/{memberId}': { path: { memberId: 'm-a' } },
  'POST /api/meetings': { path: {}, body: meeting },
  'POST /api/meetings/{meetingId}/corrections': {
    path: { meetingId: 'hx-meeting' },
    body: { reason: '更正议题', topic: '更正后的议题' },
  },
  'POST /api/meetings/{meetingId}/revocation': { path: { meetingId: 'hx-revocable' }, body: { reason: '重复录入' } },
  'POST /api/lectures': { path: {}, body: VALID.lecture },
  'POST /api/volunteer-services': { path: {}, body: VALID.volunteerService },
  'POST /api/follow-ups': { path: {}, body: followUp },
  'POST /api/follow-ups/{followUpId}/attempts': {
    path: { followUpId: 'hx-follow-up' },
    body: { callerMemberId: 'm-a', calledAt: '2024-03-13T10:00:00+08:00', outcome: 'no-answer' },
  },
  'POST /api/scoring-schemes': { path: {}, body: { ...scheme, schemeId: 'hx-new-scheme' } },
  'POST /api/assessment-periods': {
    path: {},
    body: { periodId: 'hx-2025-Q1', hospitalId, schemeId: DEFAULT_SCHEME_2024.schemeId },
  },
  'POST /api/assessment-periods/{periodId}/scheme': {
    path: { periodId: 'hx-2024-Q3' },
    body: { schemeId: 'hx-scheme', reason: '党委会议调整考核细则' },
  },
  'POST /api/assessment-periods/{periodId}/scores': {
    path: { periodId: 'hx-2024-Q2' },
    body: { ...sheet, branchId: cardiology },
  },
  'POST /api/assessment-periods/{periodId}/scores/{branchId}/corrections': {
    path: { periodId: 'hx-2024-Q1', branchId: cardiology },
    body: { ...sheet, reason: '复核更正' },
  },
  'POST /api/assessment-periods/{periodId}/closure': { path: { periodId: 'hx-2024-Q4' }, body: {} },
  'POST /api/hospitals/{hospitalId}/policy': {
    path: { hospitalId },
    body: { followUpWindowDays: 5, reason: '院党委会决定' },
  },
  'GET /api/hospitals/{hospitalId}/policy': { path: { hospitalId } },
  'GET /api/reports/follow-ups': { path: {}, query: `hospitalId=${hospitalId}&month=2024-03` },
  'GET /api/reports/organization': { path: {}, query: `hospitalId=${hospitalId}&on=2024-06-30` },
  'GET /api/rankings/members': { path: {}, query: `hospitalId=${hospitalId}&year=2024&limit=10` },
  'GET /api/reports/meeting-compliance': { path: {}, query: `hospitalId=${hospitalId}&periodId=2024-Q1` },
  'GET /api/rankings/branches': { path: {}, query: 'periodId=hx-2024-Q1&limit=10&offset=0' },
  'GET /api/reports/performance-fund': {
    path: {},
    query: `hospitalId=${hospitalId}&periodId=hx-2024-Q1&amount=750000`,
  },
  'GET /api/admin/projections': { path: {} },
  'GET /api/admin/projections/{name}': { path: { name: 'meetings' } },
  'POST /api/admin/projections/{name}/rebuild': { path: { name: 'org-units' } },
  'POST /api/admin/projections/{name}/retry-parked': { path: { name: 'lectures' } },
  'GET /api/audit/events': { path: {}, query: `hospitalId=${hospitalId}&limit=5` },
  'POST /api/audit/verification': { path: {}, body: {} },
  'POST /api/audit/seals': { path: {}, body: { reason: '季度封存' } },
  'GET /api/audit/export': { path: {}, query: 'format=csv&type=OrgUnitDissolved' },
  'GET /api/audit/streams/{streamId}': { path: { streamId: 'member-m-a' } },
  'GET /api/audit/streams/{streamId}/replay': { path: { streamId: 'member-m-a' } },
  'GET /api/audit/public-key': { path: {} },
};

// ---- Hostile pieces ------------------------------------------------------------------------------------------------

/** Every byte of the UTF-8 form percent-encoded, as a client's encoder sends it (a lone surrogate becomes U+FFFD). */
const percentEncoded = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f))
  .filter((code) => ![0x09, 0x0a, 0x0d].includes(code))
  .map((code) => String.fromCharCode(code));
/** A string with a NUL, another control character or half of a UTF-16 pair somewhere in it: text no one types. */
const notText = fc
  .tuple(
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.oneof(fc.constant('\u0000'), controlCharacter, loneSurrogate),
    fc.string({ unit: 'binary', maxLength: 8 }),
  )
  .map(([before, bad, after]) => before + bad + after);

/** Byte sequences no UTF-8 decoder may accept: stray bytes, overlong forms, encoded surrogates, truncations. */
const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe4, 0xb8],
];

/** Keys that smuggle operators or prototype paths into a query, MongoDB- and qs-style. */
const INJECTION_KEYS = [
  'hospitalId[$ne]',
  'hospitalId[$gt]',
  'hospitalId[$regex]',
  'unitId[$in][]',
  '$where',
  '$or[0][hospitalId]',
  'hospitalId.$ne',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  ...INHERITED_KEYS,
  'filter',
  'sort',
];
/** Values no query parameter of this API accepts, written as they go into a URL. */
const HOSTILE_VALUES = [
  '',
  '__proto__',
  '%7B%22%24ne%22%3Anull%7D',
  '[object%20Object]',
  '$ne',
  '%00',
  '%ED%A0%80',
  '%FF',
  '%C0%AF',
  'x'.repeat(2000),
];
const HOSTILE_NUMBERS = ['-1', '1e309', '-1e309', 'NaN', 'Infinity', '0x10', '+1', '%201', '1_000', '9'.repeat(400)];
const hostileValue = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  notText.map(percentEncoded),
  // A character no id, number, date or time has.
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 30 })
    .filter((value) => /[^A-Za-z0-9_.:+-]/.test(value))
    .map(percentEncoded),
);

/** A path parameter no route accepts, URL-encoded (or deliberately not quite). */
const hostilePathValue = fc.oneof(
  fc.constantFrom(
    '%00',
    '%FF',
    '%C0%AF',
    '%ED%A0%80',
    '%',
    '%ZZ',
    '%2e%2e',
    '..',
    '.',
    '%2F',
    'a%2Fb',
    '__proto__',
    '$ne',
  ),
  fc
    .string({ unit: 'binary', maxLength: 80 })
    .filter((value) => !ID_PATTERN.test(value))
    .map(percentEncoded),
  notText.map(percentEncoded),
  fc.integer({ min: 65, max: 3000 }).map((length) => 'x'.repeat(length)),
);

/** Bearer tokens, or other credentials, that no verifier may accept. */
const hostileAuthorization = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).map((token) => `Bearer ${token}`),
  fc
    .tuple(fc.jsonValue(), fc.jsonValue(), fc.string({ unit: 'grapheme-ascii', maxLength: 60 }))
    .map(
      ([header, claims, signature]) =>
        `Bearer ${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${Buffer.from(signature).toString('base64url')}`,
    ),
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'bearer a.b.c',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer a.b.c, Bearer d.e.f',
    `Bearer ${'a'.repeat(16 * 1024)}.b.c`,
  ),
  fc.tuple(loneSurrogate, fc.constant('\u0000')).map(([half, nul]) => `Bearer ${half}${nul}.x.y`),
);

// ---- Bodies --------------------------------------------------------------------------------------------------------

type Path = readonly (string | number)[];

/** Where the values are in a body: every field and element, at any depth. */
function valuePaths(value: Json, parent: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...parent, Array.isArray(value) ? Number(key) : key];
    return [path, ...valuePaths(child, path)];
  });
}

/** Where the objects are in a body, the body itself first. */
function objectPaths(value: Json, parent: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  const own = Array.isArray(value) ? [] : [parent];
  return [...own, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...parent, key]))];
}

const MARKER = '\u0001hostile\u0001';
const MARKER_TEXT = JSON.stringify(MARKER);

/** The body as JSON text with raw JSON `text` in place of the value at `path`. */
function replacedIn(body: Json, path: Path, text: string): string {
  const copy = structuredClone(body);
  const parent = path.slice(0, -1).reduce<Json>((value, key) => (value as Record<string, Json>)[key]!, copy);
  (parent as Record<string | number, Json>)[path[path.length - 1]!] = MARKER;
  return JSON.stringify(copy).replace(MARKER_TEXT, () => text);
}

/** The body as JSON text with one more key, written raw (so `__proto__` is an own key), in the object at `path`. */
function withKeyIn(body: Json, path: Path, key: string, valueText: string): string {
  const copy = structuredClone(body);
  const target = path.reduce<Json>((value, step) => (value as Record<string, Json>)[step]!, copy);
  (target as Record<string, Json>)[MARKER] = 0;
  return JSON.stringify(copy).replace(`${MARKER_TEXT}:0`, () => `${JSON.stringify(key)}:${valueText}`);
}

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const isEmptyObject = (value: unknown) => typeOf(value) === 'object' && Object.keys(value as object).length === 0;

/** Arrays or objects nested 33 to 100,000 levels deep, as raw JSON text (parsing it is the point) within the limit. */
const deeplyNested = fc
  .constantFrom(['[', ']'], ['{"a":', '}'], ['[{"a":', '}]'])
  .chain(([open, close]) =>
    fc
      .integer({ min: 33, max: Math.floor((BODY_LIMIT_BYTES - 4096) / (open + close).length) })
      .map((depth) => open.repeat(depth) + '0' + close.repeat(depth)),
  );

/** A JSON array of more elements than any array of this API may hold (500 at most), but within the body limit. */
const hugeArray = fc
  .tuple(fc.integer({ min: 501, max: 20_000 }), fc.constantFrom('0', '"m-a"', '{}', '[]', 'null', '{"a":"b"}'))
  .map(([length, element]) => `[${Array.from({ length }, () => element).join(',')}]`);

// ---- The suite -----------------------------------------------------------------------------------------------------

describe('hostile input: every route refuses it with a 4xx problem and a stable code, never a 5xx, appending nothing', () => {
  let testApp: TestApp;
  let admin: string;
  let operations: readonly Operation[];
  const inheritedBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  const baselineOf = (operation: Operation) => BASELINES[operation.name]!;
  const posts = () => operations.filter((operation) => operation.method === 'POST');
  const withPathParameters = () => operations.filter((operation) => operation.pathParameters.length > 0);

  function urlOf(operation: Operation, changes: { path?: Record<string, string>; query?: string } = {}): string {
    const baseline = baselineOf(operation);
    const path = { ...baseline.path, ...changes.path };
    const query = changes.query ?? baseline.query;
    return operation.template.replace(/\{(\w+)\}/g, (_, name: string) => path[name]!) + (query ? `?${query}` : '');
  }

  /** The baseline request, with whichever parts a property spoils. */
  function requestFor(
    operation: Operation,
    spoiled: {
      path?: Record<string, string>;
      query?: string;
      payload?: string | Buffer;
      headers?: Record<string, string>;
    } = {},
  ): InjectOptions {
    const body = baselineOf(operation).body;
    const payload = spoiled.payload ?? (body === undefined ? undefined : JSON.stringify(body));
    return {
      method: operation.method,
      url: urlOf(operation, spoiled),
      headers: {
        authorization: `Bearer ${admin}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...spoiled.headers,
      },
      ...(payload === undefined ? {} : { payload }),
    };
  }

  /** What every refusal is, whatever was wrong: a 4xx RFC 9457 problem whose `status` is the HTTP status. */
  function refusalIn(request: InjectOptions, response: InjectResponse): Refusal {
    const answer = `${request.method} ${String(request.url).slice(0, 200)} answered ${response.statusCode} ${response.body.slice(0, 300)}`;
    if (response.statusCode < 400 || response.statusCode > 499) throw new Error(`Not refused with a 4xx: ${answer}`);
    if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
      throw new Error(`Not a problem document (${String(response.headers['content-type'])}): ${answer}`);
    }
    const problem = JSON.parse(response.body) as { status?: unknown; code?: unknown; errors?: { pointer: string }[] };
    if (
      problem.status !== response.statusCode ||
      typeof problem.code !== 'string' ||
      !PROBLEM_CODE.test(problem.code)
    ) {
      throw new Error(`A problem without a matching status and a stable code: ${answer}`);
    }
    return {
      status: response.statusCode,
      code: problem.code,
      pointers: (problem.errors ?? []).map((error) => error.pointer),
    };
  }

  const refusalOf = async (request: InjectOptions) => refusalIn(request, await testApp.app.inject(request));

  /** The baseline query and `pair` after it. */
  function added(operation: Operation, pair: string): string {
    const query = baselineOf(operation).query;
    return query ? `${query}&${pair}` : pair;
  }

  /** The baseline query with the parameters `pairs` names given there instead. */
  function replaced(operation: Operation, pairs: string): string {
    const others = new URLSearchParams(baselineOf(operation).query);
    for (const name of new URLSearchParams(pairs).keys()) others.delete(name);
    return [others.toString(), pairs].filter(Boolean).join('&');
  }

  /** Runs a property for each operation in turn, so that every one of them is tried, `runs` times. */
  async function forEachOperation<T>(
    selected: readonly Operation[],
    runs: number,
    arbitrary: (operation: Operation) => fc.Arbitrary<T>,
    check: (operation: Operation, value: T) => Promise<void>,
  ): Promise<void> {
    for (const operation of selected) {
      await fc.assert(
        fc.asyncProperty(fc.constant(operation.name), arbitrary(operation), (_name, value) => check(operation, value)),
        { numRuns: runs },
      );
    }
  }

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = (await seedHospital(testApp)).admin;
    const post = async (url: string, body: object) => {
      const response = await testApp.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${admin}` },
        payload: body,
      });
      if (response.statusCode !== 201) throw new Error(`seeding ${url}: ${response.statusCode} ${response.body}`);
    };
    await post('/api/org-units', { unitId: 'hx-dissolvable', kind: 'committee', name: '党委', hospitalId: 'h9' });
    await post('/api/meetings', { ...meeting, meetingId: 'hx-meeting' });
    await post('/api/meetings', { ...meeting, meetingId: 'hx-revocable' });
    await post('/api/follow-ups', { ...followUp, followUpId: 'hx-follow-up' });
    await post('/api/members/m-a/posts', { post: 'group-leader', unitId: cardiologyGroup, from: '2020-01-01' });
    await post('/api/scoring-schemes', { ...DEFAULT_SCHEME_2024, schemeId: 'hx-scheme' });
    for (const quarter of ['Q1', 'Q2', 'Q3', 'Q4']) {
      await post('/api/assessment-periods', {
        periodId: `hx-2024-${quarter}`,
        hospitalId,
        schemeId: DEFAULT_SCHEME_2024.schemeId,
      });
    }
    await post('/api/assessment-periods/hx-2024-Q1/scores', { ...sheet, branchId: cardiology });

    const document = JSON.parse((await testApp.app.inject({ method: 'GET', url: '/docs-json' })).body) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; schema?: { type?: string } }[] }>
      >;
    };
    operations = Object.entries(document.paths)
      .filter(([template]) => template.startsWith('/api/'))
      .flatMap(([template, methods]) =>
        Object.entries(methods).map(([method, { parameters = [] }]) => {
          const named = (place: string) => parameters.filter((parameter) => parameter.in === place);
          return {
            name: `${method.toUpperCase()} ${template}`,
            method: method.toUpperCase() as Operation['method'],
            template,
            pathParameters: named('path').map(({ name }) => name),
            queryParameters: named('query').map(({ name, schema }) => ({
              name,
              numeric: schema?.type === 'number' || schema?.type === 'integer',
            })),
            headers: named('header').map(({ name }) => name.toLowerCase()),
          };
        }),
      );
  });
  afterAll(() => testApp.close());

  describe('the routes', () => {
    it('are taken from the OpenAPI document, each with a baseline request', () => {
      expect(operations.length).toBeGreaterThan(30);
      expect(operations.map(({ name }) => name).sort()).toEqual(Object.keys(BASELINES).sort());
      expect(operations.every(({ method }) => method === 'GET' || method === 'POST')).toBe(true);
    });
  });

  describe('refused, with nothing appended, no prototype polluted and the hash chains whole', () => {
    let headBefore: string;
    const eventStore = () => testApp.app.get<EventStore>(EVENT_STORE);

    beforeEach(async () => {
      headBefore = await eventStore().headPosition();
    });
    afterEach(async () => {
      expect(await eventStore().headPosition()).toBe(headBefore);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(inheritedBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const verification = await testApp.app.inject({
        method: 'POST',
        url: '/api/audit/verification',
        headers: { authorization: `Bearer ${admin}` },
        payload: {},
      });
      expect({ status: verification.statusCode, ok: JSON.parse(verification.body).ok }).toEqual({
        status: 200,
        ok: true,
      });
    });

    it('any JSON value that is not the body a route takes: 400', async () => {
      // `null` and `{}` are no body at all, which a route that takes no fields (a closure, a verification) accepts.
      const notAnEmptyBody = fc.jsonValue().filter((value) => value !== null && !isEmptyObject(value));
      await forEachOperation(
        posts(),
        30,
        () => notAnEmptyBody,
        async (operation, value) => {
          const refusal = await refusalOf(requestFor(operation, { payload: JSON.stringify(value) }));
          expect(refusal).toMatchObject({
            status: 400,
            code: expect.stringMatching(/^(VALIDATION\.FAILED|REQUEST\.MALFORMED)$/),
          });
        },
      );
    });

    it('a valid body with one field, at any depth, of the wrong JSON type: 400 naming the field', async () => {
      const mutable = posts().filter((operation) => valuePaths(baselineOf(operation).body ?? {}).length > 0);
      await forEachOperation(
        mutable,
        30,
        (operation) => {
          const body = baselineOf(operation).body!;
          return fc.constantFrom(...valuePaths(body)).chain((path) => {
            const current = path.reduce<Json>((value, key) => (value as Record<string, Json>)[key]!, body);
            return (
              fc
                .jsonValue()
                // Keys the JSON parser itself refuses are the next property's.
                .filter((value) => value !== null && typeOf(value) !== typeOf(current))
                .filter((value) => !/"(__proto__|constructor)"/.test(JSON.stringify(value)))
                .map((value) => ({ path, text: replacedIn(body, path, JSON.stringify(value)) }))
            );
          });
        },
        async (operation, { path, text }) => {
          const refusal = await refusalOf(requestFor(operation, { payload: text }));
          expect(refusal).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
          expect(refusal.pointers.some((pointer) => pointer.startsWith(`/${path[0]}`))).toBe(true);
        },
      );
    });

    it('a valid body with a NUL, a control character or a lone surrogate in one of its strings: 400 naming it', async () => {
      const withStrings = posts().filter((operation) => stringPaths(operation).length > 0);
      await forEachOperation(
        withStrings,
        20,
        (operation) => fc.tuple(fc.constantFrom(...stringPaths(operation)), notText),
        async (operation, [path, text]) => {
          const refusal = await refusalOf(
            requestFor(operation, { payload: replacedIn(baselineOf(operation).body!, path, JSON.stringify(text)) }),
          );
          expect(refusal).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
          expect(refusal.pointers.some((pointer) => pointer.startsWith(`/${path[0]}`))).toBe(true);
        },
      );

      function stringPaths(operation: Operation): Path[] {
        const body = baselineOf(operation).body ?? {};
        return valuePaths(body).filter(
          (path) => typeof path.reduce<Json>((value, key) => (value as Record<string, Json>)[key]!, body) === 'string',
        );
      }
    });

    it('a key naming an inherited property (`__proto__`, `constructor`, `valueOf`…) anywhere in the body: 400', async () => {
      const pollution = fc.oneof(
        fc.constantFrom('{"polluted":"yes"}', '{"prototype":{"polluted":"yes"}}', '{"toString":"yes"}'),
        fc.jsonValue().map((value) => JSON.stringify(value)),
      );
      await forEachOperation(
        posts(),
        20,
        (operation) => {
          const body = baselineOf(operation).body ?? {};
          return fc.tuple(fc.constantFrom(...objectPaths(body)), fc.constantFrom(...INHERITED_KEYS), pollution);
        },
        async (operation, [path, key, valueText]) => {
          const payload = withKeyIn(baselineOf(operation).body ?? {}, path, key, valueText);
          const refusal = await refusalOf(requestFor(operation, { payload }));
          expect(refusal).toMatchObject({
            status: 400,
            code: expect.stringMatching(/^(VALIDATION\.FAILED|REQUEST\.MALFORMED)$/),
          });
        },
      );
    });

    it('arrays or objects nested deeper than any body (up to 130,000 levels), as the body or in a field: 400', async () => {
      await forEachOperation(
        posts(),
        6,
        (operation) => fc.tuple(fc.constantFrom(null, ...valuePaths(baselineOf(operation).body ?? {})), deeplyNested),
        async (operation, [path, nested]) => {
          const payload = path === null ? nested : replacedIn(baselineOf(operation).body!, path, nested);
          expect(await refusalOf(requestFor(operation, { payload }))).toMatchObject({
            status: 400,
            code: 'REQUEST.MALFORMED',
          });
        },
      );
    });

    it('an array of up to 20,000 elements, as the body or in a field: 400', async () => {
      await forEachOperation(
        posts(),
        2,
        (operation) => fc.tuple(fc.constantFrom(null, ...valuePaths(baselineOf(operation).body ?? {})), hugeArray),
        async (operation, [path, array]) => {
          const payload = path === null ? array : replacedIn(baselineOf(operation).body!, path, array);
          expect(payload.length).toBeLessThan(BODY_LIMIT_BYTES);
          expect(await refusalOf(requestFor(operation, { payload }))).toMatchObject({
            status: 400,
            code: 'VALIDATION.FAILED',
          });
        },
      );
    });

    it('a body over 256 KiB: 413', async () => {
      const oversized = fc
        .tuple(fc.integer({ min: BODY_LIMIT_BYTES + 1, max: 4 * BODY_LIMIT_BYTES }), fc.constantFrom('string', 'array'))
        .map(([size, shape]) =>
          shape === 'string' ? `{"name":"${'x'.repeat(size)}"}` : `[${'0,'.repeat(size / 2)}0]`,
        );
      await forEachOperation(
        posts(),
        2,
        () => oversized,
        async (operation, payload) => {
          expect(await refusalOf(requestFor(operation, { payload }))).toMatchObject({
            status: 413,
            code: 'REQUEST.TOO_LARGE',
          });
        },
      );
    });

    it('bytes that are not UTF-8, in a valid body or on their own: 400', async () => {
      const invalidBytes = fc.oneof(
        fc.tuple(fc.constantFrom(...INVALID_UTF8), fc.nat()).map(([sequence, at]) => ({ sequence, at })),
        fc.uint8Array({ minLength: 1, maxLength: 200 }).filter((bytes) => !isUtf8(bytes)),
      );
      await forEachOperation(
        posts(),
        15,
        () => invalidBytes,
        async (operation, bytes) => {
          const payload =
            bytes instanceof Uint8Array ? Buffer.from(bytes) : insertedInto(operation, bytes.sequence, bytes.at);
          expect(await refusalOf(requestFor(operation, { payload }))).toMatchObject({
            status: 400,
            code: 'REQUEST.MALFORMED',
          });
        },
      );

      function insertedInto(operation: Operation, sequence: readonly number[], at: number): Buffer {
        const valid = Buffer.from(JSON.stringify(baselineOf(operation).body ?? {}));
        const position = at % (valid.length + 1);
        return Buffer.concat([valid.subarray(0, position), Buffer.from(sequence), valid.subarray(position)]);
      }
    });

    it('a valid body sent as anything but application/json: 415', async () => {
      const contentType = fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/json',
        'application/javascript',
        'application/octet-stream',
        'application/json-patch+json',
      );
      await forEachOperation(
        posts(),
        8,
        () => contentType,
        async (operation, type) => {
          const body = baselineOf(operation).body ?? { a: 'b' };
          const payload =
            type === 'application/x-www-form-urlencoded'
              ? new URLSearchParams(
                  Object.fromEntries(Object.entries(body).map(([key, value]) => [key, String(value)])),
                ).toString()
              : JSON.stringify(body);
          expect(await refusalOf(requestFor(operation, { payload, headers: { 'content-type': type } }))).toMatchObject({
            status: 415,
            code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
          });
        },
      );
    });

    it('the classic shapes on every route (`hospitalId[$ne]=x`, `limit=1e309`, `after=__proto__`, `asOf=`…): 400', async () => {
      const shapes = [
        'hospitalId[$ne]=x',
        'hospitalId[$gt]=',
        'hospitalId=h1&hospitalId=h2',
        'limit=-1',
        'limit=1e309',
        'after=__proto__',
        'asOf=',
        'minPosition=-1',
        '__proto__[polluted]=1',
        'constructor[prototype][polluted]=1',
      ];
      for (const operation of operations) {
        for (const shape of shapes) {
          expect(await refusalOf(requestFor(operation, { query: replaced(operation, shape) }))).toMatchObject({
            status: 400,
            code: 'VALIDATION.FAILED',
          });
        }
      }
    });

    it('query parameters a route does not declare, operator-shaped keys, repeated or hostile values: 400', async () => {
      await forEachOperation(
        operations,
        40,
        (operation) => {
          const declared = operation.queryParameters.map(({ name }) => name);
          const accepted = [...declared, ...(operation.method === 'GET' ? ['minPosition'] : [])];
          const undeclaredKey = fc.oneof(
            fc.constantFrom(...INJECTION_KEYS, ...(operation.method === 'POST' ? ['minPosition'] : [])),
            fc
              .string({ unit: 'binary', minLength: 1, maxLength: 20 })
              .filter((key) => !accepted.includes(key))
              .map(percentEncoded),
            ...(declared.length > 0
              ? [
                  fc
                    .tuple(fc.constantFrom(...declared), fc.constantFrom('[$ne]', '[$gt]', '[]', '[0]', '.$ne'))
                    .map(([name, operator]) => name + operator),
                ]
              : []),
          );
          const spoilers: fc.Arbitrary<{ query: string; exact: boolean }>[] = [
            fc.tuple(undeclaredKey, hostileValue).map(([key, value]) => ({
              query: added(operation, `${key}=${value}`),
              exact: true,
            })),
          ];
          if (declared.length > 0) {
            spoilers.push(
              // A declared parameter given twice reaches the route as an array.
              fc
                .constantFrom(...declared)
                .map((name) => ({ query: added(operation, `${name}=a&${name}=b`), exact: true })),
              // A declared parameter with a value none accepts; which rule refuses it (a 400, or a 422 for a report's
              // period) is the route's.
              fc
                .constantFrom(...operation.queryParameters)
                .chain(({ name, numeric }) =>
                  fc
                    .oneof(hostileValue, ...(numeric ? [fc.constantFrom(...HOSTILE_NUMBERS)] : []))
                    .map((value) => ({ query: replaced(operation, `${name}=${value}`), exact: false })),
                ),
            );
          }
          return fc.oneof(...spoilers);
        },
        async (operation, { query, exact }) => {
          const refusal = await refusalOf(requestFor(operation, { query }));
          if (exact) expect(refusal).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
        },
      );
    });

    it('a path parameter that is not an id (bad encodings, NUL, `..`, 3000 characters): 400, 404 or 414', async () => {
      await forEachOperation(
        withPathParameters(),
        30,
        (operation) => fc.tuple(fc.constantFrom(...operation.pathParameters), hostilePathValue),
        async (operation, [name, value]) => {
          const refusal = await refusalOf(requestFor(operation, { path: { [name]: value } }));
          // A dot segment is resolved before routing, as any client resolves it, so it may name another record.
          expect(refusal.code).toMatch(/^(VALIDATION\.FAILED|REQUEST\.MALFORMED|REQUEST\.URI_TOO_LONG|.+NOT_FOUND)$/);
        },
      );
    });

    it('an id that names an inherited property (`constructor`, `toString`…): a 4xx, never a lookup that finds it', async () => {
      const cases = withPathParameters()
        .filter((operation) => !ANSWERS_FOR_ANY_ID.includes(operation.name))
        .flatMap((operation) =>
          operation.pathParameters.flatMap((name) => INHERITED_NAMES.map((id) => ({ operation, name, id }))),
        );
      expect(cases.length).toBeGreaterThan(100);
      for (const { operation, name, id } of cases) {
        await refusalOf(requestFor(operation, { path: { [name]: id } }));
      }
    });

    it('an Idempotency-Key or If-Match a write cannot take, with any X-Correlation-Id: 400, and only a safe id echoed', async () => {
      const writes = operations.filter((operation) => operation.headers.includes('idempotency-key'));
      expect(writes.length).toBeGreaterThan(20);
      const hostileHeader = fc.oneof(
        fc
          .oneof(
            fc.constant(''),
            fc.integer({ min: 101, max: 2000 }).map((length) => 'k'.repeat(length)),
            fc.tuple(fc.string({ maxLength: 20 }), loneSurrogate).map(([key, half]) => key + half),
          )
          .map((value) => ['idempotency-key', value] as const),
        fc
          .oneof(
            fc.constantFrom('*', 'W/"1"', '"-1"', '"1e3"', '"9999999999999999"', '1', '""', '"1", "2"', '"0x1"'),
            fc.string({ unit: 'binary', maxLength: 30 }),
          )
          .filter((value) => !/^"\d{1,15}"$/.test(value))
          .map((value) => ['if-match', value] as const),
      );
      const correlationId = fc.option(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.constantFrom('a\r\nSet-Cookie: x=1', 'x'.repeat(101), 'ok-id_1.2:3'),
        ),
      );
      await forEachOperation(
        writes,
        25,
        () => fc.tuple(hostileHeader, correlationId),
        async (operation, [[name, value], id]) => {
          const request = requestFor(operation, {
            headers: { [name]: value, ...(id === null ? {} : { 'x-correlation-id': id }) },
          });
          const response = await testApp.app.inject(request);
          const refusal = refusalIn(request, response);
          expect(refusal).toMatchObject({ status: 400, code: 'VALIDATION.FAILED', pointers: [`/headers/${name}`] });
          const echoed = String(response.headers['x-correlation-id']);
          expect(SAFE_CORRELATION_ID.test(echoed)).toBe(true);
          if (id !== null && SAFE_CORRELATION_ID.test(id)) expect(echoed).toBe(id);
        },
      );
    });

    it('an Authorization that is not a token this API signed: 401 on every route', async () => {
      await forEachOperation(
        operations,
        25,
        () => hostileAuthorization,
        async (operation, authorization) => {
          expect(await refusalOf(requestFor(operation, { headers: { authorization } }))).toMatchObject({
            status: 401,
            code: 'AUTH.UNAUTHENTICATED',
          });
        },
      );
    });
  });

  describe('the baselines', () => {
    it('are accepted unspoiled, so each refusal above was the spoiled part’s', async () => {
      const answered = [];
      for (const operation of operations) {
        const response = await testApp.app.inject(requestFor(operation));
        answered.push(`${operation.name} ${response.statusCode}`);
      }
      const expected = operations.map(
        ({ name, method }) => `${name} ${SUCCESS_STATUS[name] ?? (method === 'GET' ? 200 : 201)}`,
      );
      expect(answered).toEqual(expected);
    });
  });
});
