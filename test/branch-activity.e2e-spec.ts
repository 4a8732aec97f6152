import { meetingDecider, meetingStreamId } from '@app/domain';
import { EVENT_STORE, loadState, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { expectRefusedWithoutWriting } from './support/refusal';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

const MOBILE = '联系13912345678';
const RESIDENT_ID = '身份证110101199003071234';
const CLOSED = 'h1-closed';

/** A general assembly of cardiology that passes every rule; tests override what they break. */
const assembly = (overrides: object = {}) => ({
  unitId: HOSPITAL.cardiology,
  kind: 'general-assembly',
  heldAt: '2024-03-12T09:30:00+08:00',
  topic: '学习贯彻党的二十大精神',
  hostMemberId: HOSPITAL.secretary,
  attendeeIds: ['m-a', 'm-b', 'm-c'],
  absentees: [{ memberId: HOSPITAL.probationary, reason: '外出进修' }],
  minutesSummary: '会议传达学习了上级精神',
  votes: [{ motion: '通过支部年度工作计划', yes: 3, no: 0, abstain: 0 }],
  ...overrides,
});

const lecture = (overrides: object = {}) => ({
  unitId: HOSPITAL.cardiology,
  lecturerId: HOSPITAL.secretary,
  title: '践行初心使命，守护人民健康',
  givenAt: '2024-03-20T14:00:00+08:00',
  attendeeIds: ['m-a', 'm-b'],
  durationMinutes: 90,
  ...overrides,
});

const service = (overrides: object = {}) => ({
  unitId: HOSPITAL.cardiology,
  heldOn: '2024-03-05',
  place: '幸福里社区卫生服务站',
  participantIds: ['m-a', 'm-c'],
  beneficiaries: 120,
  ...overrides,
});

describe('branch activity over HTTP', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const log = () => testApp.app.get<EventStore>(EVENT_STORE);
  const post = (path: string, token = tokens.admin) =>
    request(testApp.app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`);
  const meeting = async (meetingId: string) =>
    (await loadState(log(), meetingStreamId(meetingId), meetingDecider)).state;

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    // What the refusals below collide with: records that exist, one revoked, and a dissolved branch.
    await post('/api/meetings')
      .send(assembly({ meetingId: 'mt-existing' }))
      .expect(201);
    await post('/api/meetings')
      .send(assembly({ meetingId: 'mt-revoked' }))
      .expect(201);
    await post('/api/meetings/mt-revoked/revocation').send({ reason: '重复录入' }).expect(201);
    await post('/api/lectures')
      .send(lecture({ lectureId: 'lc-existing' }))
      .expect(201);
    await post('/api/volunteer-services')
      .send(service({ serviceId: 'vs-existing' }))
      .expect(201);
    await post('/api/org-units')
      .send({ unitId: CLOSED, kind: 'branch', name: '已撤销党支部', hospitalId: 'h1', parentId: HOSPITAL.committee })
      .expect(201);
    await post(`/api/org-units/${CLOSED}/dissolution`)
      .send({ effectiveOn: '2024-01-01', reason: '科室合并' })
      .expect(201);
  });
  afterAll(() => testApp.close());

  /** Sends a request that must be refused with `code`, and proves the log did not grow. */
  const refused = (path: string, body: object, status: number, code: string, token = tokens.admin) =>
    expectRefusedWithoutWriting(testApp, token, path, body, { status, code });

  describe('records', () => {
    it('records a meeting: 201, MeetingHeld, the record as sent', async () => {
      const response = await post('/api/meetings')
        .send(assembly({ meetingId: 'mt-1' }))
        .expect(201);
      expect(response.body).toMatchObject({
        id: 'mt-1',
        streamId: 'meeting-mt-1',
        revision: 1,
        events: [{ type: 'MeetingHeld' }],
      });
      expect(response.headers.etag).toBe('"1"');
      expect(await meeting('mt-1')).toMatchObject({
        status: 'recorded',
        revoked: false,
        record: {
          attendeeIds: ['m-a', 'm-b', 'm-c'],
          votes: [{ motion: '通过支部年度工作计划', yes: 3, no: 0, abstain: 0, election: false }],
        },
      });
    });

    it('generates a meeting id when none is sent', async () => {
      const response = await post('/api/meetings').send(assembly()).expect(201);
      expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body.streamId).toBe(`meeting-${response.body.id}`);
    });

    it('corrects a meeting record: only the sent fields change', async () => {
      await post('/api/meetings')
        .send(assembly({ meetingId: 'mt-2' }))
        .expect(201);
      const response = await post('/api/meetings/mt-2/corrections')
        .send({
          reason: '漏记一名出席党员',
          attendeeIds: ['m-a', 'm-b', 'm-c', HOSPITAL.probationary],
          absentees: [],
          minutesSummary: null,
        })
        .expect(201);
      expect(response.body).toMatchObject({ id: 'mt-2', revision: 2, events: [{ type: 'MeetingRecordCorrected' }] });
      expect(await meeting('mt-2')).toMatchObject({
        record: {
          topic: '学习贯彻党的二十大精神',
          attendeeIds: ['m-a', 'm-b', 'm-c', HOSPITAL.probationary],
          absentees: [],
          minutesSummary: null,
        },
      });
    });

    it('answers a correction that changes nothing with 201 and no event', async () => {
      await post('/api/meetings')
        .send(assembly({ meetingId: 'mt-3' }))
        .expect(201);
      const before = await log().headPosition();
      const response = await post('/api/meetings/mt-3/corrections')
        .send({ reason: '核对', attendeeIds: ['m-c', 'm-b', 'm-a'] })
        .expect(201);
      expect(response.body).toMatchObject({ revision: 1, events: [] });
      expect(await log().headPosition()).toBe(before);
    });

    it('revokes a meeting record: it stays in the log, marked revoked', async () => {
      await post('/api/meetings')
        .send(assembly({ meetingId: 'mt-4' }))
        .expect(201);
      const response = await post('/api/meetings/mt-4/revocation').send({ reason: '重复录入' }).expect(201);
      expect(response.body).toMatchObject({ id: 'mt-4', revision: 2, events: [{ type: 'MeetingRecordRevoked' }] });
      expect(await meeting('mt-4')).toMatchObject({ status: 'recorded', revoked: true });
    });

    it('records a Party lecture: 201, PartyLectureGiven', async () => {
      const response = await post('/api/lectures')
        .send(lecture({ lectureId: 'lc-1' }))
        .expect(201);
      expect(response.body).toMatchObject({
        id: 'lc-1',
        streamId: 'lecture-lc-1',
        events: [{ type: 'PartyLectureGiven' }],
      });
    });

    it('counts every member beneath a committee at its lecture, by the local date just after midnight', async () => {
      // 00:30 in Shanghai is still 2019-12-31 in UTC, the day before these members joined their branches.
      const response = await post('/api/lectures')
        .send(
          lecture({
            lectureId: 'lc-committee',
            unitId: HOSPITAL.committee,
            lecturerId: HOSPITAL.committeeMember,
            givenAt: '2020-01-01T00:30:00+08:00',
            attendeeIds: ['m-a', HOSPITAL.surgeon],
          }),
        )
        .expect(201);
      expect(response.body.events).toMatchObject([{ type: 'PartyLectureGiven' }]);
    });

    it('records a volunteer service: 201, VolunteerServiceHeld', async () => {
      const response = await post('/api/volunteer-services')
        .send(service({ serviceId: 'vs-1' }))
        .expect(201);
      expect(response.body).toMatchObject({
        id: 'vs-1',
        streamId: 'volunteer-vs-1',
        events: [{ type: 'VolunteerServiceHeld' }],
      });
    });

    it('replays a meeting sent again with the same Idempotency-Key: 200, the first result, nothing appended', async () => {
      const first = await post('/api/meetings').set('Idempotency-Key', 'mt-key-1').send(assembly()).expect(201);
      const before = await log().headPosition();
      const retry = await post('/api/meetings').set('Idempotency-Key', 'mt-key-1').send(assembly()).expect(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(await log().headPosition()).toBe(before);
    });
  });

  describe('refusals', () => {
    it.each([
      // Meetings
      [
        'a meeting id already recorded',
        '/api/meetings',
        assembly({ meetingId: 'mt-existing' }),
        409,
        'MEETING.ALREADY_RECORDED',
      ],
      [
        'a correction of a meeting never recorded',
        '/api/meetings/mt-none/corrections',
        { reason: '补记' },
        404,
        'MEETING.NOT_FOUND',
      ],
      [
        'a revocation of a meeting never recorded',
        '/api/meetings/mt-none/revocation',
        { reason: '误录' },
        404,
        'MEETING.NOT_FOUND',
      ],
      [
        'a correction of a revoked record',
        '/api/meetings/mt-revoked/corrections',
        { reason: '补记', topic: '新' },
        422,
        'MEETING.REVOKED',
      ],
      [
        'a revoked record revoked again',
        '/api/meetings/mt-revoked/revocation',
        { reason: '误录' },
        422,
        'MEETING.REVOKED',
      ],
      [
        'a group meeting in a branch',
        '/api/meetings',
        assembly({ kind: 'group-meeting' }),
        422,
        'MEETING.KIND_NOT_FOR_UNIT',
      ],
      [
        'a general assembly in a group',
        '/api/meetings',
        assembly({
          unitId: HOSPITAL.cardiologyGroup,
          hostMemberId: 'm-a',
          attendeeIds: ['m-b'],
          absentees: [],
          votes: [],
        }),
        422,
        'MEETING.KIND_NOT_FOR_UNIT',
      ],
      [
        'a host from another branch',
        '/api/meetings',
        assembly({ hostMemberId: HOSPITAL.surgeon }),
        422,
        'MEETING.HOST_NOT_MEMBER',
      ],
      [
        'an attendee from another branch',
        '/api/meetings',
        assembly({ attendeeIds: ['m-a', 'm-b', HOSPITAL.surgeon] }),
        422,
        'MEETING.ATTENDEE_NOT_MEMBER',
      ],
      [
        'an unregistered attendee',
        '/api/meetings',
        assembly({ attendeeIds: ['m-a', 'nobody'] }),
        422,
        'MEETING.ATTENDEE_NOT_MEMBER',
      ],
      [
        'an absentee from another branch',
        '/api/meetings',
        assembly({ absentees: [{ memberId: HOSPITAL.surgeon, reason: '出差' }] }),
        422,
        'MEETING.ABSENTEE_NOT_MEMBER',
      ],
      [
        'a member both present and absent',
        '/api/meetings',
        assembly({ absentees: [{ memberId: 'm-a', reason: '出差' }] }),
        422,
        'MEETING.ATTENDEE_ALSO_ABSENT',
      ],
      [
        'an attendee listed twice',
        '/api/meetings',
        assembly({ attendeeIds: ['m-a', 'm-b', 'm-a'] }),
        422,
        'MEETING.DUPLICATE_ATTENDEE',
      ],
      [
        'an absentee listed twice',
        '/api/meetings',
        assembly({
          absentees: [
            { memberId: HOSPITAL.probationary, reason: '出差' },
            { memberId: HOSPITAL.probationary, reason: '病假' },
          ],
        }),
        422,
        'MEETING.DUPLICATE_ABSENTEE',
      ],
      [
        'more votes than members present (three attendees and the host)',
        '/api/meetings',
        assembly({ votes: [{ motion: '通过计划', yes: 3, no: 1, abstain: 1 }] }),
        422,
        'MEETING.VOTES_EXCEED_ATTENDANCE',
      ],
      [
        'a correction adding an attendee from another branch',
        '/api/meetings/mt-existing/corrections',
        { reason: '补记', attendeeIds: ['m-a', HOSPITAL.surgeon] },
        422,
        'MEETING.ATTENDEE_NOT_MEMBER',
      ],
      [
        'a correction leaving more votes than attendees',
        '/api/meetings/mt-existing/corrections',
        { reason: '更正', attendeeIds: ['m-a'] },
        422,
        'MEETING.VOTES_EXCEED_ATTENDANCE',
      ],
      // Lectures
      [
        'a lecture id already recorded',
        '/api/lectures',
        lecture({ lectureId: 'lc-existing' }),
        409,
        'LECTURE.ALREADY_RECORDED',
      ],
      [
        'a lecturer from another branch',
        '/api/lectures',
        lecture({ lecturerId: HOSPITAL.surgeon }),
        422,
        'LECTURE.LECTURER_NOT_MEMBER',
      ],
      [
        'a lecture attendee from another branch',
        '/api/lectures',
        lecture({ attendeeIds: ['m-a', HOSPITAL.surgeon] }),
        422,
        'LECTURE.ATTENDEE_NOT_MEMBER',
      ],
      [
        'a lecture attendee listed twice',
        '/api/lectures',
        lecture({ attendeeIds: ['m-a', 'm-a'] }),
        422,
        'LECTURE.DUPLICATE_ATTENDEE',
      ],
      // Volunteer services
      [
        'a volunteer service id already recorded',
        '/api/volunteer-services',
        service({ serviceId: 'vs-existing' }),
        409,
        'VOLUNTEER_SERVICE.ALREADY_RECORDED',
      ],
      [
        'a participant from another branch',
        '/api/volunteer-services',
        service({ participantIds: [HOSPITAL.surgeon] }),
        422,
        'VOLUNTEER_SERVICE.PARTICIPANT_NOT_MEMBER',
      ],
      [
        'a participant listed twice',
        '/api/volunteer-services',
        service({ participantIds: ['m-a', 'm-a'] }),
        422,
        'VOLUNTEER_SERVICE.DUPLICATE_PARTICIPANT',
      ],
      // The unit
      ['a meeting in a missing unit', '/api/meetings', assembly({ unitId: 'nope' }), 404, 'ORG_UNIT.NOT_FOUND'],
      ['a lecture in a missing unit', '/api/lectures', lecture({ unitId: 'nope' }), 404, 'ORG_UNIT.NOT_FOUND'],
      [
        'a volunteer service in a missing unit',
        '/api/volunteer-services',
        service({ unitId: 'nope' }),
        404,
        'ORG_UNIT.NOT_FOUND',
      ],
      [
        'a meeting on the day its branch was dissolved (local date, 00:30 in Shanghai)',
        '/api/meetings',
        assembly({ unitId: CLOSED, heldAt: '2024-01-01T00:30:00+08:00' }),
        422,
        'ORG_UNIT.DISSOLVED',
      ],
      ['a lecture in a dissolved branch', '/api/lectures', lecture({ unitId: CLOSED }), 422, 'ORG_UNIT.DISSOLVED'],
      [
        'a volunteer service in a dissolved branch',
        '/api/volunteer-services',
        service({ unitId: CLOSED }),
        422,
        'ORG_UNIT.DISSOLVED',
      ],
      // Time
      [
        'a meeting in the future',
        '/api/meetings',
        assembly({ heldAt: '2999-01-01T09:00:00+08:00' }),
        422,
        'TIME.IN_FUTURE',
      ],
      [
        'a lecture in the future',
        '/api/lectures',
        lecture({ givenAt: '2999-01-01T09:00:00+08:00' }),
        422,
        'TIME.IN_FUTURE',
      ],
      [
        'a volunteer service in the future',
        '/api/volunteer-services',
        service({ heldOn: '2999-01-01' }),
        422,
        'TIME.IN_FUTURE',
      ],
      // Personal data
      ['a mobile number in a meeting topic', '/api/meetings', assembly({ topic: MOBILE }), 422, 'PII.FORBIDDEN'],
      ['a resident ID in minutes', '/api/meetings', assembly({ minutesSummary: RESIDENT_ID }), 422, 'PII.FORBIDDEN'],
      [
        'a mobile number in an absentee’s reason',
        '/api/meetings',
        assembly({ absentees: [{ memberId: HOSPITAL.probationary, reason: MOBILE }] }),
        422,
        'PII.FORBIDDEN',
      ],
      [
        'a mobile number in a motion',
        '/api/meetings',
        assembly({ votes: [{ motion: MOBILE, yes: 1, no: 0, abstain: 0 }] }),
        422,
        'PII.FORBIDDEN',
      ],
      [
        'a mobile number in a correction’s reason',
        '/api/meetings/mt-existing/corrections',
        { reason: MOBILE },
        422,
        'PII.FORBIDDEN',
      ],
      [
        'a resident ID in a corrected topic',
        '/api/meetings/mt-existing/corrections',
        { reason: '更正', topic: RESIDENT_ID },
        422,
        'PII.FORBIDDEN',
      ],
      [
        'a mobile number in a revocation’s reason',
        '/api/meetings/mt-existing/revocation',
        { reason: MOBILE },
        422,
        'PII.FORBIDDEN',
      ],
      ['a mobile number in a lecture title', '/api/lectures', lecture({ title: MOBILE }), 422, 'PII.FORBIDDEN'],
      [
        'a resident ID in a volunteer service place',
        '/api/volunteer-services',
        service({ place: RESIDENT_ID }),
        422,
        'PII.FORBIDDEN',
      ],
    ])('refuses %s', async (_rule, path, body, status, code) => {
      await refused(path, body, status, code);
    });

    it.each([
      ['an unknown field', '/api/meetings', assembly({ location: '会议室' }), '/location'],
      [
        'a negative vote count',
        '/api/meetings',
        assembly({ votes: [{ motion: '通过计划', yes: -1, no: 0, abstain: 0 }] }),
        '/votes/0/yes',
      ],
      [
        'a fractional vote count',
        '/api/meetings',
        assembly({ votes: [{ motion: 'x', yes: 1.5, no: 0, abstain: 0 }] }),
        '/votes/0/yes',
      ],
      [
        'an unknown field in an absentee',
        '/api/meetings',
        assembly({ absentees: [{ memberId: 'm-p', reason: 'x', note: 'y' }] }),
        '/absentees/0/note',
      ],
      ['an unknown meeting kind', '/api/meetings', assembly({ kind: 'party' }), '/kind'],
      ['a time without an offset', '/api/meetings', assembly({ heldAt: '2024-03-12T09:30:00' }), '/heldAt'],
      [
        'a null topic in a correction',
        '/api/meetings/mt-existing/corrections',
        { reason: '更正', topic: null },
        '/topic',
      ],
      ['a lecture of no minutes', '/api/lectures', lecture({ durationMinutes: 0 }), '/durationMinutes'],
      ['a lecture longer than a day', '/api/lectures', lecture({ durationMinutes: 1441 }), '/durationMinutes'],
      ['negative beneficiaries', '/api/volunteer-services', service({ beneficiaries: -1 }), '/beneficiaries'],
      [
        'more than 500 participants',
        '/api/volunteer-services',
        service({ participantIds: Array.from({ length: 501 }, (_, i) => `m-${i}`) }),
        '/participantIds',
      ],
    ])('refuses %s: 400 VALIDATION.FAILED', async (_rule, path, body, pointer) => {
      const response = await refused(path, body, 400, 'VALIDATION.FAILED');
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });
  });

  describe('who may record', () => {
    it('lets the cardiology secretary record in cardiology and in its group', async () => {
      await post('/api/meetings', tokens.cardiologySecretary).send(assembly()).expect(201);
      const group = await post('/api/meetings', tokens.cardiologySecretary)
        .send(
          assembly({
            meetingId: 'mt-group',
            unitId: HOSPITAL.cardiologyGroup,
            kind: 'group-meeting',
            hostMemberId: 'm-a',
            attendeeIds: ['m-b'],
            absentees: [],
            votes: [],
          }),
        )
        .expect(201);
      expect(group.body.events).toMatchObject([{ type: 'MeetingHeld' }]);
      await post('/api/meetings/mt-group/corrections', tokens.cardiologySecretary)
        .send({ reason: '更正议题', topic: '学习党章' })
        .expect(201);
      await post('/api/lectures', tokens.cardiologySecretary).send(lecture()).expect(201);
      await post('/api/volunteer-services', tokens.cardiologySecretary).send(service()).expect(201);
    });

    it('refuses the cardiology secretary in surgery: 403 AUTH.FORBIDDEN', async () => {
      const surgery = {
        unitId: HOSPITAL.surgery,
        hostMemberId: HOSPITAL.surgeon,
        attendeeIds: [HOSPITAL.committeeMember],
      };
      await post('/api/meetings')
        .send(assembly({ ...surgery, meetingId: 'mt-surgery', absentees: [], votes: [] }))
        .expect(201);
      const secretary = tokens.cardiologySecretary;
      await refused(
        '/api/meetings',
        assembly({ ...surgery, absentees: [], votes: [] }),
        403,
        'AUTH.FORBIDDEN',
        secretary,
      );
      await refused(
        '/api/meetings/mt-surgery/corrections',
        { reason: '更正', topic: 'x' },
        403,
        'AUTH.FORBIDDEN',
        secretary,
      );
      await refused('/api/meetings/mt-surgery/revocation', { reason: '误录' }, 403, 'AUTH.FORBIDDEN', secretary);
      await refused('/api/lectures', lecture({ unitId: HOSPITAL.surgery }), 403, 'AUTH.FORBIDDEN', secretary);
      await refused('/api/volunteer-services', service({ unitId: HOSPITAL.surgery }), 403, 'AUTH.FORBIDDEN', secretary);
    });

    it('lets the decider answer a secretary about a meeting never recorded', async () => {
      await refused(
        '/api/meetings/mt-none/revocation',
        { reason: '误录' },
        404,
        'MEETING.NOT_FOUND',
        tokens.cardiologySecretary,
      );
    });

    const writes: [string, () => object][] = [
      ['/api/meetings', () => assembly()],
      ['/api/meetings/mt-existing/corrections', () => ({ reason: '更正', topic: 'x' })],
      ['/api/meetings/mt-existing/revocation', () => ({ reason: '误录' })],
      ['/api/lectures', () => lecture()],
      ['/api/volunteer-services', () => service()],
    ];
    it.each(
      (['reader', 'inspector', 'assessor'] as const).flatMap((role) =>
        writes.map(([path, body]) => [role, path, body] as const),
      ),
    )('refuses a %s at %s: 403 AUTH.FORBIDDEN', async (role, path, body) => {
      await refused(path, body(), 403, 'AUTH.FORBIDDEN', tokens[role]);
    });
  });
});
