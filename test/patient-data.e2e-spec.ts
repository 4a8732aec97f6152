import { findPii, followUpStreamId, meetingStreamId } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import fc from 'fast-check';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, VALID, seedHospital } from './support/hospital';
import {
  ORDINARY_EXAMPLES,
  ordinaryId,
  ordinaryText,
  patientIdentifierHeader,
  patientIdentifierPathSegment,
  patientIdentifierText,
} from './support/patient-identifiers';

// The corpora send a few thousand requests.
jest.setTimeout(120_000);

type InjectOptions = Exclude<Parameters<TestApp['app']['inject']>[0], string | undefined>;
type Schema = {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: Schema;
  readonly allOf?: readonly Schema[];
  readonly properties?: Readonly<Record<string, Schema>>;
};
interface Document {
  readonly paths: Record<
    string,
    Record<
      string,
      {
        readonly parameters?: readonly { readonly name: string; readonly in: string }[];
        readonly requestBody?: { readonly content: Record<string, { readonly schema: Schema }> };
      }
    >
  >;
  readonly components: { readonly schemas: Record<string, Schema> };
}
type FieldPath = readonly (string | number)[];

/** Where a patient identifier can be sent: a body field, a path parameter or a header of one operation. */
interface Target {
  readonly name: string;
  readonly pointer: string;
  readonly request: (text: string) => InjectOptions;
}

/** Every string a request body of this schema can hold, at any depth (array elements at index 0). */
function stringFields(schema: Schema, schemas: Document['components']['schemas'], parent: FieldPath = []): FieldPath[] {
  if (schema.$ref) return stringFields(schemas[schema.$ref.split('/').pop()!]!, schemas, parent);
  if (schema.allOf) return schema.allOf.flatMap((part) => stringFields(part, schemas, parent));
  if (schema.type === 'string') return [parent];
  if (schema.type === 'array' && schema.items) return stringFields(schema.items, schemas, [...parent, 0]);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
    stringFields(property, schemas, [...parent, name]),
  );
}

/** A body holding `value` at `path` and nothing else: the guard refuses before any other rule is looked at. */
function bodyWith(path: FieldPath, value: string): unknown {
  return path.reduceRight<unknown>((inner, step) => (typeof step === 'number' ? [inner] : { [step]: inner }), value);
}

/** A problem never carries a long number: not the identifier, nor any part of it. */
const LONG_NUMBER = /\d{7}/;

