import { DEFAULT_SCHEME_2024 } from '@app/domain';
import request from 'supertest';
import { startBuiltApi, type BuiltApi } from '../support/built-api';
import { BUILT_CLI, runCli } from '../support/cli';
import { HOSPITAL, VALID, seedHospital } from '../support/hospital';

/**
 * The built app (`node dist/apps/api/main.js`, compiled by `nest build` as users run it) in a child process. Every
 * other e2e suite runs the sources through Jest's transform; this one catches what only the build does. Each write
 * with optional body fields is sent with its required fields only, then with each optional field, and what it
 * recorded is read back.
 */
jest.setTimeout(60_000);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Case {
  /** As the OpenAPI document names the operation: `POST /api/org-units`. */
  readonly operation: string;
  /** The optional field sent, or null: the required fields only. */
  readonly field: string | null;
  readonly path: string;
  readonly body: { readonly [field: string]: Json };
  /** What the written event's data must hold (null: accepted, nothing written), or the refusal expected. */
  readonly expected: { readonly recorded: object | null } | { readonly status: number; readonly code: string };
}

const { hospitalId, cardiology, cardiologyGroup, committee } = HOSPITAL;
const sheet = VALID.scoreSheet as unknown as { [field: string]: Json };
// Votes cast may not exceed the members present: the host and one attendee.
const vote = { motion: '接收张三为预备党员', yes: 1, no: 0, abstain: 1 };
const attempt = { callerMemberId: 'm-a', calledAt: '2024-03-13T10:00:00+08:00', outcome: 'no-answer' };
const unit = { kind: 'committee', name: '党委', hospitalId: 'h2' };
const member = { name: '党员', hospitalId, branchId: cardiology, status: 'full', joinedPartyOn: '2015-07-01' };
const transfer = { toBranchId: cardiology, effectiveOn: '2023-01-01' };
const post = { post: 'branch-committee-member', unitId: cardiology, from: '2021-01-01' };

/** Values for a meeting record's corrections, each a valid whole list or value. */
const CORRECTIONS: Readonly<Record<string, Json>> = {
  attendeeIds: ['m-a', 'm-b'],
  absentees: [{ memberId: 'm-c', reason: '外出进修' }],
  topic: '更正后的议题',
  minutesSummary: '更正后的纪要',
  votes: [vote],
};

/** The policy's optional fields, each set alone below. */
const POLICY_FIELDS = [
  'rulePackId',
  'lecturesPerBranchPerQuarter',
  'committeeSecretaryLecturesPerYear',
  'followUpWindowDays',
  'points',
];

/** The policy's member points, each optional too. */
const POINTS = [
  'attendMeeting',
  'giveLecture',
  'attendLecture',
  'completeFollowUp',
  'volunteerService',
  'unexcusedAbsence',
];

