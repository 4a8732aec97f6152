import request from 'supertest';
import type { TestApp } from './app';

/**
 * A small hospital built through the API, as users build one: a committee, two branches (one with a group),
 * members with posts. Dates are in the past so every rule about time passes.
 */
export const HOSPITAL = {
  hospitalId: 'h1',
  committee: 'h1-committee',
  cardiology: 'h1-cardiology',
  cardiologyGroup: 'h1-cardiology-g1',
  surgery: 'h1-surgery',
  /** Branch secretary of cardiology, full member. */
  secretary: 'm-sec',
  /** Full members of cardiology (m-a and m-b also in its group). */
  cardiologyMembers: ['m-a', 'm-b', 'm-c'],
  probationary: 'm-p',
  /** Full member of surgery who sits on the committee: an assessor for cardiology. */
  committeeMember: 'm-cm',
  /** Full member of surgery with no post. */
  surgeon: 'm-s',
} as const;

export interface SeededHospital {
  readonly admin: string;
  readonly cardiologySecretary: string;
  readonly assessor: string;
  readonly reader: string;
  readonly inspector: string;
}

/** What seeding needs of an API: the in-process app, or a built one running in a child process at a URL. */
export type SeedTarget = Pick<TestApp, 'token'> & {
  readonly app: { getHttpServer(): Parameters<typeof request>[0] };
};

export async function seedHospital(testApp: SeedTarget): Promise<SeededHospital> {
  const { hospitalId } = HOSPITAL;
  // City-level (every hospital the suites build, see `scoped`): suites seed other hospitals beside this one.
  const admin = testApp.token({ sub: 'admin-1', roles: ['admin'] });
  const post = async (path: string, body: object) => {
    const response = await request(testApp.app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${admin}`)
      .send(body);
    if (response.status !== 201)
      throw new Error(`seeding ${path} failed: ${response.status} ${JSON.stringify(response.body)}`);
  };
  await post('/api/org-units', { unitId: HOSPITAL.committee, kind: 'committee', name: '第一医院党委', hospitalId });
  for (const [unitId, name, category] of [
    [HOSPITAL.cardiology, '心内科党支部', 'clinical'],
    [HOSPITAL.surgery, '外科党支部', 'clinical'],
  ]) {
    await post('/api/org-units', { unitId, kind: 'branch', name, hospitalId, parentId: HOSPITAL.committee, category });
  }
  await post('/api/org-units', {
    unitId: HOSPITAL.cardiologyGroup,
    kind: 'group',
    name: '心内科第一党小组',
    hospitalId,
    parentId: HOSPITAL.cardiology,
  });

  const member = (memberId: string, branchId: string, status: 'full' | 'probationary', groupId?: string) =>
    post('/api/members', {
      memberId,
      name: memberId,
      hospitalId,
      branchId,
      groupId,
      status,
      joinedPartyOn: '2015-07-01',
      joinedBranchOn: '2020-01-01',
    });
  await member(HOSPITAL.secretary, HOSPITAL.cardiology, 'full');
  await member('m-a', HOSPITAL.cardiology, 'full', HOSPITAL.cardiologyGroup);
  await member('m-b', HOSPITAL.cardiology, 'full', HOSPITAL.cardiologyGroup);
  await member('m-c', HOSPITAL.cardiology, 'full');
  await member(HOSPITAL.probationary, HOSPITAL.cardiology, 'probationary');
  await member(HOSPITAL.committeeMember, HOSPITAL.surgery, 'full');
  await member(HOSPITAL.surgeon, HOSPITAL.surgery, 'full');
  await post(`/api/members/${HOSPITAL.secretary}/posts`, {
    post: 'branch-secretary',
    unitId: HOSPITAL.cardiology,
    from: '2020-01-01',
  });
  await post(`/api/members/${HOSPITAL.committeeMember}/posts`, {
    post: 'committee-member',
    unitId: HOSPITAL.committee,
    from: '2020-01-01',
  });

  return {
    admin,
    cardiologySecretary: testApp.token({
      sub: HOSPITAL.secretary,
      roles: ['secretary'],
      units: [HOSPITAL.cardiology],
      hospitalId,
    }),
    assessor: testApp.token({ sub: HOSPITAL.committeeMember, roles: ['assessor'], hospitalId }),
    reader: testApp.token({ sub: 'app-1', roles: ['reader'] }),
    inspector: testApp.token({ sub: 'inspector-1', roles: ['inspector'] }),
  };
}

/** A second, smaller hospital beside `HOSPITAL`, for tenancy: a committee, a branch with a group, two members. */
export const OTHER_HOSPITAL = {
  hospitalId: 'h2',
  committee: 'h2-committee',
  surgery: 'h2-surgery',
  surgeryGroup: 'h2-surgery-g1',
  /** Full member of surgery. */
  surgeon: 'm2-s',
  /** Full member of surgery who sits on h2's committee. */
  committeeMember: 'm2-cm',
} as const;

/** Builds `OTHER_HOSPITAL` through the API with an admin token that acts for it; returns the last write's position. */
export async function seedOtherHospital(testApp: SeedTarget): Promise<string> {
  const { hospitalId, committee, surgery, surgeryGroup, surgeon, committeeMember } = OTHER_HOSPITAL;
  const admin = testApp.token({ sub: 'admin-2', roles: ['admin'], hospitalId });
  let position = '0';
  const post = async (path: string, body: object) => {
    const response = await request(testApp.app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${admin}`)
      .send(body);
    if (response.status !== 201)
      throw new Error(`seeding ${path} failed: ${response.status} ${JSON.stringify(response.body)}`);
    position = response.body.position;
  };
  await post('/api/org-units', { unitId: committee, kind: 'committee', name: '第二医院党委', hospitalId });
  await post('/api/org-units', {
    unitId: surgery,
    kind: 'branch',
    name: '外科党支部',
    hospitalId,
    parentId: committee,
  });
  await post('/api/org-units', {
    unitId: surgeryGroup,
    kind: 'group',
    name: '外科党小组',
    hospitalId,
    parentId: surgery,
  });
  for (const memberId of [surgeon, committeeMember]) {
    await post('/api/members', {
      memberId,
      name: memberId,
      hospitalId,
      branchId: surgery,
      status: 'full',
      joinedPartyOn: '2015-07-01',
      joinedBranchOn: '2020-01-01',
    });
  }
  await post(`/api/members/${committeeMember}/posts`, {
    post: 'committee-member',
    unitId: committee,
    from: '2020-01-01',
  });
  return position;
}