describe('patient data never enters the record', () => {
  let testApp: TestApp;
  let admin: string;
  let document: Document;
  const eventStore = () => testApp.app.get<EventStore>(EVENT_STORE);

  beforeAll(async () => {
    testApp = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    await seedHospital(testApp);
    admin = testApp.token({ sub: 'admin-1', roles: ['admin'], hospitalId: HOSPITAL.hospitalId });
    document = JSON.parse((await testApp.app.inject({ method: 'GET', url: '/docs-json' })).body) as Document;
  });
  afterAll(() => testApp.close());

  const send = (options: InjectOptions) =>
    testApp.app.inject({ ...options, headers: { authorization: `Bearer ${admin}`, ...options.headers } });

  /** Every string field of every body, every path parameter and every write's Idempotency-Key, from /docs-json. */
  function targets(): Target[] {
    return Object.entries(document.paths)
      .filter(([template]) => template.startsWith('/api/'))
      .flatMap(([template, methods]) =>
        Object.entries(methods).flatMap(([method, operation]) => {
          const name = `${method.toUpperCase()} ${template}`;
          const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
          const url = (values: Record<string, string> = {}) =>
            template.replace(/\{(\w+)\}/g, (_, parameter: string) => values[parameter] ?? 'x-1');
          const schema = operation.requestBody?.content['application/json']?.schema;
          const bodyFields = schema ? stringFields(schema, document.components.schemas) : [];
          return [
            ...bodyFields.map((path) => ({
              name: `${name} body ${path.join('.')}`,
              pointer: `/${path.join('/')}`,
              request: (text: string): InjectOptions => ({
                method: 'POST',
                url: url(),
                payload: bodyWith(path, text) as object,
              }),
            })),
            // Reads record nothing: a record written before the guard stays reachable by its id (see the last test).
            ...(method === 'post' ? pathParameters : []).map(({ name: parameter }) => ({
              name: `${name} path ${parameter}`,
              pointer: `/path/${parameter}`,
              request: (text: string): InjectOptions => ({
                method: 'POST',
                url: url({ [parameter]: encodeURIComponent(text) }),
              }),
            })),
          ];
        }),
      );
  }

  describe('the guard alone, on generated corpora', () => {
    it('finds every one of 20,000 identifiers, whatever their spelling', () => {
      fc.assert(
        fc.property(patientIdentifierText, (text) => findPii(text) !== null),
        { numRuns: 20_000 },
      );
    });

    it('finds nothing in 20,000 pieces of ordinary text and ids', () => {
      fc.assert(
        fc.property(fc.oneof(ordinaryText, ordinaryId), (text) => findPii(text) === null),
        { numRuns: 20_000 },
      );
    });
  });

  describe('over HTTP', () => {
    let headBefore: string;
    beforeEach(async () => {
      headBefore = await eventStore().headPosition();
    });

    it('refuses an identifier in any body field, path parameter or Idempotency-Key: 422 naming it, appending nothing', async () => {
      const all = targets();
      // Every operation's fields, found in its OpenAPI document: a new field is in the corpus without anyone adding it.
      expect(all.length).toBeGreaterThan(60);
      expect(all.map(({ pointer }) => pointer)).toEqual(
        expect.arrayContaining([
          '/followUpId',
          '/meetingId',
          '/absentees/0/reason',
          '/path/memberId',
          '/path/periodId',
        ]),
      );
      const idempotencyKey: Target = {
        name: 'Idempotency-Key',
        pointer: '/headers/idempotency-key',
        request: (text) => ({
          method: 'POST',
          url: '/api/meetings',
          headers: { 'idempotency-key': text },
          payload: { ...VALID.meeting, meetingId: 'pii-key' },
        }),
      };
      let sent = 0;
      const check = async (target: Target, text: string) => {
        const response = await send(target.request(text));
        sent++;
        const problem = JSON.parse(response.body) as { code: string; errors?: { pointer: string }[] };
        expect({ target: target.name, status: response.statusCode, code: problem.code }).toEqual({
          target: target.name,
          status: 422,
          code: 'PII.FORBIDDEN',
        });
        expect(problem.errors?.map(({ pointer }) => pointer)).toEqual([target.pointer]);
        expect(response.body).not.toMatch(LONG_NUMBER);
        expect(response.body).not.toContain(JSON.stringify(text).slice(1, -1));
      };
      for (const target of all) {
        const corpus = target.pointer.startsWith('/path/') ? patientIdentifierPathSegment : patientIdentifierText;
        await fc.assert(
          fc.asyncProperty(corpus, (text) => check(target, text)),
          { numRuns: 15 },
        );
      }
      await fc.assert(
        fc.asyncProperty(patientIdentifierHeader, (text) => check(idempotencyKey, text)),
        { numRuns: 100 },
      );
      expect(sent).toBeGreaterThanOrEqual(1000);
      expect(await eventStore().headPosition()).toBe(headBefore);
    });

    it('refuses an identifier in a valid write the same way, with the field named and nothing appended', async () => {
      await fc.assert(
        fc.asyncProperty(
          patientIdentifierText,
          fc.constantFrom('topic', 'minutesSummary', 'meetingId'),
          async (text, field) => {
            const response = await send({
              method: 'POST',
              url: '/api/meetings',
              payload: { ...VALID.meeting, [field]: text },
            });
            expect({ status: response.statusCode, errors: JSON.parse(response.body).errors }).toEqual({
              status: 422,
              errors: [{ pointer: `/${field}`, detail: expect.stringMatching(/patient data never enters the record/) }],
            });
          },
        ),
        { numRuns: 100 },
      );
      expect(await eventStore().headPosition()).toBe(headBefore);
    });

    it('records ordinary text and ids: dates, quarters, counts, wards, amounts, topics with years, UUIDs, slugs', async () => {
      const texts = [
        ...ORDINARY_EXAMPLES,
        ...fc.sample(
          ordinaryText.filter((text) => text.length <= 200),
          { numRuns: 300, seed: 15 },
        ),
      ];
      const [ids] = fc.sample(fc.uniqueArray(ordinaryId, { minLength: 100, maxLength: 100 }), { numRuns: 1, seed: 15 });
      let recorded = 0;
      for (const [i, text] of texts.entries()) {
        const response = await send({
          method: 'POST',
          url: '/api/meetings',
          payload: {
            ...VALID.meeting,
            meetingId: `ordinary-${i}`,
            topic: text,
            minutesSummary: text,
            absentees: [{ memberId: 'm-b', reason: text }],
          },
        });
        expect({ text, status: response.statusCode }).toEqual({ text, status: 201 });
        recorded++;
      }
      for (const id of ids!) {
        const response = await send({
          method: 'POST',
          url: '/api/meetings',
          headers: { 'idempotency-key': `${id}-key`, 'x-correlation-id': id },
          payload: { ...VALID.meeting, meetingId: id },
        });
        expect({ id, status: response.statusCode, correlationId: response.headers['x-correlation-id'] }).toEqual({
          id,
          status: 201,
          correlationId: id,
        });
        recorded++;
      }
      expect(recorded).toBe(texts.length + ids!.length);
      expect(recorded).toBeGreaterThanOrEqual(350);
    });
  });

  describe('a correlation id holding an identifier', () => {
    it('is replaced by a generated one, in the response and on the event recorded, not refused', async () => {
      const given = 'req-13812345678';
      const response = await send({
        method: 'POST',
        url: '/api/meetings',
        headers: { 'x-correlation-id': given },
        payload: { ...VALID.meeting, meetingId: 'correlated' },
      });
      expect(response.statusCode).toBe(201);
      const replaced = response.headers['x-correlation-id'];
      expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const [recorded] = await eventStore().readStream(meetingStreamId('correlated'));
      expect(recorded?.metadata?.correlationId).toBe(replaced);
      expect(JSON.stringify(recorded)).not.toContain('13812345678');
    });
  });

  describe('the one read that records: the audit export, whose filter and Idempotency-Key go into the log', () => {
    const inspector = () =>
      testApp.token({ sub: 'inspector-1', roles: ['inspector'], hospitalId: HOSPITAL.hospitalId });
    const exportWith = (query: string, headers: Record<string, string> = {}) =>
      testApp.app.inject({
        method: 'GET',
        url: `/api/audit/export?${query}`,
        headers: { authorization: `Bearer ${inspector()}`, ...headers },
      });

    it.each([
      ['a unit filter', 'unitId=13812345678', {}, '/query/unitId'],
      ['an actor filter', 'actor=P110105194912310021', {}, '/query/actor'],
      ['an Idempotency-Key', 'format=csv', { 'idempotency-key': 'k-13812345678' }, '/headers/idempotency-key'],
    ])('refuses %s holding an identifier: 422 naming it, appending nothing', async (_, query, headers, pointer) => {
      const head = await eventStore().headPosition();
      const response = await exportWith(query, headers);
      expect(response.statusCode).toBe(422);
      const problem = JSON.parse(response.body);
      expect(problem.code).toBe('PII.FORBIDDEN');
      expect(problem.errors).toEqual([expect.objectContaining({ pointer })]);
      expect(response.body).not.toMatch(/13812345678|110105194912310021/);
      expect(await eventStore().headPosition()).toBe(head);
    });

    it('records an ordinary filter as before', async () => {
      const head = await eventStore().headPosition();
      expect((await exportWith(`unitId=${HOSPITAL.cardiology}`)).statusCode).toBe(200);
      expect(await eventStore().headPosition()).not.toBe(head);
    });
  });

  describe('a record written before the guard, under a client-chosen id holding an identifier', () => {
    it('stays readable by its id, so that an inspector can find it: reads record nothing', async () => {
      const streamId = followUpStreamId('P13812345678');
      await eventStore().appendToStream(streamId, [
        {
          type: 'FollowUpScheduled',
          data: {
            followUpId: 'P13812345678',
            branchId: HOSPITAL.cardiology,
            hospitalId: HOSPITAL.hospitalId,
            patientRef: 'ADM-1',
            dischargedAt: '2024-03-12T09:30:00+08:00',
            dischargedOn: '2024-03-12',
          },
        },
      ]);
      const read = await send({ method: 'GET', url: `/api/audit/streams/${streamId}` });
      expect({ status: read.statusCode, streamId: JSON.parse(read.body).streamId }).toEqual({ status: 200, streamId });
    });
  });
});