/** Every optional body field of every write but the policy's, which has a suite of its own below. */
const CASES: readonly Case[] = [
  { operation: 'POST /api/org-units', field: null, path: '/api/org-units', body: unit, expected: { recorded: unit } },
  {
    operation: 'POST /api/org-units',
    field: 'unitId',
    path: '/api/org-units',
    body: { ...unit, hospitalId: 'h3', unitId: 'sm-unit' },
    expected: { recorded: { unitId: 'sm-unit' } },
  },
  {
    operation: 'POST /api/org-units',
    field: 'parentId',
    path: '/api/org-units',
    body: { kind: 'group', name: '党小组', hospitalId, parentId: cardiology },
    expected: { recorded: { parentId: cardiology } },
  },
  {
    operation: 'POST /api/org-units',
    field: 'category',
    path: '/api/org-units',
    body: { kind: 'branch', name: '党支部', hospitalId, parentId: committee, category: 'administrative' },
    expected: { recorded: { category: 'administrative' } },
  },
  {
    operation: 'POST /api/org-units',
    field: 'timeZone',
    path: '/api/org-units',
    body: { ...unit, hospitalId: 'h4', timeZone: 'Asia/Urumqi' },
    expected: { recorded: { timeZone: 'Asia/Urumqi' } },
  },
  { operation: 'POST /api/members', field: null, path: '/api/members', body: member, expected: { recorded: member } },
  {
    operation: 'POST /api/members',
    field: 'memberId',
    path: '/api/members',
    body: { ...member, memberId: 'sm-member' },
    expected: { recorded: { memberId: 'sm-member' } },
  },
  {
    operation: 'POST /api/members',
    field: 'groupId',
    path: '/api/members',
    body: { ...member, groupId: cardiologyGroup },
    expected: { recorded: { groupId: cardiologyGroup } },
  },
  {
    operation: 'POST /api/members',
    field: 'joinedBranchOn',
    path: '/api/members',
    body: { ...member, joinedBranchOn: '2019-09-01' },
    expected: { recorded: { joinedBranchOn: '2019-09-01' } },
  },
  {
    operation: 'POST /api/members',
    field: 'departmentHead',
    path: '/api/members',
    body: { ...member, departmentHead: true },
    expected: { recorded: { departmentHead: true } },
  },
  {
    operation: 'POST /api/members/{memberId}/transfer',
    field: null,
    path: `/api/members/${HOSPITAL.surgeon}/transfer`,
    body: transfer,
    expected: { recorded: transfer },
  },
  {
    operation: 'POST /api/members/{memberId}/transfer',
    field: 'toGroupId',
    path: '/api/members/m-c/transfer',
    body: { ...transfer, toGroupId: cardiologyGroup },
    expected: { recorded: { toGroupId: cardiologyGroup } },
  },
  {
    operation: 'POST /api/members/{memberId}/posts',
    field: null,
    path: '/api/members/m-b/posts',
    body: post,
    expected: { recorded: post },
  },
  {
    operation: 'POST /api/members/{memberId}/posts',
    field: 'to',
    path: '/api/members/m-a/posts',
    body: { ...post, to: '2022-12-31' },
    expected: { recorded: { to: '2022-12-31' } },
  },
  {
    operation: 'POST /api/meetings',
    field: null,
    path: '/api/meetings',
    body: VALID.meeting,
    expected: { recorded: { topic: VALID.meeting.topic } },
  },
  {
    operation: 'POST /api/meetings',
    field: 'meetingId',
    path: '/api/meetings',
    body: { ...VALID.meeting, meetingId: 'sm-meeting' },
    expected: { recorded: { meetingId: 'sm-meeting' } },
  },
  {
    operation: 'POST /api/meetings',
    field: 'minutesSummary',
    path: '/api/meetings',
    body: { ...VALID.meeting, minutesSummary: '会议学习了党章' },
    expected: { recorded: { minutesSummary: '会议学习了党章' } },
  },
  {
    operation: 'POST /api/meetings',
    field: 'votes',
    path: '/api/meetings',
    body: { ...VALID.meeting, kind: 'general-assembly', votes: [vote] },
    expected: { recorded: { votes: [vote] } },
  },
  {
    operation: 'POST /api/meetings',
    field: 'votes[].election',
    path: '/api/meetings',
    body: { ...VALID.meeting, kind: 'general-assembly', votes: [{ ...vote, election: true }] },
    expected: { recorded: { votes: [{ ...vote, election: true }] } },
  },
  {
    operation: 'POST /api/meetings/{meetingId}/corrections',
    field: null,
    path: '/api/meetings/sm-meeting/corrections',
    body: { reason: '只说明理由' },
    // Nothing to correct: accepted, and nothing written.
    expected: { recorded: null },
  },
  ...['attendeeIds', 'absentees', 'topic', 'minutesSummary', 'votes'].map((field): Case => ({
    operation: 'POST /api/meetings/{meetingId}/corrections',
    field,
    path: '/api/meetings/sm-meeting/corrections',
    body: { reason: '更正', [field]: CORRECTIONS[field] },
    expected: { recorded: { [field]: CORRECTIONS[field] } },
  })),
  {
    operation: 'POST /api/meetings/{meetingId}/corrections',
    field: 'votes[].election',
    path: '/api/meetings/sm-meeting/corrections',
    body: { reason: '更正', votes: [{ ...vote, election: true }] },
    expected: { recorded: { votes: [{ ...vote, election: true }] } },
  },
  {
    operation: 'POST /api/lectures',
    field: null,
    path: '/api/lectures',
    body: VALID.lecture,
    expected: { recorded: { title: VALID.lecture.title } },
  },
  {
    operation: 'POST /api/lectures',
    field: 'lectureId',
    path: '/api/lectures',
    body: { ...VALID.lecture, lectureId: 'sm-lecture' },
    expected: { recorded: { lectureId: 'sm-lecture' } },
  },
  {
    operation: 'POST /api/volunteer-services',
    field: null,
    path: '/api/volunteer-services',
    body: VALID.volunteerService,
    expected: { recorded: { place: VALID.volunteerService.place } },
  },
  {
    operation: 'POST /api/volunteer-services',
    field: 'serviceId',
    path: '/api/volunteer-services',
    body: { ...VALID.volunteerService, serviceId: 'sm-service' },
    expected: { recorded: { serviceId: 'sm-service' } },
  },
  {
    operation: 'POST /api/follow-ups',
    field: null,
    path: '/api/follow-ups',
    body: VALID.followUp,
    expected: { recorded: { patientRef: VALID.followUp.patientRef } },
  },
  {
    operation: 'POST /api/follow-ups',
    field: 'followUpId',
    path: '/api/follow-ups',
    body: { ...VALID.followUp, followUpId: 'sm-fu' },
    expected: { recorded: { followUpId: 'sm-fu' } },
  },
  {
    operation: 'POST /api/follow-ups/{followUpId}/attempts',
    field: null,
    path: '/api/follow-ups/sm-fu/attempts',
    body: attempt,
    expected: { recorded: attempt },
  },
  {
    operation: 'POST /api/follow-ups/{followUpId}/attempts',
    field: 'notes',
    path: '/api/follow-ups/sm-fu/attempts',
    body: { ...attempt, notes: '无人接听，次日再拨' },
    expected: { recorded: { notes: '无人接听，次日再拨' } },
  },
  {
    operation: 'POST /api/follow-ups/{followUpId}/attempts',
    field: 'satisfaction',
    path: '/api/follow-ups/sm-fu/attempts',
    body: { ...attempt, outcome: 'reached', satisfaction: 5 },
    expected: { recorded: { satisfaction: 5 } },
  },
  {
    operation: 'POST /api/scoring-schemes',
    field: 'notApplicable',
    path: '/api/scoring-schemes',
    body: {
      schemeId: 'sm-scheme',
      indicators: [{ code: 'daily-work', name: '日常工作', max: 100, source: 'manual' }],
      bonusCap: 10,
      deductionCap: 20,
      stars: [{ stars: 1, minTotal: 0 }],
      notApplicable: 'zero',
    },
    expected: { recorded: { schemeId: 'sm-scheme', notApplicable: 'zero' } },
  },
  {
    operation: 'POST /api/assessment-periods/{periodId}/scores/{branchId}/corrections',
    field: null,
    path: `/api/assessment-periods/sm-2024-Q1/scores/${cardiology}/corrections`,
    body: { ...sheet, reason: '复核更正' },
    expected: { recorded: { reason: '复核更正' } },
  },
  {
    operation: 'POST /api/assessment-periods/{periodId}/scores/{branchId}/corrections',
    field: 'branchId',
    path: `/api/assessment-periods/sm-2024-Q1/scores/${cardiology}/corrections`,
    body: { ...sheet, reason: '复核更正', branchId: HOSPITAL.surgery },
    expected: { status: 400, code: 'VALIDATION.FAILED' },
  },
];

