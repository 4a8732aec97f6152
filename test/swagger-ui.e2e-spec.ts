import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { HOSPITAL, VALID, seedHospital } from './support/hospital';

/** Debian's chromium, which `.ci/run` installs with apt when it is missing. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SCREENSHOT = join(__dirname, '..', 'reports', 'swagger-try-it-out.png');

/**
 * A newcomer's first call, in the browser: authorize with a token, open the branch ranking, "Try it out", fill only
 * the two ids, Execute. Whatever Swagger UI fills in by itself (an optional parameter's example or default) is sent
 * too, so this fails when the document invites it to fill in something that changes the answer.
 */
describe('Swagger UI "Try it out"', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let reader: string;
  let browser: Browser | undefined;
  let profile: string;
  const period = `${HOSPITAL.hospitalId}-2024-Q1`;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run this test`);
    }
    testApp = await startTestApp();
    const tokens = await seedHospital(testApp);
    reader = tokens.reader;
    for (const [path, body] of [
      ['/api/assessment-periods', { periodId: period, hospitalId: HOSPITAL.hospitalId, schemeId: 'default-2024' }],
      [`/api/assessment-periods/${period}/scores`, { ...VALID.scoreSheet, branchId: HOSPITAL.cardiology }],
    ] as const) {
      await request(testApp.app.getHttpServer())
        .post(path)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .send(body)
        .expect(201);
    }
    await testApp.app.listen(0, '127.0.0.1');
    baseUrl = await testApp.app.getUrl();

    profile = mkdtempSync(join(tmpdir(), 'swagger-ui-chromium-'));
    // Exactly these flags: Playwright's own defaults are left out, so the browser runs as CI runs it.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      ignoreDefaultArgs: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await testApp?.close();
  });

  it('runs the branch ranking with only periodId and hospitalId filled, and shows 200', async () => {
    const page = await browser!.newPage();
    await page.goto(`${baseUrl}/docs`);

    await page.locator('.auth-wrapper .authorize').click();
    await page.locator('.auth-container input').fill(reader);
    await page.locator('.auth-btn-wrapper .authorize').click();
    await page.locator('.auth-btn-wrapper .btn-done').click();

    const operation = page.locator('#operations-reports-RankingsController_branches');
    await operation.locator('.opblock-summary').click();
    await operation.locator('.try-out__btn').click();
    await operation.locator('tr[data-param-name="periodId"] input').fill(period);
    await operation.locator('tr[data-param-name="hospitalId"] input').fill(HOSPITAL.hospitalId);
    await operation.locator('.execute').click();

    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.waitFor();
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await operation.screenshot({ path: SCREENSHOT });
    const requestUrl = new URL((await operation.locator('.request-url pre').textContent()) ?? '');
    expect({
      status: (await status.textContent())?.trim(),
      query: Object.fromEntries(requestUrl.searchParams),
    }).toEqual({ status: '200', query: { periodId: period, hospitalId: HOSPITAL.hospitalId } });
    expect(
      await operation.locator('.live-responses-table .response .response-col_description').textContent(),
    ).toContain(HOSPITAL.cardiology);
  }, 60_000);
});
