import { demoCity, demoRequests } from './demo-city';
import type { DemoCaller } from './demo-request';
import { DemoLoadError, loadDemoCity, type DemoHttpRequest, type DemoHttpResponse } from './demo-loader';

const today = '2026-11-23';
const tiny = [...demoRequests(demoCity({ scale: 'tiny', today }))];

/** An API stand-in that answers every write after a tick, like the real one, and records what it saw. */
function fakeApi(answer: (request: DemoHttpRequest, index: number) => DemoHttpResponse | null = () => null) {
  const seen: DemoHttpRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (request: DemoHttpRequest): Promise<DemoHttpResponse> => {
    const index = seen.push(request) - 1;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    return answer(request, index) ?? { status: 201, body: { position: String(index + 1), events: [{}] } };
  };
  return { send, seen, maxInFlight: () => maxInFlight };
}

const tokenFor = (caller: DemoCaller) => JSON.stringify(caller);

describe('loading the demo city', () => {
  it('sends every request once, with its caller’s token, at most `concurrency` at a time', async () => {
    const api = fakeApi();
    const result = await loadDemoCity(api.send, { scale: 'tiny', today, tokenFor, concurrency: 8 });
    expect(api.seen).toHaveLength(tiny.length);
    expect(new Set(api.seen.map(({ path, body }) => JSON.stringify([path, body]))).size).toBe(tiny.length);
    expect(api.seen.every(({ path, token }) => tiny.some((r) => r.path === path && tokenFor(r.as) === token))).toBe(
      true,
    );
    expect(api.maxInFlight()).toBe(8);
    expect(result).toMatchObject({ requests: tiny.length, events: tiny.length, lastPosition: String(tiny.length) });
  });

  it('sends a record before what depends on it: units, then members, then their activity, then sheets', async () => {
    const api = fakeApi();
    await loadDemoCity(api.send, { scale: 'tiny', today, tokenFor });
    const order = new Map(api.seen.map(({ path, body }, i) => [`${path} ${JSON.stringify(body)}`, i]));
    const at = (path: string, body: object) => order.get(`${path} ${JSON.stringify(body)}`)!;
    const firstAt = (pattern: RegExp) => api.seen.findIndex(({ path }) => pattern.test(path));
    const lastAt = (pattern: RegExp) => api.seen.findLastIndex(({ path }) => pattern.test(path));
    expect(lastAt(/^\/api\/org-units$/)).toBeLessThan(firstAt(/^\/api\/members$/));
    expect(lastAt(/^\/api\/members/)).toBeLessThan(firstAt(/^\/api\/(meetings|follow-ups|lectures)/));
    // Within a chain: each follow-up is scheduled before its calls, each period opened before its sheets.
    for (const request of tiny) {
      const followUp = /^\/api\/follow-ups\/([^/]+)\/attempts$/.exec(request.path)?.[1];
      if (!followUp) continue;
      const scheduled = api.seen.findIndex(({ body }) => (body as { followUpId?: string }).followUpId === followUp);
      expect(scheduled).toBeLessThan(at(request.path, request.body));
    }
    expect(firstAt(/^\/api\/assessment-periods$/)).toBeLessThan(firstAt(/\/scores$/));
  });

  it('asks for one token per caller, not one per request', async () => {
    const callers = new Set(tiny.map((request) => JSON.stringify(request.as)));
    const asked: DemoCaller[] = [];
    await loadDemoCity(fakeApi().send, {
      scale: 'tiny',
      today,
      tokenFor: (caller) => (asked.push(caller), 'token'),
    });
    expect(asked).toHaveLength(callers.size);
  });

  it('asks again for a caller’s token once it is a minute old, so a long load outlasts short-lived tokens', async () => {
    let now = 0;
    // Every reading of the clock is a second later: tokens age quickly.
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    const asked: DemoCaller[] = [];
    try {
      await loadDemoCity(fakeApi().send, {
        scale: 'tiny',
        today,
        tokenFor: (caller) => (asked.push(caller), 'token'),
      });
    } finally {
      clock.mockRestore();
    }
    expect(asked.length).toBeGreaterThan(2 * new Set(tiny.map((request) => JSON.stringify(request.as))).size);
  });

  it('stops at the first refusal, naming the request and the problem', async () => {
    const problem = { status: 422, body: { code: 'MEETING.ATTENDEE_NOT_MEMBER', detail: 'not a member' } };
    const api = fakeApi((_request, index) => (index === 40 ? problem : null));
    const loading = loadDemoCity(api.send, { scale: 'tiny', today, tokenFor, concurrency: 4 });
    await expect(loading).rejects.toThrow(DemoLoadError);
    await expect(loading).rejects.toThrow(/answered 422[\s\S]*MEETING\.ATTENDEE_NOT_MEMBER[\s\S]*body: \{/);
    // Only the requests already in flight when the refusal came back were sent after it.
    expect(api.seen.length).toBeLessThanOrEqual(41 + 4);
  });
});