describe('the built app (dist/), run as users run it', () => {
  let api: BuiltApi;
  let admin: string;
  /** The log position of the seeding's last write, for reads to wait on. */
  let seeded: string;
  const http = () => request(api.server.baseUrl);

  beforeAll(async () => {
    api = await startBuiltApi();
    admin = (await seedHospital({ app: { getHttpServer: () => api.server.baseUrl }, token: api.token })).admin;
    for (const [path, body] of [
      ['/api/assessment-periods', { periodId: 'sm-2024-Q1', hospitalId, schemeId: DEFAULT_SCHEME_2024.schemeId }],
      ['/api/assessment-periods/sm-2024-Q1/scores', { ...sheet, branchId: cardiology }],
    ] as const) {
      const response = await http().post(path).set('Authorization', `Bearer ${admin}`).send(body);
      if (response.status !== 201) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      seeded = response.body.position;
    }
  });
  afterAll(() => api?.close());

  it('serves reads to a token printed by the built CLI on the same DATA_DIR', async () => {
    const cli = await runCli(
      ['token', '--sub', 'app-1', '--roles', 'reader', '--hospital', hospitalId],
      api.environment,
      BUILT_CLI,
    );
    expect(cli).toMatchObject({ status: 0 });
    const read = (path: string) =>
      http().get(`${path}&minPosition=${seeded}`).set('Authorization', `Bearer ${cli.stdout.trim()}`);

    const branches = await read(`/api/org-units?hospitalId=${hospitalId}&kind=branch`);
    expect(branches.status).toBe(200);
    expect(branches.body.map((each: { unitId: string }) => each.unitId).sort()).toEqual([cardiology, HOSPITAL.surgery]);

    const ranking = await read(`/api/rankings/branches?periodId=sm-2024-Q1&hospitalId=${hospitalId}`);
    expect(ranking.status).toBe(200);
    // The one score sheet seeded: 30 + 30 on the manual items.
    expect(ranking.body.items.find((item: { branchId: string }) => item.branchId === cardiology)).toMatchObject({
      manual: 60,
    });
  });

  it('has a case here for every optional body field its OpenAPI document lists', async () => {
    const { body: document } = await http().get('/docs-json');
    const schemaNamed = (ref: string) => document.components.schemas[ref.split('/').pop()!] as OpenApiSchema;
    /** `field`, `points.attendMeeting`, `votes[].election`: the optional fields of a schema and of those it nests. */
    const optionalFields = (schema: OpenApiSchema, prefix = ''): string[] =>
      Object.entries(schema.properties ?? {}).flatMap(([field, property]) => {
        const nested = property.$ref ?? property.items?.$ref;
        const name = `${prefix}${field}${property.items ? '[]' : ''}`;
        return [
          ...(schema.required?.includes(field) ? [] : [`${prefix}${field}`]),
          ...(nested ? optionalFields(schemaNamed(nested), `${name}.`) : []),
        ];
      });
    const optional = Object.entries(document.paths as Record<string, Record<string, OpenApiOperation>>).flatMap(
      ([template, methods]) =>
        Object.entries(methods).flatMap(([method, operation]) => {
          const ref = operation.requestBody?.content['application/json']?.schema.$ref;
          return ref
            ? optionalFields(schemaNamed(ref)).map((field) => `${method.toUpperCase()} ${template} ${field}`)
            : [];
        }),
    );
    const covered = [
      ...CASES.filter(({ field }) => field !== null).map(({ operation, field }) => `${operation} ${field}`),
      ...POLICY_FIELDS.map((field) => `POST /api/hospitals/{hospitalId}/policy ${field}`),
      ...POINTS.map((field) => `POST /api/hospitals/{hospitalId}/policy points.${field}`),
      'POST /api/audit/verification sealDigest',
      'POST /api/audit/seals reason',
    ];
    expect([...new Set(covered)].sort()).toEqual(optional.sort());
  });

  it.each(CASES.map((each) => [`${each.operation} with ${each.field ?? 'its required fields only'}`, each]))(
    '%s',
    async (_, { path, body, expected }) => {
      const response = await http().post(path).set('Authorization', `Bearer ${admin}`).send(body);

      if ('code' in expected) {
        expect({ status: response.status, code: response.body.code }).toEqual(expected);
        return;
      }
      expect({ status: response.status, body: response.body }).toEqual({
        status: 201,
        body: expect.objectContaining({ id: expect.any(String) }),
      });
      if (expected.recorded === null) {
        expect(response.body.events).toEqual([]);
        return;
      }
      const { body: history } = await http()
        .get(`/api/audit/streams/${response.body.streamId}`)
        .set('Authorization', `Bearer ${admin}`);
      const [written] = history.events.slice(-1);
      expect(written.eventId).toBe(response.body.events.at(-1)?.eventId);
      expect(written.data).toMatchObject(expected.recorded);
    },
  );

  it('seals the log with a reason and without, and verifies it with the seal digest kept off the system and without', async () => {
    const seal = async (body: object) => {
      const response = await http().post('/api/audit/seals').set('Authorization', `Bearer ${admin}`).send(body);
      expect({ status: response.status, body: response.body }).toEqual({
        status: 201,
        body: expect.objectContaining({ digest: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      });
      const { body: history } = await http()
        .get('/api/audit/streams/audit-seals')
        .set('Authorization', `Bearer ${admin}`);
      return { digest: response.body.digest as string, recorded: history.events.at(-1) };
    };
    const withReason = await seal({ reason: '季度封存' });
    expect(withReason.recorded.metadata).toMatchObject({ reason: '季度封存' });
    const withoutReason = await seal({});
    expect(withoutReason.recorded.metadata).not.toHaveProperty('reason');

    const verify = async (body: object) => {
      const response = await http().post('/api/audit/verification').set('Authorization', `Bearer ${admin}`).send(body);
      return { status: response.status, ok: response.body.ok };
    };
    expect(await verify({})).toEqual({ status: 200, ok: true });
    expect(await verify({ sealDigest: withoutReason.digest })).toEqual({ status: 200, ok: true });
    expect(await verify({ sealDigest: 'f'.repeat(64) })).toEqual({ status: 200, ok: false });
  });

  describe('POST /api/hospitals/{hospitalId}/policy: omitted fields keep their current value', () => {
    const policyPath = `/api/hospitals/${hospitalId}/policy`;
    const readPolicy = async (minPosition: string) => {
      const response = await http()
        .get(`${policyPath}?minPosition=${minPosition}`)
        .set('Authorization', `Bearer ${admin}`);
      expect(response.status).toBe(200);
      return response.body as { rulePack: string; policy: Record<string, Json> & { points: Record<string, number> } };
    };
    const setPolicy = async (body: object) => {
      const response = await http().post(policyPath).set('Authorization', `Bearer ${admin}`).send(body);
      expect({ status: response.status, body: response.body }).toEqual({
        status: 201,
        body: expect.objectContaining({ position: expect.any(String) }),
      });
      return readPolicy(response.body.position);
    };

    it('accepts the reason alone, changing nothing', async () => {
      const before = await readPolicy('0');
      expect(await setPolicy({ reason: '院党委会确认沿用默认政策' })).toEqual(before);
    });

    it.each(['lecturesPerBranchPerQuarter', 'committeeSecretaryLecturesPerYear', 'followUpWindowDays'])(
      'sets %s alone',
      async (field) => {
        const before = await readPolicy('0');
        const value = Number(before.policy[field]) + 1;

        const after = await setPolicy({ [field]: value, reason: '院党委会决定' });
        expect(after).toEqual({ ...before, policy: { ...before.policy, [field]: value } });
      },
    );

    it.each(POINTS)('sets the member points for %s alone', async (field) => {
      const before = await readPolicy('0');
      const value = before.policy.points[field] + 1;

      const after = await setPolicy({ points: { [field]: value }, reason: '院党委会决定' });
      expect(after).toEqual({
        ...before,
        policy: { ...before.policy, points: { ...before.policy.points, [field]: value } },
      });
    });

    it('sets the rule pack alone', async () => {
      const before = await readPolicy('0');

      expect(await setPolicy({ rulePackId: before.rulePack, reason: '院党委会决定' })).toEqual(before);
      const unknown = await http()
        .post(policyPath)
        .set('Authorization', `Bearer ${admin}`)
        .send({ rulePackId: 'no-such-pack', reason: '院党委会决定' });
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({
        status: 422,
        code: 'POLICY.UNKNOWN_RULE_PACK',
      });
    });
  });
});

interface OpenApiOperation {
  readonly requestBody?: { readonly content: Record<string, { readonly schema: { readonly $ref?: string } }> };
}
interface OpenApiSchema {
  readonly properties?: Record<string, { readonly $ref?: string; readonly items?: { readonly $ref?: string } }>;
  readonly required?: readonly string[];
}
