import { DEFAULT_SCHEME_2024 } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, OTHER_HOSPITAL, VALID, seedHospital, seedOtherHospital } from './support/hospital';
import { expectRefusedWithoutWriting } from './support/refusal';

/**
 * Hospital tenancy beyond the route matrix (test/authorization.e2e-spec.ts): what a city-level token sees, what a
 * search naming no hospital answers, and the cross-hospital references commands refuse with their own codes.
 */
describe('hospital tenancy', () => {
  let testApp: TestApp;
  let seeded: string;
  const server = () => testApp.app.getHttpServer();
  const h1 = HOSPITAL.hospitalId;
  const h2 = OTHER_HOSPITAL.hospitalId;
  const tokenFor = (roles: ('admin' | 'reader' | 'inspector')[], hospitalIds: string[]) =>
    testApp.token({ sub: `${roles.join('-')}-${hospitalIds.join('-')}`, roles, hospitalIds });
  const cityAdmin = () => tokenFor(['admin'], [h1, h2]);
  const post = (path: string, token: string, body: object) =>
    request(server()).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token: string) => request(server()).get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    testApp = await startTestApp();
    await seedHospital(testApp);
    seeded = await seedOtherHospital(testApp);
  });
  afterAll(() => testApp.close());

  it('documents the claim shapes and the scope rules in the OpenAPI security scheme', async () => {
    const { body } = await request(server()).get('/docs-json').expect(200);
    const { description } = body.components.securitySchemes.bearer;
    for (const term of ['hospitalId', 'hospitalIds', 'AUTH.UNAUTHENTICATED', 'AUTH.FORBIDDEN', '404']) {
      expect(description).toContain(term);
    }
  });

  describe('a search that names no hospital covers the token’s hospitals', () => {
    const unitsSeenBy = async (token: string) => {
      const { body } = await get(`/api/org-units?minPosition=${seeded}`, token).expect(200);
      return [...new Set((body as { hospitalId: string }[]).map((unit) => unit.hospitalId))].sort();
    };

    it('lists the org units of one hospital, or of every hospital of a city-level token', async () => {
      expect(await unitsSeenBy(tokenFor(['reader'], [h1]))).toEqual([h1]);
      expect(await unitsSeenBy(tokenFor(['reader'], [h2]))).toEqual([h2]);
      expect(await unitsSeenBy(tokenFor(['reader'], [h1, h2]))).toEqual([h1, h2]);
    });

    it('confines the audit trail and its export to the inspector’s hospitals', async () => {
      const inspector = tokenFor(['inspector'], [h2]);
      const { body } = await get(`/api/audit/events?limit=1000&minPosition=${seeded}`, inspector).expect(200);
      const streams = new Set((body.items as { streamId: string }[]).map((event) => event.streamId));
      expect([...streams].sort()).toEqual(
        [
          `orgunit-${OTHER_HOSPITAL.committee}`,
          `orgunit-${OTHER_HOSPITAL.surgery}`,
          `orgunit-${OTHER_HOSPITAL.surgeryGroup}`,
          `member-${OTHER_HOSPITAL.surgeon}`,
          `member-${OTHER_HOSPITAL.committeeMember}`,
        ].sort(),
      );
      const exported = await get(`/api/audit/export?format=ndjson&minPosition=${seeded}`, inspector).expect(200);
      expect(exported.text).toContain(OTHER_HOSPITAL.committee);
      expect(exported.text).not.toMatch(/h1/);
    });
  });

  it('gives a secretary nothing for a claimed unit of another hospital', async () => {
    const secretary = testApp.token({
      sub: HOSPITAL.secretary,
      roles: ['secretary'],
      units: [OTHER_HOSPITAL.surgery],
      hospitalId: h1,
    });
    await expectRefusedWithoutWriting(
      testApp,
      secretary,
      '/api/meetings',
      { ...VALID.meeting, meetingId: 'tn-mt1', unitId: OTHER_HOSPITAL.surgery },
      { status: 404, code: 'ORG_UNIT.NOT_FOUND' },
    );
  });

  describe('cross-hospital references are refused with their own codes', () => {
    it('registers a member only into a branch and group of the hospital it names', async () => {
      const member = { name: '党员', status: 'full', joinedPartyOn: '2015-07-01' };
      await expectRefusedWithoutWriting(
        testApp,
        cityAdmin(),
        '/api/members',
        { ...member, hospitalId: h1, branchId: OTHER_HOSPITAL.surgery },
        { status: 422, code: 'MEMBER.BRANCH_IN_OTHER_HOSPITAL' },
      );
      await expectRefusedWithoutWriting(
        testApp,
        cityAdmin(),
        '/api/members',
        {
          ...member,
          hospitalId: h1,
          branchId: HOSPITAL.cardiology,
          groupId: OTHER_HOSPITAL.surgeryGroup,
        },
        { status: 422, code: 'MEMBER.GROUP_IN_OTHER_HOSPITAL' },
      );
    });

    it('keeps a transfer within the member’s hospital; to a token of one hospital the other’s branch does not exist', async () => {
      const transfer = { toBranchId: OTHER_HOSPITAL.surgery, effectiveOn: '2023-01-01' };
      await expectRefusedWithoutWriting(testApp, cityAdmin(), '/api/members/m-c/transfer', transfer, {
        status: 422,
        code: 'MEMBER.TRANSFER_ACROSS_HOSPITALS',
      });
      await expectRefusedWithoutWriting(testApp, tokenFor(['admin'], [h1]), '/api/members/m-c/transfer', transfer, {
        status: 404,
        code: 'ORG_UNIT.NOT_FOUND',
      });
    });

    it('refuses an assessor of another hospital, committee post or not', async () => {
      const periodId = 'tn-2024-Q1';
      const period = { periodId, hospitalId: h1, schemeId: DEFAULT_SCHEME_2024.schemeId };
      await post('/api/assessment-periods', cityAdmin(), period).expect(201);
      const sheet = { ...VALID.scoreSheet, branchId: HOSPITAL.cardiology, assessorId: OTHER_HOSPITAL.committeeMember };
      await expectRefusedWithoutWriting(testApp, cityAdmin(), `/api/assessment-periods/${periodId}/scores`, sheet, {
        status: 422,
        code: 'ASSESSMENT.ASSESSOR_OTHER_HOSPITAL',
      });
    });

    it('names a member of another hospital, to a token of one hospital, as one that does not exist: assessor and caller', async () => {
      const h2Admin = tokenFor(['admin'], [h2]);
      const periodId = 'tn-h2-2024-Q2';
      await post('/api/assessment-periods', h2Admin, {
        periodId,
        hospitalId: h2,
        schemeId: DEFAULT_SCHEME_2024.schemeId,
      }).expect(201);
      await post('/api/follow-ups', h2Admin, {
        ...VALID.followUp,
        branchId: OTHER_HOSPITAL.surgery,
        followUpId: 'tn-fu-h2',
      }).expect(201);
      const attempt = { calledAt: '2024-03-13T09:30:00+08:00', outcome: 'reached' };
      const refusals = async (memberId: string) => {
        const sheet = { ...VALID.scoreSheet, branchId: OTHER_HOSPITAL.surgery, assessorId: memberId };
        const call = { ...attempt, callerMemberId: memberId };
        const notFound = { status: 404, code: 'MEMBER.NOT_FOUND' };
        return [
          (
            await expectRefusedWithoutWriting(
              testApp,
              h2Admin,
              `/api/assessment-periods/${periodId}/scores`,
              sheet,
              notFound,
            )
          ).body.detail,
          (await expectRefusedWithoutWriting(testApp, h2Admin, '/api/follow-ups/tn-fu-h2/attempts', call, notFound))
            .body.detail,
        ];
      };
      // The same answer, detail and all, as for an id no hospital holds.
      expect(await refusals(HOSPITAL.committeeMember)).toEqual(
        (await refusals('m-nobody')).map((detail: string) => detail.replace('m-nobody', HOSPITAL.committeeMember)),
      );
    });

    it('opens a period only for a hospital that exists', async () => {
      const period = { periodId: 'h-none-2024-Q1', hospitalId: 'h-none', schemeId: DEFAULT_SCHEME_2024.schemeId };
      await expectRefusedWithoutWriting(testApp, tokenFor(['admin'], ['h-none']), '/api/assessment-periods', period, {
        status: 404,
        code: 'HOSPITAL.NOT_FOUND',
      });
    });
  });

  it('serves the seal chain, which names streams of every hospital, whole only to a token acting for all of them', async () => {
    const { position } = (await post('/api/audit/seals', tokenFor(['inspector'], [h2]), {}).expect(201)).body;
    await get('/api/audit/streams/audit-seals', tokenFor(['inspector'], [h1, h2])).expect(200);
    const refused = await get('/api/audit/streams/audit-seals', tokenFor(['inspector'], [h2])).expect(404);
    expect(refused.body.code).toBe('STREAM.NOT_FOUND');
    // So is the trail: the city-level inspector's, naming no hospital, is the whole log.
    const seals = async (hospitalIds: string[]) =>
      (await get(`/api/audit/events?type=AuditSealed&minPosition=${position}`, tokenFor(['inspector'], hospitalIds)))
        .body.items;
    expect(await seals([h1, h2])).toEqual([expect.objectContaining({ streamId: 'audit-seals' })]);
    expect(await seals([h2])).toEqual([]);
  });

  it('serves the whole log only to a token acting for every hospital the log names, one with only a policy included', async () => {
    // h3 has set its policy but established no unit yet: its stream is still another hospital's.
    await post('/api/hospitals/h3/policy', tokenFor(['admin'], ['h3']), {
      followUpWindowDays: 5,
      reason: '院党委会决定',
    }).expect(201);
    const policies = async (hospitalIds: string[]) =>
      (
        await get(
          `/api/audit/events?type=HospitalPolicySet&minPosition=${seeded}`,
          tokenFor(['inspector'], hospitalIds),
        )
      ).body.items as { streamId: string }[];
    expect(await policies([h1, h2])).toEqual([]);
    expect(await policies([h1, h2, 'h3'])).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ hospitalId: 'h3' }) }),
    ]);
    await get('/api/audit/streams/audit-seals', tokenFor(['inspector'], [h1, h2])).expect(404);
  });

  it('lists a projection’s parked events only where their stream is in the admin’s scope (or of no hospital)', async () => {
    // An event the volunteer-services projection cannot read (no heldOn), of an h1 stream: parked.
    const streamId = 'volunteer-service-tn-unreadable';
    const { position } = await testApp.app
      .get<EventStore>(EVENT_STORE)
      .appendToStream(streamId, [
        { type: 'VolunteerServiceHeld', data: { serviceId: 'tn-unreadable', hospitalId: h1 } },
      ]);
    const parkedStreams = async (hospitalIds: string[]) => {
      const { body } = await get(
        `/api/admin/projections/volunteer-services?minPosition=${position}`,
        tokenFor(['admin'], hospitalIds),
      ).expect(200);
      return (body.parkedEvents as { streamId: string }[]).map((event) => event.streamId);
    };
    expect(await parkedStreams([h1])).toContain(streamId);
    expect(await parkedStreams([h2])).not.toContain(streamId);
  });

  it('verifies the whole log, naming problems only in streams the inspector may read', async () => {
    const db = new Database(join(testApp.dataDir, 'events.sqlite'));
    try {
      db.exec(
        `UPDATE events SET data = json_set(data, '$.name', '伪造') WHERE stream_id = 'member-${HOSPITAL.surgeon}' AND revision = 1`,
      );
    } finally {
      db.close();
    }
    const verify = async (hospitalIds: string[]) =>
      (await post('/api/audit/verification', tokenFor(['inspector'], hospitalIds), {}).expect(200)).body;
    const own = await verify([h1]);
    expect(own).toMatchObject({ ok: false, problemsElsewhere: 0 });
    expect(own.problems).toEqual([expect.objectContaining({ streamId: `member-${HOSPITAL.surgeon}` })]);
    const elsewhere = await verify([h2]);
    expect(elsewhere).toMatchObject({ ok: false, problems: [], problemsElsewhere: 1 });
  });
});
