// The HTTP notifier against a mocked backend: msw stands in for the network
// edge only; everything else (notifier, engine, loopback adapter) is real.
// Backoff waits run on the virtual clock, so "retry after 500 ms" is checked
// by moving virtual time, never by sleeping.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createCallEngine, createHttpNotifier, getCall, RinglineError, type BackendNotice, type NoticeType,
} from '../src/index.js';
import { createLoopbackAdapter, createVirtualClock, type VirtualClock } from '../src/testing/index.js';

const url = 'https://backend.example.test/ringline/notices';
const start = 1_700_000_000_000;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Received {
  /** Virtual time at which the request reached the backend. */
  at: number;
  notice: BackendNotice;
  headers: Headers;
}

/** A backend at `url` that answers the n-th request (1-based) with `respond(n)` and records what it got. */
function backend(clock: VirtualClock, respond: (attempt: number) => Response): Received[] {
  const received: Received[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      const at = clock.now();
      const notice = (await request.json()) as BackendNotice;
      received.push({ at, notice, headers: request.headers });
      return respond(received.length);
    }),
  );
  return received;
}

const ok = () => HttpResponse.json({ received: true });
const status = (code: number) => () => new HttpResponse(null, { status: code });

/** Settles without throwing, so a test can look at the outcome whenever it likes. */
function track(delivery: Promise<void>) {
  const outcome: { settled: boolean; error?: unknown } = { settled: false };
  delivery.then(
    () => { outcome.settled = true; },
    (error: unknown) => { outcome.settled = true; outcome.error = error; },
  );
  return outcome;
}

/** The notifier got its answer and is now waiting out a backoff on the virtual clock. */
async function backoffScheduled(clock: VirtualClock): Promise<void> {
  await vi.waitFor(() => expect(clock.pendingCount()).toBeGreaterThan(0));
}

async function requestsArrived(received: Received[], count: number): Promise<void> {
  await vi.waitFor(() => expect(received).toHaveLength(count));
}

const notice: BackendNotice = {
  type: 'callAnswered',
  callId: 'call-42',
  at: start,
  direction: 'inbound',
  media: 'video',
};

