// the HTTP notifier (fetch, bounded retries with backoff, never blocks or fails the call), against msw.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpNotifier, RinglineError, type BackendNotice } from '../src/index.js';
import { createVirtualClock, type VirtualClock } from '../src/testing/index.js';

const url = 'https://backend.example.test/ringline/notices';
const start = 1_700_000_000_000;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const notice: BackendNotice = { type: 'callAnswered', callId: 'call-42', at: start, direction: 'inbound', media: 'video' };

function backend(clock: VirtualClock, respond: (attempt: number) => Response): number[] {
  const at: number[] = [];
  server.use(http.post(url, () => {
    at.push(clock.now());
    return respond(at.length);
  }));
  return at;
}

describe('createHttpNotifier', () => {
  it('a backoff function that throws is treated like one that returns nonsense: the notice is still retried, and a final failure is notifierFailed', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, (n) => (n < 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({})));
    const notifier = createHttpNotifier({ url, clock, maxAttempts: 3, backoffMs: () => { throw new Error('bug in the integrator backoff'); } });
    let outcome: unknown = 'pending';
    notifier.notify(notice).then(() => { outcome = 'delivered'; }, (error: unknown) => { outcome = error; });
    for (let i = 0; i < 50 && outcome === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await clock.tick(10_000);
    }
    // Either it was delivered on a later attempt, or it failed as the notifier documents: RinglineError('notifierFailed').
    if (outcome !== 'delivered') {
      expect(outcome).toBeInstanceOf(RinglineError);
      expect((outcome as RinglineError).code).toBe('notifierFailed');
    }
    expect(received.length).toBe(3);
  });

  it('a url that is not a URL is refused up front as invalidConfig, not retried at every notice', () => {
    expect(() => createHttpNotifier({ url: 'backend.example.test/ringline' })).toThrow(expect.objectContaining({ code: 'invalidConfig' }));
  });

  it('headers that are not valid HTTP headers are refused as invalidConfig, not a raw TypeError', () => {
    let thrown: unknown;
    try {
      createHttpNotifier({ url, headers: { 'bad header': 'x' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RinglineError);
  });

  it('a 429 with Retry-After is retried no earlier than the server asked', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, (n) => (n === 1 ? new HttpResponse(null, { status: 429, headers: { 'retry-after': '5' } }) : HttpResponse.json({})));
    const delivery = createHttpNotifier({ url, clock }).notify(notice);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await vi.waitFor(() => expect(clock.pendingCount()).toBeGreaterThan(0));
    await clock.tick(4_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toHaveLength(1);
    await clock.tick(1);
    await delivery;
    expect(received[1]! - received[0]!).toBe(5_000);
  });
});
