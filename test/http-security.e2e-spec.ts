import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';

describe('security headers and CORS', () => {
  const ALLOWED = 'https://dangjian.hospital.example';
  const STRANGER = 'https://evil.example';
  let closed: TestApp;
  let open: TestApp;
  const http = (testApp: TestApp) => request(testApp.app.getHttpServer());
  const preflight = (testApp: TestApp, origin: string) =>
    http(testApp)
      .options('/api/rankings/branches')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');

  beforeAll(async () => {
    closed = await startTestApp();
    open = await startTestApp({ CORS_ORIGINS: ALLOWED });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  it('sends helmet’s headers on every answer, problems included', async () => {
    for (const response of [await http(closed).get('/health'), await http(closed).get('/api/rankings/branches')]) {
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
      });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves Swagger UI under a policy its page fits: scripts only from files of its own, inline styles allowed', async () => {
    const page = await http(closed).get('/docs').redirects(1).expect(200);
    const policy = page.headers['content-security-policy'] as string;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    const scripts = page.text.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toMatch(/src=/);
  });

  it('keeps CORS closed by default: no origin is allowed, not even on a preflight', async () => {
    const answer = await preflight(closed, ALLOWED);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const read = await http(closed).get('/health').set('Origin', ALLOWED);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the configured origins', async () => {
    const allowed = await preflight(open, ALLOWED);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    const stranger = await preflight(open, STRANGER);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });
});