describe('createHttpNotifier posts backend notices', () => {
  it('posts the notice as JSON, with the content type and the integrator\'s headers', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, ok);
    const notifier = createHttpNotifier({ url, clock, headers: { authorization: 'Bearer agent-token', 'x-tenant': 'acme' } });

    await notifier.notify(notice);

    expect(received).toHaveLength(1);
    expect(received[0]!.notice).toEqual(notice);
    expect(received[0]!.headers.get('content-type')).toBe('application/json');
    expect(received[0]!.headers.get('authorization')).toBe('Bearer agent-token');
    expect(received[0]!.headers.get('x-tenant')).toBe('acme');
  });

  it('a backend that answers 503, 503, then 200 gets the notice after waiting out each backoff', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, (attempt) => (attempt < 3 ? new HttpResponse(null, { status: 503 }) : ok()));
    const notifier = createHttpNotifier({ url, clock, headers: { 'x-tenant': 'acme' } });

    const delivery = track(notifier.notify(notice));

    // First attempt: 503. The retry waits 500 ms of virtual time.
    await requestsArrived(received, 1);
    await backoffScheduled(clock);
    await clock.tick(499);
    expect(received).toHaveLength(1);
    expect(delivery.settled).toBe(false);
    await clock.tick(1);
    await requestsArrived(received, 2);
    expect(received[1]!.at - received[0]!.at).toBe(500);

    // Second attempt: 503 again. The next wait doubles to 1000 ms.
    await backoffScheduled(clock);
    await clock.tick(999);
    expect(received).toHaveLength(2);
    expect(delivery.settled).toBe(false);
    await clock.tick(1);
    await requestsArrived(received, 3);
    expect(received[2]!.at - received[1]!.at).toBe(1_000);

    // Third attempt: 200. Delivered, and nothing is left waiting.
    await vi.waitFor(() => expect(delivery.settled).toBe(true));
    expect(delivery.error).toBeUndefined();
    expect(clock.pendingCount()).toBe(0);
    for (const request of received) {
      expect(request.notice).toEqual(notice);
      expect(request.headers.get('x-tenant')).toBe('acme');
    }
    // Every attempt at one notice carries the same Idempotency-Key, so the backend can drop a retry it already got;
    // another notice carries another.
    const key = received[0]!.headers.get('idempotency-key');
    expect(key).toMatch(/\S{8,}/);
    expect(received.map((request) => request.headers.get('idempotency-key'))).toEqual([key, key, key]);
    await notifier.notify({ ...notice, type: 'callEnded', endReason: 'completed', durationMs: 1_000 });
    expect(received[3]!.headers.get('idempotency-key')).toMatch(/\S{8,}/);
    expect(received[3]!.headers.get('idempotency-key')).not.toBe(key);
  });

  it('the default backoff doubles from 500 ms and is capped at 8 s', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, status(503));
    const notifier = createHttpNotifier({ url, clock, maxAttempts: 7 });
    const expectedWaits = [500, 1_000, 2_000, 4_000, 8_000, 8_000];

    const delivery = track(notifier.notify(notice));

    await requestsArrived(received, 1);
    for (const [i, waitMs] of expectedWaits.entries()) {
      await backoffScheduled(clock);
      await clock.tick(waitMs - 1);
      expect(clock.pendingCount(), `still waiting before attempt ${i + 2}`).toBe(1);
      await clock.tick(1);
      await requestsArrived(received, i + 2);
    }
    await vi.waitFor(() => expect(delivery.settled).toBe(true));

    const waits = received.slice(1).map((request, i) => request.at - received[i]!.at);
    expect(waits).toEqual(expectedWaits);
    expect(delivery.error).toMatchObject({ code: 'notifierFailed' });
  });

  it.each([408, 429])('a %i (the backend asks for time) is retried, and the notice gets through', async (code) => {
    const clock = createVirtualClock(start);
    const received = backend(clock, (attempt) => (attempt === 1 ? new HttpResponse(null, { status: code }) : ok()));
    const notifier = createHttpNotifier({ url, clock, backoffMs: () => 1_000 });
    const delivery = track(notifier.notify(notice));
    await requestsArrived(received, 1);
    await backoffScheduled(clock);
    await clock.tick(1_000);
    await requestsArrived(received, 2);
    await vi.waitFor(() => expect(delivery.settled).toBe(true));
    expect(delivery.error).toBeUndefined();
  });

  it('a 400 is not retried: the notice is refused at once with notifierFailed', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, status(400));
    const notifier = createHttpNotifier({ url, clock });

    const delivery = track(notifier.notify(notice));

    // Settles without any virtual time passing: there is no backoff to wait out.
    await vi.waitFor(() => expect(delivery.settled).toBe(true));
    expect(received).toHaveLength(1);
    expect(clock.pendingCount()).toBe(0);
    expect(delivery.error).toBeInstanceOf(RinglineError);
    expect(delivery.error).toMatchObject({ code: 'notifierFailed', callId: 'call-42', recoverable: true });
    expect((delivery.error as RinglineError).remedy).not.toBe('');
    expect(((delivery.error as RinglineError).cause as Error).message).toBe('HTTP 400');

    await clock.tick(60_000);
    expect(received).toHaveLength(1);
  });

  it('a network error is retried up to maxAttempts, then refused with notifierFailed', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, () => HttpResponse.error());
    const notifier = createHttpNotifier({ url, clock, maxAttempts: 3, backoffMs: () => 2_000 });

    const delivery = track(notifier.notify(notice));

    for (let attempt = 1; attempt < 3; attempt++) {
      await requestsArrived(received, attempt);
      await backoffScheduled(clock);
      expect(delivery.settled).toBe(false);
      await clock.tick(2_000);
    }
    await requestsArrived(received, 3);
    await vi.waitFor(() => expect(delivery.settled).toBe(true));

    expect(received.map((request) => request.at - start)).toEqual([0, 2_000, 4_000]);
    expect(delivery.error).toBeInstanceOf(RinglineError);
    expect(delivery.error).toMatchObject({ code: 'notifierFailed', callId: 'call-42' });
    expect((delivery.error as RinglineError).cause).toBeInstanceOf(TypeError);

    // Three attempts were all it had: no fourth one, however long we wait.
    expect(clock.pendingCount()).toBe(0);
    await clock.tick(60_000);
    expect(received).toHaveLength(3);
  });

  it("an integrator's own Content-Type replaces the default instead of joining it", async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, ok);
    await createHttpNotifier({ url, clock, headers: { 'Content-Type': 'application/cloudevents+json' } }).notify(notice);
    expect(received[0]!.headers.get('content-type')).toBe('application/cloudevents+json');
  });

  it('a backend that never answers is given up on: each attempt times out, then notifierFailed', async () => {
    const clock = createVirtualClock(start);
    const arrivals: number[] = [];
    server.use(http.post(url, () => {
      arrivals.push(clock.now());
      return new Promise<Response>(() => undefined);
    }));
    const outcome = track(createHttpNotifier({ url, clock, maxAttempts: 2, timeoutMs: 5_000, backoffMs: () => 1_000 }).notify(notice));
    await vi.waitFor(() => expect(arrivals).toHaveLength(1));
    await clock.tick(4_999);
    expect(outcome.settled).toBe(false);
    await clock.tick(1);
    await backoffScheduled(clock);
    await clock.tick(1_000);
    await vi.waitFor(() => expect(arrivals).toHaveLength(2));
    expect(arrivals[1]! - arrivals[0]!).toBe(6_000);
    await clock.tick(5_000);
    await vi.waitFor(() => expect(outcome.settled).toBe(true));
    expect(outcome.error).toBeInstanceOf(RinglineError);
    expect((outcome.error as RinglineError).code).toBe('notifierFailed');
  });

  it("one call's notices arrive in order even when the first one needs a retry", async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, (n) => (n === 1 ? new HttpResponse(null, { status: 503 }) : ok()));
    const notifier = createHttpNotifier({ url, clock, backoffMs: () => 500 });
    const first = track(notifier.notify({ ...notice, type: 'callStarted' }));
    const second = track(notifier.notify({ ...notice, type: 'callEnded' }));
    const other = track(notifier.notify({ ...notice, callId: 'another-call', type: 'callStarted' }));
    await requestsArrived(received, 2);
    await backoffScheduled(clock);
    await clock.tick(500);
    await requestsArrived(received, 4);
    await vi.waitFor(() => expect(first.settled && second.settled && other.settled).toBe(true));
    const forCall42 = received.filter((r) => r.notice.callId === 'call-42').map((r) => r.notice.type);
    expect(forCall42).toEqual(['callStarted', 'callStarted', 'callEnded']);
    // Another call's notice does not wait behind this call's retry.
    expect(received[1]!.notice.callId).toBe('another-call');
  });
});