/** Valid bodies for the seeded hospital, for tests that need one write of a kind to pass (or to spoil). */
export const VALID = {
  /** A 主题党日 of cardiology, hosted by its secretary: add `meetingId`. */
  meeting: {
    unitId: HOSPITAL.cardiology,
    kind: 'theme-day',
    heldAt: '2024-03-12T09:30:00+08:00',
    topic: '主题党日',
    hostMemberId: HOSPITAL.secretary,
    attendeeIds: ['m-a'],
    absentees: [],
  },
  /** A 党课 of cardiology given by its secretary: add `lectureId`. */
  lecture: {
    unitId: HOSPITAL.cardiology,
    lecturerId: HOSPITAL.secretary,
    title: '党课',
    givenAt: '2024-03-20T14:00:00+08:00',
    attendeeIds: ['m-a'],
    durationMinutes: 60,
  },
  /** A 义诊 of cardiology: add `serviceId`. */
  volunteerService: {
    unitId: HOSPITAL.cardiology,
    heldOn: '2024-03-05',
    place: '社区卫生服务站',
    participantIds: ['m-a'],
    beneficiaries: 30,
  },
  /** A discharged patient of cardiology to call: add `followUpId`. */
  followUp: { branchId: HOSPITAL.cardiology, patientRef: 'ADM-1', dischargedAt: '2024-03-12T09:30:00+08:00' },
  /** A score sheet by the committee member, an assessor of cardiology: add `branchId`. */
  scoreSheet: {
    assessorId: HOSPITAL.committeeMember,
    items: [
      { code: 'daily-work', score: 30 },
      { code: 'integration', score: 30 },
    ],
    bonuses: [],
    deductions: [],
  },
};
