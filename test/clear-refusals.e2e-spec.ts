import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

interface DocumentedParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
}

/** What a newcomer leaves out or mistypes is named in the refusal; nothing answers as if all were well. */
describe('clear refusals for missing input', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const server = () => testApp.app.getHttpServer();
  const period = `${HOSPITAL.hospitalId}-2024-Q1`;

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    await request(server())
      .post('/api/assessment-periods')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ periodId: period, hospitalId: HOSPITAL.hospitalId, schemeId: 'default-2024' })
      .expect(201);
  });
  afterAll(() => testApp.close());

  describe('a required field that is missing is named as required', () => {
    it('in a query', async () => {
      const { body } = await request(server())
        .get(`/api/rankings/branches?hospitalId=${HOSPITAL.hospitalId}`)
        .set('Authorization', `Bearer ${tokens.reader}`)
        .expect(400);
      expect(body.code).toBe('VALIDATION.FAILED');
      expect(body.errors).toEqual([{ pointer: '/periodId', detail: 'periodId is required' }]);
    });

    it('in a body, one entry per missing field, while a present but invalid field keeps its own rule', async () => {
      const { body } = await request(server())
        .post('/api/assessment-periods')
        .set('Authorization', `Bearer ${tokens.admin}`)
        .send({ hospitalId: 'not an id' })
        .expect(400);
      expect(body.code).toBe('VALIDATION.FAILED');
      expect(body.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/periodId', detail: 'periodId is required' },
          { pointer: '/schemeId', detail: 'schemeId is required' },
        ]),
      );
      const hospitalId = body.errors.filter((error: { pointer: string }) => error.pointer === '/hospitalId');
      expect(hospitalId.length).toBeGreaterThan(0);
      expect(hospitalId.map((error: { detail: string }) => error.detail)).not.toContain('hospitalId is required');
    });
  });

  describe('a report on a hospital no org unit names is 404 HOSPITAL.NOT_FOUND', () => {
    /** Valid values for the parameters a report requires, so only the hospital decides the answer. */
    const VALUES: Readonly<Record<string, string>> = { periodId: period, month: '2024-03', amount: '1' };
    /** Where a name means something else: compliance is over a calendar period, not an assessment period. */
    const OVERRIDES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
      '/api/reports/meeting-compliance': { periodId: '2024-Q1' },
    };
    let reports: { path: string; parameters: readonly DocumentedParameter[] }[];

    beforeAll(async () => {
      const { body } = await request(server()).get('/docs-json').expect(200);
      reports = Object.entries(body.paths as Record<string, { get?: { parameters?: DocumentedParameter[] } }>)
        .filter(([path, methods]) => /^\/api\/(reports|rankings|hospitals)\//.test(path) && methods.get)
        .map(([path, methods]) => ({ path, parameters: methods.get!.parameters ?? [] }))
        .filter(({ parameters }) => parameters.some((parameter) => parameter.name === 'hospitalId'));
    });

    const urlFor = (path: string, parameters: readonly DocumentedParameter[], hospitalId: string) => {
      const query = new URLSearchParams();
      for (const parameter of parameters) {
        if (parameter.in !== 'query' || (!parameter.required && parameter.name !== 'hospitalId')) continue;
        const value =
          parameter.name === 'hospitalId' ? hospitalId : (OVERRIDES[path]?.[parameter.name] ?? VALUES[parameter.name]);
        if (value === undefined) throw new Error(`${path}: no test value for required ${parameter.name}`);
        query.set(parameter.name, value);
      }
      return `${path.replace('{hospitalId}', hospitalId)}?${query}`;
    };

    it('covers every report and ranking that takes a hospitalId', () => {
      expect(reports.map(({ path }) => path).sort()).toEqual([
        '/api/hospitals/{hospitalId}/policy',
        '/api/rankings/branches',
        '/api/rankings/members',
        '/api/reports/follow-ups',
        '/api/reports/meeting-compliance',
        '/api/reports/organization',
        '/api/reports/performance-fund',
      ]);
    });

    it('refuses the unknown hospital on each, and answers 200 for the seeded one', async () => {
      const answers = [];
      // A hospital outside the token's scope is refused before it is looked up (403): this token acts for both.
      const admin = testApp.token({
        sub: 'admin-1',
        roles: ['admin'],
        hospitalIds: [HOSPITAL.hospitalId, 'h-unknown'],
      });
      for (const { path, parameters } of reports) {
        const get = async (hospitalId: string) => {
          const response = await request(server())
            .get(urlFor(path, parameters, hospitalId))
            .set('Authorization', `Bearer ${admin}`);
          return { status: response.status, code: response.body.code };
        };
        answers.push({ path, unknown: await get('h-unknown'), known: (await get(HOSPITAL.hospitalId)).status });
      }
      expect(answers).toEqual(
        reports.map(({ path }) => ({
          path,
          unknown: { status: 404, code: 'HOSPITAL.NOT_FOUND' },
          known: 200,
        })),
      );
    });
  });

  describe('a JSON content type with no body at all', () => {
    const postEmpty = (url: string, token: string) =>
      testApp.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        payload: '',
      });

    it('seals the log, as a route with no required fields does without a body', async () => {
      const response = await postEmpty('/api/audit/seals', tokens.admin);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        sealId: expect.any(String),
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('is refused by a command that needs fields, naming each one as required', async () => {
      const response = await postEmpty('/api/assessment-periods', tokens.admin);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual(
        expect.arrayContaining([
          { pointer: '/periodId', detail: 'periodId is required' },
          { pointer: '/hospitalId', detail: 'hospitalId is required' },
        ]),
      );
    });
  });
});