describe('the engine notifies the backend through the HTTP notifier', () => {
  function engineWithBackend(respond: (attempt: number) => Response) {
    const clock = createVirtualClock(start);
    const received = backend(clock, respond);
    const adapter = createLoopbackAdapter({ clock });
    const engine = createCallEngine({ adapter, clock, notifier: createHttpNotifier({ url, clock }) });
    const emitted: BackendNotice[] = [];
    const errors: { error: RinglineError; attemptsSoFar: number }[] = [];
    engine.on('notice', ({ notice }) => emitted.push(notice));
    engine.on('error', ({ error }) => {
      // How many times the backend had been asked about this notice when the engine gave up on it.
      const attemptsSoFar = received.filter((request) => error.message.includes(`notice ${request.notice.type} `)).length;
      errors.push({ error, attemptsSoFar });
    });
    const types = () => received.map((request) => request.notice.type);
    const countOf = (type: NoticeType) => received.filter((request) => request.notice.type === type).length;
    return { clock, received, adapter, engine, emitted, errors, types, countOf };
  }

  it('a whole call reaches the backend as callStarted, callAnswered, callEnded, in that order', async () => {
    const { clock, received, adapter, engine, emitted, errors, types } = engineWithBackend(ok);

    const callId = adapter.remote.ring({ remote: { name: 'Visitor' }, media: 'audio' });
    await vi.waitFor(() => expect(types()).toEqual(['callStarted']));

    engine.accept(callId);
    await clock.tick(0);
    await vi.waitFor(() => expect(types()).toEqual(['callStarted', 'callAnswered']));

    await clock.tick(90_000);
    engine.hangUp(callId);
    await clock.tick(0);
    await vi.waitFor(() => expect(types()).toEqual(['callStarted', 'callAnswered', 'callEnded']));

    // Each body is exactly the notice the engine produced.
    expect(received.map((request) => request.notice)).toEqual(emitted);
    expect(received.every((request) => request.notice.callId === callId)).toBe(true);
    expect(received[2]!.notice).toMatchObject({ direction: 'inbound', media: 'audio', endReason: 'completed', durationMs: 90_000 });
    expect(errors).toEqual([]);
  });

  it('a backend that always answers 500 never holds up the call; each notice ends as a notifierFailed error after its retries', async () => {
    const { clock, adapter, engine, errors, countOf } = engineWithBackend(status(500));

    const callId = adapter.remote.ring({ media: 'audio' });
    await vi.waitFor(() => expect(countOf('callStarted')).toBe(1));

    // The first notice has already failed once; the call carries on regardless.
    engine.accept(callId);
    await clock.tick(0);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('connected');
    engine.hangUp(callId);
    await clock.tick(0);
    const ended = engine.getSnapshot();
    expect(ended.calls).toEqual([]);
    expect(ended.history[0]).toMatchObject({ id: callId, endReason: 'completed', endedBy: 'local' });
    expect(errors).toEqual([]);

    // Let virtual time pass until every notice has used up its four attempts.
    for (let step = 0; step < 50 && errors.length < 3; step++) {
      await vi.waitFor(() => expect(errors.length === 3 || clock.pendingCount() > 0).toBe(true));
      if (errors.length < 3) await clock.tick(8_000);
    }

    expect(errors).toHaveLength(3);
    for (const { error, attemptsSoFar } of errors) {
      expect(error).toBeInstanceOf(RinglineError);
      expect(error).toMatchObject({ code: 'notifierFailed', callId, recoverable: true });
      expect(attemptsSoFar).toBe(4);
    }
    expect(errors.map(({ error }) => error.message.match(/notice (\w+) /)?.[1]).sort()).toEqual(['callAnswered', 'callEnded', 'callStarted']);
    expect(countOf('callStarted')).toBe(4);
    expect(countOf('callAnswered')).toBe(4);
    expect(countOf('callEnded')).toBe(4);

    // The failures changed nothing about the call or its history.
    expect(engine.getSnapshot()).toBe(ended);
  });

  it('sharing started and then stopped from the browser reaches the backend as screenShareStarted then screenShareStopped', async () => {
    const { clock, adapter, engine, emitted, errors, types } = engineWithBackend(ok);

    const callId = adapter.remote.ring({ media: 'video' });
    engine.accept(callId);
    await clock.tick(0);
    await vi.waitFor(() => expect(types()).toEqual(['callStarted', 'callAnswered']));

    engine.startScreenShare(callId);
    await clock.tick(0);
    expect(getCall(engine.getSnapshot(), callId)?.local.screenShare).toBe('on');
    await vi.waitFor(() => expect(types()).toEqual(['callStarted', 'callAnswered', 'screenShareStarted']));

    // The browser's own "Stop sharing" bar, not our button.
    adapter.remote.stopSharingFromBrowser(callId);
    await clock.tick(0);
    expect(getCall(engine.getSnapshot(), callId)?.local.screenShare).toBe('off');
    await vi.waitFor(() => expect(types()).toEqual(['callStarted', 'callAnswered', 'screenShareStarted', 'screenShareStopped']));

    // Ending the call afterwards does not report sharing stopped a second time.
    engine.hangUp(callId);
    await clock.tick(0);
    await vi.waitFor(() => expect(types()).toHaveLength(5));
    expect(types()).toEqual(['callStarted', 'callAnswered', 'screenShareStarted', 'screenShareStopped', 'callEnded']);
    expect(types()).toEqual(emitted.map((notice) => notice.type));
    expect(errors).toEqual([]);
  });
});

