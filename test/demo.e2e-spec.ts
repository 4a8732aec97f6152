import { demoCity, demoRequests } from '@app/demo';
import { DEFAULT_TIME_ZONE, localDate } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import { runDemo } from '../apps/api/src/demo-mode';
import { startTestApp, type TestApp } from './support/app';

describe('the demo: a city loaded through the API, then a tour of it', () => {
  const baseUrl = 'http://localhost:3000';
  let testApp: TestApp;
  let printed = '';
  const today = localDate(new Date().toISOString(), DEFAULT_TIME_ZONE);
  const { landmarks } = demoCity({ scale: 'tiny', today });

  const exported = (text: string, name: string) => new RegExp(`export ${name}='([^']+)'`).exec(text)?.[1];
  /** The printed curl commands, as the path and the token each one uses. */
  const examples = (text: string) =>
    [...text.matchAll(/curl -s '([^']+)' -H "Authorization: Bearer \$(\w+)"/g)].map(([, url, name]) => ({
      path: url.slice(baseUrl.length),
      token: exported(text, name)!,
    }));
  const get = (path: string, token: string) =>
    request(testApp.app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    testApp = await startTestApp();
    await runDemo(testApp.app, {
      scale: 'tiny',
      baseUrl,
      out: { write: (text: string) => (printed += text) },
    });
  }, 120_000);
  afterAll(() => testApp.close());

  it('sends every request of the city and has each one accepted, one event apiece', () => {
    const expected = [...demoRequests(demoCity({ scale: 'tiny', today }))].length;
    const [, requests, events] = /Loaded ([\d,]+) requests, ([\d,]+) events/.exec(printed) ?? [];
    expect(Number(requests?.replace(/,/g, ''))).toBe(expected);
    expect(Number(events?.replace(/,/g, ''))).toBe(expected);
  });

  it('prints Swagger UI, a ready token per role and four example requests', () => {
    expect(printed).toContain(`Swagger UI: ${baseUrl}/docs`);
    for (const role of ['ADMIN', 'INSPECTOR', 'READER', 'SECRETARY', 'ASSESSOR']) {
      expect({ role, token: exported(printed, role) }).toEqual({ role, token: expect.stringMatching(/^eyJ/) });
    }
    expect(examples(printed)).toHaveLength(4);
    expect(printed.trimEnd().endsWith(`Ready: ${baseUrl}/docs`)).toBe(true);
  });

  it('exports the API, its data directory and the demo names the README’s journeys use', () => {
    const names = ['API', 'DATA_DIR', 'HOSPITAL', 'BRANCH', 'PERIOD', 'QUARTER', 'YEAR', 'MONTH', 'MEETING'];
    expect(Object.fromEntries(names.map((name) => [name, exported(printed, name)]))).toEqual({
      API: baseUrl,
      DATA_DIR: testApp.dataDir,
      HOSPITAL: landmarks.hospitalId,
      BRANCH: landmarks.branchId,
      PERIOD: landmarks.closedPeriodId,
      QUARTER: landmarks.quarter,
      YEAR: landmarks.quarter.slice(0, 4),
      MONTH: landmarks.month,
      MEETING: landmarks.correctedMeetingId,
    });
  });

  it('ranks the branches of 中心医院 for a closed period, with stars', async () => {
    const [ranking] = examples(printed);
    const { body } = await get(ranking.path, ranking.token).expect(200);
    expect(body).toMatchObject({ periodId: landmarks.closedPeriodId, closed: true, schemeId: 'default-2024' });
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ rank: 1, stars: expect.any(Number), assessors: 2 });
    // The tiny city's few branches all discharge patients (the default city has branches that do not: see
    // demo-city.spec); whichever has no basis for an indicator lists it as not applicable, without points.
    expect(body.notApplicableRule).toBe('rescale');
    for (const item of body.items as { ratios: Record<string, number | null>; notApplicable: string[] }[]) {
      const withoutBasis = Object.keys(item.ratios).filter((indicator) => item.ratios[indicator] === null);
      expect(item.notApplicable).toEqual(withoutBasis);
      for (const indicator of withoutBasis) expect(item).toHaveProperty(indicator, null);
    }
  });

  it('finds the planned general assembly short of its quorum in the compliance report', async () => {
    const [, compliance] = examples(printed);
    const { body } = await get(compliance.path, compliance.token).expect(200);
    const findings = body.items.flatMap((item: { findings: { code: string; meetingId?: string }[] }) => item.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'QUORUM_NOT_MET', meetingId: landmarks.quorumFailureMeetingId }),
    );
  });

  it('replays the corrected meeting with who wrote it and why it was corrected, and lists the branch’s trail', async () => {
    const [, , replay, trail] = examples(printed);
    const steps = (await get(replay.path, replay.token).expect(200)).body.steps;
    expect(steps.map((step: { type: string }) => step.type)).toEqual(['MeetingHeld', 'MeetingRecordCorrected']);
    expect(steps[1]).toMatchObject({
      actor: { subject: landmarks.secretaryId, roles: ['secretary'] },
      reason: expect.stringContaining('签到表'),
    });
    const { body } = await get(trail.path, trail.token).expect(200);
    expect(body.items).toHaveLength(20);
  });

  it('reports the month’s follow-ups of 中心医院 by branch', async () => {
    const { body } = await get(
      `/api/reports/follow-ups?hospitalId=${landmarks.hospitalId}&month=${landmarks.month}`,
      exported(printed, 'READER')!,
    ).expect(200);
    const scheduled = body.items.reduce((sum: number, item: { scheduled: number }) => sum + item.scheduled, 0);
    expect(scheduled).toBeGreaterThan(0);
  });

  it('finds the member who drifted away, and no branch too small, in the organization report', async () => {
    const { body } = await get(
      `/api/reports/organization?hospitalId=${landmarks.hospitalId}&on=${landmarks.month}-30`,
      exported(printed, 'READER')!,
    ).expect(200);
    const codes = body.items.flatMap((item: { findings: { code: string }[] }) => item.findings.map((f) => f.code));
    expect(codes).toContain('MEMBER_INACTIVE_6_MONTHS');
    expect(codes).not.toContain('BRANCH_TOO_SMALL');
  });

  it('prints a secretary token that reads its own branch’s members', async () => {
    await get(`/api/members/${landmarks.secretaryId}`, exported(printed, 'SECRETARY')!).expect(200);
  });

  it('leaves a store that already holds events as it is, and still prints the tour', async () => {
    const store = testApp.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    let again = '';
    await runDemo(testApp.app, {
      scale: 'tiny',
      baseUrl,
      out: { write: (text: string) => (again += text) },
    });
    expect(again).toContain('nothing loaded');
    expect(await store.headPosition()).toBe(head);
    expect(examples(again).map((example) => example.path)).toEqual(examples(printed).map((example) => example.path));
  });
});
