import type { PartyLectureGivenV1 } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { verifyNdjsonExport } from './support/independent-verifier';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

/**
 * A lecture recorded before PartyLectureGiven reached version 2, as its event sits in the log: one `lecturerId`,
 * schema version 1, appended with the hash chain like any other.
 */
const storedV1: PartyLectureGivenV1 = {
  type: 'PartyLectureGiven',
  data: {
    lectureId: 'old-lecture',
    unitId: HOSPITAL.cardiology,
    lecturerId: 'm-c',
    title: '学习党章',
    givenAt: '2024-03-05T14:00:00+08:00',
    hospitalId: HOSPITAL.hospitalId,
    givenOn: '2024-03-05',
    attendeeIds: ['m-a'],
    durationMinutes: 60,
  },
};

describe('PartyLectureGiven at schema versions 1 and 2 (upcasting)', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  let log: EventStore;
  /** Where the v1 lecture sits in the log, and an instant after it was written, for asOf. */
  let v1Position: string;
  let afterV1: string;
  const get = (path: string, token = tokens.inspector) =>
    request(testApp.app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object, token = tokens.admin) =>
    request(testApp.app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    log = testApp.app.get<EventStore>(EVENT_STORE);
    const appended = await log.appendToStream('lecture-old-lecture', [
      { ...storedV1, metadata: { schemaVersion: 1, actor: { subject: 'admin-1', roles: ['admin'] } } },
    ]);
    v1Position = appended.position;
    await new Promise((resolve) => setTimeout(resolve, 20));
    afterV1 = new Date().toISOString();
  });
  afterAll(() => testApp.close());

  it('current code records a lecture at version 2, its one lecturer as the list, the request body unchanged', async () => {
    const created = await post('/api/lectures', {
      lectureId: 'new-lecture',
      unitId: HOSPITAL.cardiology,
      lecturerId: HOSPITAL.secretary,
      title: '践行初心使命',
      givenAt: '2024-04-10T14:00:00+08:00',
      attendeeIds: ['m-a', 'm-b'],
      durationMinutes: 90,
    }).expect(201);
    const [stored] = await log.readStream(created.body.streamId);
    expect(stored.metadata.schemaVersion).toBe(2);
    expect(stored.data).toMatchObject({ lecturerIds: [HOSPITAL.secretary] });
    expect(stored.data).not.toHaveProperty('lecturerId');
  });

  it('projects the v1 lecture like a v2 one: its lecturer earns the lecture’s points, now and asOf', async () => {
    const lecturer = (body: { items: { memberId: string }[] }) => body.items.find((item) => item.memberId === 'm-c');
    const points = `/api/rankings/members?hospitalId=${HOSPITAL.hospitalId}&year=2024`;
    const now = await get(`${points}&minPosition=${v1Position}`, tokens.reader).expect(200);
    expect(lecturer(now.body)).toMatchObject({ lecturesGiven: 1, lecturesAttended: 0 });
    const then = await get(`${points}&asOf=${afterV1}`, tokens.reader).expect(200);
    expect(lecturer(then.body)).toMatchObject({ lecturesGiven: 1 });
  });

  it('decides over the v1 lecture: recording the same lecture again is refused', async () => {
    const again = await post('/api/lectures', {
      lectureId: 'old-lecture',
      unitId: HOSPITAL.cardiology,
      lecturerId: 'm-c',
      title: '学习党章',
      givenAt: '2024-03-05T14:00:00+08:00',
      attendeeIds: ['m-a'],
      durationMinutes: 60,
    }).expect(409);
    expect(again.body.code).toBe('LECTURE.ALREADY_RECORDED');
  });

  it('replays the v1 lecture upcast, while the stream’s history shows it as stored, chain intact', async () => {
    const replay = await get('/api/audit/streams/lecture-old-lecture/replay').expect(200);
    const { lecturerId, ...rest } = storedV1.data;
    expect(replay.body.steps[0].state).toEqual({
      status: 'given',
      lecture: { ...rest, lecturerIds: [lecturerId] },
    });

    const history = await get('/api/audit/streams/lecture-old-lecture').expect(200);
    expect(history.body.chain).toEqual({ ok: true, sealId: null, sealSequence: null, problems: [] });
    expect(history.body.events[0]).toMatchObject({ data: storedV1.data, metadata: { schemaVersion: 1 } });
    expect(history.body.events[0].data).not.toHaveProperty('lecturerIds');
  });

  it('verifies, lists and exports the v1 lecture as stored, and the export re-verifies independently', async () => {
    const verification = await post('/api/audit/verification', {}, tokens.inspector).expect(200);
    expect(verification.body).toMatchObject({ ok: true, problems: [] });

    const trail = await get(`/api/audit/events?type=PartyLectureGiven&minPosition=${v1Position}`).expect(200);
    const [listed] = trail.body.items;
    expect(listed).toMatchObject({ streamId: 'lecture-old-lecture', data: storedV1.data });
    expect(listed.metadata.schemaVersion).toBe(1);

    const exported = await get('/api/audit/export?format=ndjson&type=PartyLectureGiven')
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    const lines = (exported.body as string).split('\n').filter((line) => line.length > 0);
    expect(JSON.parse(lines[0])).toMatchObject({ streamId: 'lecture-old-lecture', data: storedV1.data });
    expect(verifyNdjsonExport(exported.body as string)).toEqual({ events: lines.length, broken: [] });
  });
});