describe('createHttpNotifier stays bounded', () => {
  it('refuses options that would retry never or forever', () => {
    for (const maxAttempts of [Number.NaN, Number.POSITIVE_INFINITY, 0, 1.5, 21]) {
      expect(() => createHttpNotifier({ url, maxAttempts }), String(maxAttempts)).toThrow(expect.objectContaining({ code: 'invalidConfig' }));
    }
    expect(() => createHttpNotifier({ url, timeoutMs: Number.NaN })).toThrow(expect.objectContaining({ code: 'invalidConfig' }));
    expect(() => createHttpNotifier({ url: '' })).toThrow(expect.objectContaining({ code: 'invalidConfig' }));
  });

  it('a fetch that ignores the abort signal still times out, and the call queue moves on', async () => {
    const clock = createVirtualClock(start);
    let calls = 0;
    const hanging = (() => {
      calls++;
      return new Promise<Response>(() => undefined);
    }) as unknown as typeof fetch;
    const notifier = createHttpNotifier({ url, clock, fetch: hanging, maxAttempts: 2, timeoutMs: 1_000, backoffMs: () => 0 });
    const first = track(notifier.notify(notice));
    const second = track(notifier.notify({ ...notice, type: 'callEnded', endReason: 'completed', durationMs: 1 } as BackendNotice));
    for (let i = 0; i < 4 && !second.settled; i++) await clock.tick(1_000);
    await vi.waitFor(() => expect(second.settled).toBe(true));
    expect(first.error).toMatchObject({ code: 'notifierFailed' });
    expect(second.error).toMatchObject({ code: 'notifierFailed' });
    expect(calls).toBe(4);
  });
});

const answered: BackendNotice = { type: 'callAnswered', callId: 'call-42', at: start, direction: 'inbound', media: 'video' };

describe('createHttpNotifier: options and server hints', () => {
  it('a backoff function that throws is treated like one that returns nonsense: the notice is still retried, and a final failure is notifierFailed', async () => {
    const clock = createVirtualClock(start);
    const received = backend(clock, (n) => (n < 3 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({})));
    const notifier = createHttpNotifier({ url, clock, maxAttempts: 3, backoffMs: () => { throw new Error('bug in the integrator backoff'); } });
    let outcome: unknown = 'pending';
    notifier.notify(answered).then(() => { outcome = 'delivered'; }, (error: unknown) => { outcome = error; });
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
    const delivery = createHttpNotifier({ url, clock }).notify(answered);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    await vi.waitFor(() => expect(clock.pendingCount()).toBeGreaterThan(0));
    await clock.tick(4_999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toHaveLength(1);
    await clock.tick(1);
    await delivery;
    expect(received[1]!.at - received[0]!.at).toBe(5_000);
  });
});
