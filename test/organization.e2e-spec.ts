import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { expectRefusedWithoutWriting } from './support/refusal';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

describe('organization over HTTP', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const call = (method: 'get' | 'post', path: string, token = tokens.admin) =>
    request(testApp.app.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
  });
  afterAll(() => testApp.close());

  /** Sends a request that must be refused with `code`, and proves the log did not grow. */
  const refused = (path: string, body: object, status: number, code: string, token = tokens.admin) =>
    expectRefusedWithoutWriting(testApp, token, path, body, { status, code });

  it('builds the hospital and reads a member’s history back', async () => {
    const position = await testApp.app.get<EventStore>(EVENT_STORE).headPosition();
    const member = await call('get', `/api/members/${HOSPITAL.secretary}?minPosition=${position}`).expect(200);
    expect(member.body).toMatchObject({
      memberId: HOSPITAL.secretary,
      memberships: [{ branchId: HOSPITAL.cardiology, groupId: null, from: '2020-01-01', until: null }],
      posts: [{ post: 'branch-secretary', unitId: HOSPITAL.cardiology, from: '2020-01-01', to: null }],
    });
  });

  it.each([
    [
      'a unit under a missing parent',
      '/api/org-units',
      { unitId: 'x1', kind: 'branch', name: 'x', hospitalId: 'h1', parentId: 'nope' },
      404,
      'ORG_UNIT.PARENT_NOT_FOUND',
    ],
    [
      'a branch under a group',
      '/api/org-units',
      { unitId: 'x2', kind: 'branch', name: 'x', hospitalId: 'h1', parentId: HOSPITAL.cardiologyGroup },
      422,
      'ORG_UNIT.INVALID_PARENT',
    ],
    [
      'a unit of another hospital under this committee',
      '/api/org-units',
      { unitId: 'x3', kind: 'branch', name: 'x', hospitalId: 'h2', parentId: HOSPITAL.committee },
      422,
      'ORG_UNIT.INVALID_PARENT',
    ],
    [
      'a unit name with a mobile number',
      '/api/org-units',
      { unitId: 'x4', kind: 'branch', name: '联系139-1234-5678', hospitalId: 'h1', parentId: HOSPITAL.committee },
      422,
      'PII.FORBIDDEN',
    ],
    [
      'a unit in a time zone that is no IANA name (its dates could never be read)',
      '/api/org-units',
      {
        unitId: 'x5',
        kind: 'branch',
        name: 'x',
        hospitalId: 'h1',
        parentId: HOSPITAL.committee,
        timeZone: 'Mars/Olympus',
      },
      422,
      'ORG.INVALID_TIME_ZONE',
    ],
    [
      'an existing unit again',
      '/api/org-units',
      { unitId: HOSPITAL.surgery, kind: 'branch', name: 'x', hospitalId: 'h1', parentId: HOSPITAL.committee },
      409,
      'ORG_UNIT.ALREADY_EXISTS',
    ],
    [
      'a dissolution in the future',
      `/api/org-units/${HOSPITAL.surgery}/dissolution`,
      { effectiveOn: '2999-01-01', reason: '合并' },
      422,
      'TIME.IN_FUTURE',
    ],
    [
      'a member in a missing branch',
      '/api/members',
      { memberId: 'x5', name: 'x', hospitalId: 'h1', branchId: 'nope', status: 'full', joinedPartyOn: '2015-01-01' },
      404,
      'ORG_UNIT.NOT_FOUND',
    ],
    [
      'a member in a group of another branch',
      '/api/members',
      {
        memberId: 'x6',
        name: 'x',
        hospitalId: 'h1',
        branchId: HOSPITAL.surgery,
        groupId: HOSPITAL.cardiologyGroup,
        status: 'full',
        joinedPartyOn: '2015-01-01',
      },
      422,
      'MEMBER.GROUP_NOT_IN_BRANCH',
    ],
    [
      'a member registered twice',
      '/api/members',
      {
        memberId: HOSPITAL.surgeon,
        name: 'x',
        hospitalId: 'h1',
        branchId: HOSPITAL.surgery,
        status: 'full',
        joinedPartyOn: '2015-01-01',
      },
      409,
      'MEMBER.ALREADY_REGISTERED',
    ],
    [
      'a status change before joining the Party',
      `/api/members/${HOSPITAL.surgeon}/status`,
      { status: 'suspended', effectiveOn: '2010-01-01', reason: 'x' },
      422,
      'MEMBER.INVALID_DATES',
    ],
    [
      'a transfer to the branch the member is in',
      `/api/members/${HOSPITAL.surgeon}/transfer`,
      { toBranchId: HOSPITAL.surgery, effectiveOn: '2023-01-01' },
      409,
      'MEMBER.ALREADY_IN_BRANCH',
    ],
    [
      'a committee post in a branch',
      `/api/members/${HOSPITAL.surgeon}/posts`,
      { post: 'committee-member', unitId: HOSPITAL.surgery, from: '2021-01-01' },
      422,
      'POST.LEVEL_MISMATCH',
    ],
    [
      'a branch post for a member of another branch',
      `/api/members/${HOSPITAL.surgeon}/posts`,
      { post: 'branch-secretary', unitId: HOSPITAL.cardiology, from: '2021-01-01' },
      422,
      'POST.HOLDER_NOT_MEMBER',
    ],
    [
      'ending a post not held',
      `/api/members/${HOSPITAL.surgeon}/posts/group-leader/end`,
      { unitId: HOSPITAL.cardiologyGroup, on: '2023-01-01' },
      422,
      'POST.NOT_HELD',
    ],
    [
      'a status for an unknown member',
      '/api/members/nobody/status',
      { status: 'full', effectiveOn: '2020-01-01', reason: 'x' },
      404,
      'MEMBER.NOT_FOUND',
    ],
  ])('refuses %s', async (_rule, path, body, status, code) => {
    await refused(path, body, status, code);
  });

  it('establishes a unit in any IANA time zone, and reads it back in that zone', async () => {
    const written = await call('post', '/api/org-units')
      .send({
        unitId: 'xinjiang-branch',
        kind: 'branch',
        name: '援疆党支部',
        hospitalId: 'h1',
        parentId: HOSPITAL.committee,
        timeZone: 'Asia/Urumqi',
      })
      .expect(201);
    const unit = await call('get', `/api/org-units/xinjiang-branch?minPosition=${written.body.position}`).expect(200);
    expect(unit.body.timeZone).toBe('Asia/Urumqi');
  });

  it('hides a member outside a secretary’s units, and shows those inside', async () => {
    await call('get', `/api/members/${HOSPITAL.surgeon}`, tokens.cardiologySecretary).expect(404);
    await call('get', `/api/members/m-a`, tokens.cardiologySecretary).expect(200);
  });
});
