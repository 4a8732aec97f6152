import { EVENT_STORE, type EventStore } from '@app/event-store';
import { MemoryReadModelStore, Projector, READ_MODEL_STORE, type ReadModelStore } from '@app/read-models';
import request from 'supertest';
import { projections } from '../apps/api/src/projections';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

// The setup writes 30,000 events and the rebuild test runs until the rebuild completes: seconds, not milliseconds.
jest.setTimeout(60_000);

describe('projection admin over HTTP: status, rebuild while serving, parked events', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const server = () => testApp.app.getHttpServer();
  const get = (path: string, token = tokens.admin) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object = {}, token = tokens.admin) =>
    request(server()).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const { hospitalId, cardiologyGroup } = HOSPITAL;

  let meetings = 0;
  /** A group meeting on its own day of 2024; answers the position of its event. */
  const groupMeeting = async () => {
    const n = meetings++;
    const day = new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const { body } = await post('/api/meetings', {
      meetingId: `adm-gm-${n}`,
      unitId: cardiologyGroup,
      kind: 'group-meeting',
      heldAt: `${day}T12:00:00+08:00`,
      topic: '学习贯彻党的二十大精神',
      hostMemberId: 'm-a',
      attendeeIds: ['m-a', 'm-b'],
      absentees: [],
      votes: [],
    }).expect(201);
    return (body as { position: string }).position;
  };
  const groupMeetingsHeld = async (minPosition: string) => {
    const { body } = await get(
      `/api/reports/meeting-compliance?hospitalId=${hospitalId}&periodId=2024&minPosition=${minPosition}`,
      tokens.reader,
    ).expect(200);
    const group = (body.items as { unitId: string; held: Record<string, number> }[]).find(
      (item) => item.unitId === cardiologyGroup,
    );
    return group?.held['group-meeting'] ?? 0;
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
    for (let n = 0; n < 10; n++) await groupMeeting();
    // A log long enough that the rebuild is still reading it while the commands and queries below run.
    const eventStore = testApp.app.get<EventStore>(EVENT_STORE);
    for (let stream = 0; stream < 30; stream++) {
      const filler = Array.from({ length: 1000 }, (_, n) => ({ type: 'FillerRecorded', data: { n } }));
      await eventStore.appendToStream(`filler-${stream}`, filler);
    }
  });
  afterAll(() => testApp.close());

  it('lists every projection live once caught up', async () => {
    const head = await testApp.app.get<EventStore>(EVENT_STORE).headPosition();
    await get(`/api/org-units?minPosition=${head}`).expect(200);
    const { body } = await get('/api/admin/projections').expect(200);
    expect(body.map((status: { name: string }) => status.name).sort()).toEqual(
      projections.map((projection) => projection.name).sort(),
    );
    expect(body.every((status: { status: string; lag: number }) => status.status === 'live' && status.lag === 0)).toBe(
      true,
    );
  });

  it('rebuilds while commands and queries go on: no query fails or sees a half-built report; the result equals a from-scratch replay', async () => {
    let lastAcknowledged = await groupMeeting();
    let acknowledged = meetings;
    const { body: started } = await post('/api/admin/projections/meetings/rebuild').expect(202);
    expect((await post('/api/admin/projections/meetings/rebuild').expect(409)).body.code).toBe(
      'PROJECTION.REBUILD_RUNNING',
    );

    const seen: string[] = [];
    const progress: { processed: number; total: number }[] = [];
    let running = true;
    const writer = (async () => {
      while (running) {
        lastAcknowledged = await groupMeeting();
        acknowledged = meetings;
      }
    })();
    const reader = (async () => {
      while (running) {
        const [position, atLeast] = [lastAcknowledged, acknowledged];
        // A half-built report would count fewer meetings than were acknowledged before the query.
        expect(await groupMeetingsHeld(position)).toBeGreaterThanOrEqual(atLeast);
      }
    })();
    for (;;) {
      const { body } = await get('/api/admin/projections/meetings').expect(200);
      seen.push(body.status);
      if (body.rebuild.state !== 'running') {
        expect(body.rebuild).toMatchObject({ rebuildId: started.rebuildId, state: 'completed', etaSeconds: 0 });
        break;
      }
      progress.push(body.rebuild);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    running = false;
    await Promise.all([writer, reader]);

    expect(seen).toContain('rebuilding');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every(({ processed, total }) => processed <= total)).toBe(true);
    expect(await groupMeetingsHeld(lastAcknowledged)).toBe(meetings);

    const readModels = testApp.app.get<ReadModelStore>(READ_MODEL_STORE);
    const scratch = new MemoryReadModelStore();
    const meetingsProjection = projections.find((projection) => projection.name === 'meetings')!;
    await new Projector(testApp.app.get<EventStore>(EVENT_STORE), scratch, [meetingsProjection]).replay(() => true);
    const all = (store: ReadModelStore) => store.collection('meetings').find({}, { sort: { _id: 1 } });
    expect(await all(readModels)).toEqual(await all(scratch));
  });

  it('shows a projection’s parked events and retries them by rebuilding', async () => {
    const { body: detail } = await get('/api/admin/projections/meetings').expect(200);
    expect(detail).toMatchObject({ name: 'meetings', parked: 0, parkedEvents: [] });
    const { body } = await post('/api/admin/projections/meetings/retry-parked').expect(202);
    expect(body.rebuildId).toEqual(expect.any(String));
    await testApp.app.get(Projector).rebuildFinished('meetings');
    expect((await get('/api/admin/projections/meetings').expect(200)).body.rebuild).toMatchObject({
      rebuildId: body.rebuildId,
      state: 'completed',
    });
  });

  it('answers 404 for an unknown projection and 403 to anyone but an admin', async () => {
    expect((await get('/api/admin/projections/nothing-here').expect(404)).body.code).toBe('PROJECTION.NOT_FOUND');
    expect((await post('/api/admin/projections/nothing-here/rebuild').expect(404)).body.code).toBe(
      'PROJECTION.NOT_FOUND',
    );
    await get('/api/admin/projections', tokens.inspector).expect(403);
  });
});
