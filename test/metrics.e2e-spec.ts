import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Projector } from '@app/read-models';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { projections } from '../apps/api/src/projections';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, seedHospital, type SeededHospital } from './support/hospital';

/** One sample of the Prometheus text format: its metric name, labels and value. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

describe('/metrics carries the product’s own series', () => {
  let testApp: TestApp;
  let tokens: SeededHospital;
  const server = () => testApp.app.getHttpServer();
  const get = (path: string, token = tokens.admin) =>
    request(server()).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object = {}, token = tokens.admin) =>
    request(server()).post(path).set('Authorization', `Bearer ${token}`).send(body);

  const scrape = async () => {
    const response = await request(server()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: response.text, samples: parseExposition(response.text) };
  };
  /** The value of the one sample with this name whose labels include these; undefined when there is none. */
  const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) => {
    const found = samples.filter(
      (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
    if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
    return found[0]?.value;
  };
  const caughtUp = async () => {
    const head = await testApp.app.get<EventStore>(EVENT_STORE).headPosition();
    await get(`/api/org-units?minPosition=${head}`).expect(200);
    return head;
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    tokens = await seedHospital(testApp);
  });
  afterAll(() => testApp.close());

  it('times requests by route template and status, never by the raw URL; unmatched routes share one label', async () => {
    await get(`/api/members/${HOSPITAL.surgeon}`).expect(200);
    await get(`/api/members/${HOSPITAL.secretary}`).expect(200);
    await get('/api/members/m-nobody').expect(404);
    await get('/no/such/page-4711').expect(404);
    const { text, samples } = await scrape();

    const count = (route: string, status: string) =>
      valueOf(samples, 'partybuilding_http_request_duration_seconds_count', {
        method: 'GET',
        route,
        status_code: status,
      });
    expect(count('/api/members/:memberId', '200')).toBe(2);
    expect(count('/api/members/:memberId', '404')).toBe(1);
    expect(count('unmatched', '404')).toBe(1);
    // The seeding's commands, by their templates too.
    expect(
      valueOf(samples, 'partybuilding_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/members/:memberId/posts',
        status_code: '201',
      }),
    ).toBeGreaterThan(0);
    for (const raw of [HOSPITAL.surgeon, HOSPITAL.secretary, 'm-nobody', 'page-4711']) expect(text).not.toContain(raw);
    expect(text).toContain('# HELP partybuilding_http_request_duration_seconds ');
    // The process's default series are still there beside the product's.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts appended events and the group commit’s batches, and both grow with a command', async () => {
    const before = (await scrape()).samples;
    const appended = valueOf(before, 'partybuilding_events_appended_total')!;
    const commits = valueOf(before, 'partybuilding_event_store_commit_batch_appends_count')!;
    // Every event so far: the seeding wrote them, one per request, plus none resent.
    expect(appended).toBe(Number(await testApp.app.get<EventStore>(EVENT_STORE).headPosition()));
    expect(commits).toBeGreaterThan(0);
    expect(valueOf(before, 'partybuilding_event_store_commit_batch_appends_sum')).toBeGreaterThanOrEqual(commits);

    await post(`/api/members/${HOSPITAL.surgeon}/status`, {
      status: 'suspended',
      effectiveOn: '2023-03-01',
      reason: '留置审查',
    }).expect(201);
    const after = (await scrape()).samples;
    expect(valueOf(after, 'partybuilding_events_appended_total')).toBe(appended + 1);
    expect(valueOf(after, 'partybuilding_event_store_commit_batch_appends_count')).toBe(commits + 1);
    expect(valueOf(after, 'partybuilding_event_store_commit_batch_appends_bucket', { le: '1' })).toBeGreaterThan(0);
  });

  it('reports each projection’s position, lag and parked events as the admin API does', async () => {
    const head = await caughtUp();
    const { samples } = await scrape();
    const { body: statuses } = await get('/api/admin/projections').expect(200);
    expect(statuses).toHaveLength(projections.length);
    for (const status of statuses as { name: string; position: string; lag: number; parked: number }[]) {
      const projection = { projection: status.name };
      expect(valueOf(samples, 'partybuilding_projection_position', projection)).toBe(Number(status.position));
      expect(valueOf(samples, 'partybuilding_projection_lag', projection)).toBe(status.lag);
      expect(valueOf(samples, 'partybuilding_projection_parked_events', projection)).toBe(status.parked);
    }
    // Caught up, every projection applied up to the head (those its events concern, at least).
    expect(valueOf(samples, 'partybuilding_projection_lag', { projection: 'members' })).toBe(0);
    expect(valueOf(samples, 'partybuilding_projection_position', { projection: 'members' })).toBe(Number(head));
  });

  it('reports a rebuild’s progress, read against the events it had to read', async () => {
    expect(
      valueOf((await scrape()).samples, 'partybuilding_projection_rebuild_total_events', { projection: 'members' }),
    ).toBeUndefined();
    const head = await caughtUp();
    await post('/api/admin/projections/members/rebuild').expect(202);
    await testApp.app.get(Projector).rebuildFinished('members');
    const { samples } = await scrape();
    const members = { projection: 'members' };
    expect(valueOf(samples, 'partybuilding_projection_rebuild_total_events', members)).toBe(Number(head));
    expect(valueOf(samples, 'partybuilding_projection_rebuild_processed_events', members)).toBe(Number(head));
    // Only the rebuilt projection has a rebuild to report.
    expect(
      valueOf(samples, 'partybuilding_projection_rebuild_total_events', { projection: 'meetings' }),
    ).toBeUndefined();
  });

  it('keeps the latest verification’s result and time, and turns to 0 when the log was tampered with', async () => {
    const inspect = (path: string) => post(path, {}, tokens.inspector);
    // The server verified the log before it listened: a result from the start.
    const started = (await scrape()).samples;
    expect(valueOf(started, 'partybuilding_audit_last_verification_ok')).toBe(1);
    const startedAt = valueOf(started, 'partybuilding_audit_last_verification_timestamp_seconds')!;
    expect(startedAt).toBeGreaterThan(0);
    const start = Math.floor(Date.now() / 1000);
    expect((await inspect('/api/audit/verification').expect(200)).body.ok).toBe(true);
    const clean = (await scrape()).samples;
    expect(valueOf(clean, 'partybuilding_audit_last_verification_ok')).toBe(1);
    expect(valueOf(clean, 'partybuilding_audit_last_verification_problems')).toBe(0);
    const at = valueOf(clean, 'partybuilding_audit_last_verification_timestamp_seconds')!;
    expect(at).toBeGreaterThanOrEqual(Math.max(start, startedAt));
    expect(at).toBeLessThanOrEqual(Date.now() / 1000);

    const db = new Database(join(testApp.dataDir, 'events.sqlite'));
    db.exec(
      `UPDATE events SET data = json_set(data, '$.name', '伪造') WHERE stream_id = 'member-m-c' AND revision = 1`,
    );
    db.close();
    expect((await inspect('/api/audit/verification').expect(200)).body.ok).toBe(false);
    const tampered = (await scrape()).samples;
    expect(valueOf(tampered, 'partybuilding_audit_last_verification_ok')).toBe(0);
    expect(valueOf(tampered, 'partybuilding_audit_last_verification_problems')).toBe(1);
    expect(valueOf(tampered, 'partybuilding_audit_last_verification_timestamp_seconds')).toBeGreaterThanOrEqual(at);
  });
});
