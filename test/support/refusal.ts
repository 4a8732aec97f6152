import { EVENT_STORE, type EventStore } from '@app/event-store';
import request from 'supertest';
import type { TestApp } from './app';

/** Posts a request that must be refused with `status` and `code`, and proves the log did not grow. */
export async function expectRefusedWithoutWriting(
  testApp: TestApp,
  token: string,
  path: string,
  body: object,
  expected: { readonly status: number; readonly code: string },
): Promise<request.Response> {
  const log = testApp.app.get<EventStore>(EVENT_STORE);
  const before = await log.headPosition();
  const response = await request(testApp.app.getHttpServer())
    .post(path)
    .set('Authorization', `Bearer ${token}`)
    .send(body);
  expect({ status: response.status, code: response.body.code }).toEqual(expected);
  expect(await log.headPosition()).toBe(before);
  return response;
}
