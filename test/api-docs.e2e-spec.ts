import request from 'supertest';
import { statusForCode } from '../apps/api/src/http/problem';
import { startTestApp, type TestApp } from './support/app';

interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: unknown;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown; examples?: unknown }> };
  responses: Record<string, { content?: Record<string, { examples?: Record<string, { value: Problem }> }> }>;
}
interface Problem {
  type: string;
  status: number;
  code: string;
}

/**
 * What Swagger UI's "Try it out" does with the document (swagger-ui 5, ParameterRow.setDefaultValue and the request
 * body's sample): it fills a parameter in from its example, its first `examples` member or its default, and starts a
 * body from the media type's example. So an optional parameter carries none of these, and a body's example holds
 * required fields only. And each error status shows examples of its own codes.
 */
describe('the OpenAPI document, as Swagger UI reads it', () => {
  let testApp: TestApp;
  let schemas: Record<string, Schema>;
  let operations: { where: string; method: string; path: string; operation: Operation }[];

  beforeAll(async () => {
    testApp = await startTestApp();
    const { body } = await request(testApp.app.getHttpServer()).get('/docs-json').expect(200);
    schemas = body.components.schemas;
    operations = Object.entries(body.paths as Record<string, Record<string, Operation>>)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          where: `${method.toUpperCase()} ${path}`,
          method,
          path,
          operation,
        })),
      );
  });
  afterAll(() => testApp.close());

  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;

  it('pre-fills no optional parameter: no example, examples or default on any of them', () => {
    const prefilled = operations.flatMap(({ where, operation }) =>
      (operation.parameters ?? [])
        .filter((parameter) => !parameter.required)
        .filter(
          (parameter) =>
            parameter.example !== undefined ||
            parameter.examples !== undefined ||
            parameter.schema?.example !== undefined ||
            parameter.schema?.default !== undefined,
        )
        .map((parameter) => `${where} ${parameter.in} ${parameter.name}`),
    );
    expect(operations.some(({ operation }) => operation.parameters?.some((parameter) => !parameter.required))).toBe(
      true,
    );
    expect(prefilled).toEqual([]);
  });

  describe('request bodies', () => {
    const bodies = () =>
      operations.flatMap(({ where, method, path, operation }) => {
        const json = operation.requestBody?.content?.['application/json'];
        return json?.schema ? [{ where, method, path, operation, json }] : [];
      });

    /** The optional properties an example fills in, at any depth, as JSON Pointers. */
    const optionalIn = (value: unknown, schema: Schema, pointer = ''): string[] => {
      const resolved = resolve(schema.allOf?.length === 1 ? schema.allOf[0] : schema);
      if (Array.isArray(value))
        return value.flatMap((item, index) => optionalIn(item, resolved.items ?? {}, `${pointer}/${index}`));
      if (typeof value !== 'object' || value === null || !resolved.properties) return [];
      return Object.entries(value).flatMap(([name, field]) =>
        (resolved.required ?? []).includes(name)
          ? optionalIn(field, resolved.properties![name], `${pointer}/${name}`)
          : [`${pointer}/${name}`],
      );
    };

    it('each start from an example of their required fields only', () => {
      expect(bodies().length).toBeGreaterThan(20);
      const found = bodies().map(({ where, json }) => ({
        where,
        example: json.example !== undefined,
        examples: json.examples,
        optional: optionalIn(json.example, json.schema!),
      }));
      expect(found).toEqual(bodies().map(({ where }) => ({ where, example: true, examples: undefined, optional: [] })));
    });

    it('are examples the API accepts as well formed, as Execute sends them', async () => {
      const admin = testApp.token({ sub: 'admin-1', roles: ['admin'] });
      const refused = [];
      for (const { where, path, operation, json } of bodies()) {
        const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
          const parameter = operation.parameters?.find((candidate) => candidate.name === name);
          const schema = parameter?.schema;
          return String(parameter?.example ?? schema?.example ?? schema?.enum?.[0] ?? `${name}-1`);
        });
        const response = await request(testApp.app.getHttpServer())
          .post(url)
          .set('Authorization', `Bearer ${admin}`)
          .send(json.example as object);
        if (response.status === 400) refused.push({ where, errors: response.body.errors });
      }
      expect(refused).toEqual([]);
    });
  });

  describe('error responses', () => {
    const problemsOf = (operation: Operation) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => ({
          status: Number(status),
          examples: Object.values(response.content?.['application/problem+json']?.examples ?? {}).map(
            ({ value }) => value,
          ),
        }));

    it('show under each status examples of its own codes, never another status’s', () => {
      const mismatched = operations.flatMap(({ where, operation }) =>
        problemsOf(operation).flatMap(({ status, examples }) => [
          ...(examples.length === 0 ? [`${where} ${status}: no example`] : []),
          ...examples
            .filter(
              (problem) =>
                problem.status !== status ||
                statusForCode(problem.code) !== status ||
                problem.type !== `urn:problem:${problem.code.toLowerCase()}`,
            )
            .map((problem) => `${where} ${status}: ${problem.code} (${problem.status})`),
        ]),
      );
      expect(mismatched).toEqual([]);
    });

    it('name the authentication, authorization, rate and not-found codes by their statuses', () => {
      const codesByStatus = new Map<number, Set<string>>();
      for (const { operation } of operations) {
        for (const { status, examples } of problemsOf(operation)) {
          const codes = codesByStatus.get(status) ?? new Set<string>();
          for (const { code } of examples) codes.add(code);
          codesByStatus.set(status, codes);
        }
      }
      expect([...codesByStatus.get(401)!]).toEqual(['AUTH.UNAUTHENTICATED']);
      expect([...codesByStatus.get(403)!]).toEqual(['AUTH.FORBIDDEN']);
      expect([...codesByStatus.get(429)!]).toEqual(['RATE.LIMITED']);
      expect([...codesByStatus.get(400)!]).toContain('VALIDATION.FAILED');
      expect([...codesByStatus.get(404)!].filter((code) => !code.endsWith('NOT_FOUND'))).toEqual([]);
      expect([...codesByStatus.get(412)!]).toEqual(['CONCURRENCY.STALE_REVISION']);
    });

    it('name 503 AUDIT.LOG_NOT_INTACT on every write a log failing verification refuses, the verification excepted', () => {
      const codesAt = (operation: Operation, status: number) =>
        problemsOf(operation)
          .find((problem) => problem.status === status)
          ?.examples.map(({ code }) => code) ?? [];
      const writes = operations.filter(({ method }) => method !== 'get');
      expect(writes.length).toBeGreaterThan(20);
      const documented = writes
        .filter(({ operation }) => codesAt(operation, 503).includes('AUDIT.LOG_NOT_INTACT'))
        .map(({ where }) => where);
      expect(documented).toEqual(
        writes.map(({ where }) => where).filter((where) => where !== 'POST /api/audit/verification'),
      );
      const publicKey = operations.find(({ where }) => where === 'GET /api/audit/public-key')!.operation;
      expect(codesAt(publicKey, 401)).toEqual(['AUTH.UNAUTHENTICATED']);
      expect(codesAt(publicKey, 503)).not.toContain('AUDIT.LOG_NOT_INTACT');
    });

    it('give each route its own refusals: the branch ranking’s 404s are its period and its hospital', () => {
      const ranking = operations.find(({ where }) => where === 'GET /api/rankings/branches')!.operation;
      const notFound = problemsOf(ranking).find(({ status }) => status === 404)!;
      expect(notFound.examples.map(({ code }) => code).sort()).toEqual([
        'ASSESSMENT.PERIOD_NOT_FOUND',
        'HOSPITAL.NOT_FOUND',
      ]);
      const meeting = operations.find(({ where }) => where === 'POST /api/meetings')!.operation;
      const refusals = problemsOf(meeting)
        .find(({ status }) => status === 422)!
        .examples.map(({ code }) => code);
      expect(refusals).toEqual(expect.arrayContaining(['MEETING.ATTENDEE_NOT_MEMBER', 'IDEMPOTENCY.KEY_REUSED']));
    });
  });
});
