// Edges of the call engine: the runtime's own inputs sent from outside, a
// throttled tab's selectors past a give-up deadline, reconnect policies that
// are nonsense or throw, an answered call that never became "missed", accept
// options, an adapter's own remedy, and a timeline limit that is not a number.
import { describe, expect, it } from 'vitest';
import { callDurationMs, createCallEngine, exponentialBackoff, getCall, heldMs, RinglineError, type EngineInput } from '../src/index.js';
import { createLoopbackAdapter, createVirtualClock, type LoopbackOptions } from '../src/testing/index.js';

function setup(config?: Parameters<typeof createCallEngine>[0]['config'], latencyMs: LoopbackOptions['latencyMs'] = 10) {
  const clock = createVirtualClock(1_000_000);
  const adapter = createLoopbackAdapter({ clock, latencyMs });
  let n = 0;
  const engine = createCallEngine({ adapter, clock, config, createId: () => `c${++n}` });
  return { clock, adapter, engine };
}

async function connectedOutbound(x: ReturnType<typeof setup>, media: 'audio' | 'video' = 'audio'): Promise<string> {
  const { callId } = x.engine.placeCall({ name: 'Client' }, media);
  await x.clock.tick(20);
  x.adapter.remote.answer(callId);
  await x.clock.tick(20);
  expect(getCall(x.engine.getSnapshot(), callId)?.phase).toBe('connected');
  return callId;
}

describe('the runtime’s own inputs, sent from outside', () => {
  it('a timer cannot fire before its deadline: refused, and the ringing call rings on', () => {
    const { adapter, engine } = setup();
    const id = adapter.remote.ring();
    const deadline = getCall(engine.getSnapshot(), id)!.ringDeadline!;
    const before = engine.getSnapshot();
    const result = engine.send({ type: 'timerFired', timer: 'ring', callId: id, deadline });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.getSnapshot()).toBe(before);
  });

  it('a failure without an error code and message is refused, and the call is left as it was', () => {
    const x = setup();
    const id = x.adapter.remote.ring();
    x.engine.accept(id);
    const before = x.engine.getSnapshot();
    const result = x.engine.send({ type: 'commandFailed', command: { name: 'connect', callId: id, direction: 'inbound', media: 'audio', remote: {} }, error: {} as never });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(x.engine.getSnapshot()).toBe(before);
  });
});

describe('a throttled tab wakes past a give-up deadline', () => {
  it('shows the duration and held time the call will be logged with, not the time asleep', async () => {
    const x = setup();
    const id = await connectedOutbound(x);
    x.engine.hold(id);
    await x.clock.tick(20);
    x.adapter.remote.dropNetwork(id);
    const { connectedAt } = getCall(x.engine.getSnapshot(), id)!;
    const giveUpAt = getCall(x.engine.getSnapshot(), id)!.reconnect!.giveUpAt;
    x.clock.jump(120_000); // timers have not run yet
    const call = getCall(x.engine.getSnapshot(), id)!;
    const shownDuration = callDurationMs(call, x.engine.now());
    const shownHeld = heldMs(call, x.engine.now());
    await x.clock.tick(0);
    const entry = x.engine.getSnapshot().history[0]!;
    expect(entry).toMatchObject({ endReason: 'dropped', durationMs: giveUpAt - connectedAt! });
    expect(shownDuration).toBe(entry.durationMs);
    expect(shownHeld).toBe(entry.heldMs);
  });
});

describe('reconnect policies', () => {
  it('exponentialBackoff refuses steps that would retry every millisecond or never', () => {
    for (const options of [{ initialMs: -1_000 }, { initialMs: 0 }, { initialMs: Number.NaN }, { initialMs: Infinity }, { factor: 0.5 }, { factor: Number.NaN }, { maxMs: 10 }, { maxMs: Number.NaN }]) {
      expect(() => exponentialBackoff(options), JSON.stringify(options)).toThrow(RinglineError);
    }
    expect(exponentialBackoff().retryDelayMs(3)).toBe(4_000);
    // A first step above the default 8 s cap raises the cap; no cap at all is allowed.
    expect(exponentialBackoff({ initialMs: 10_000 }).retryDelayMs(2)).toBe(10_000);
    expect(exponentialBackoff({ maxMs: Infinity }).retryDelayMs(5)).toBe(16_000);
  });

  it('a policy that throws retries no more, and the call is still dropped at its give-up deadline', async () => {
    const x = setup({ reconnect: { giveUpAfterMs: 30_000, retryDelayMs: () => { throw new Error('policy bug'); } } });
    const id = await connectedOutbound(x);
    x.adapter.remote.dropNetwork(id);
    expect(getCall(x.engine.getSnapshot(), id)?.phase).toBe('reconnecting');
    await x.clock.tick(30_000);
    expect(x.engine.getSnapshot().history[0]).toMatchObject({ id, endReason: 'dropped' });
  });
});

describe('accepting', () => {
  it('an inbound call answered here, then hung up before media came, is not a missed call', async () => {
    const x = setup(undefined, { connect: 5_000 });
    const id = x.adapter.remote.ring({ remote: { name: 'Agent Ann' } });
    x.engine.accept(id);
    await x.clock.tick(100);
    expect(getCall(x.engine.getSnapshot(), id)?.phase).toBe('connecting');
    x.engine.hangUp(id);
    expect(x.engine.getSnapshot().history[0]).toMatchObject({ id, endReason: 'canceled', endedBy: 'local' });
    expect(x.engine.getSnapshot().missed).toEqual([]);
  });

  it('an audio call cannot be accepted as video: refused, nothing changes', () => {
    const { adapter, engine } = setup();
    const id = adapter.remote.ring({ media: 'audio' });
    const before = engine.getSnapshot();
    expect(engine.accept(id, { media: 'video' })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.getSnapshot()).toBe(before);
  });
});

describe('an adapter written in plain JavaScript', () => {
  // Its commands may do their work synchronously and return nothing (or throw): a success (or a failure) like any other.
  function plainAdapter(hold: () => unknown) {
    const clock = createVirtualClock(1_000_000);
    const adapter = createLoopbackAdapter({ clock, latencyMs: 10 });
    const engine = createCallEngine({ adapter: Object.assign(adapter, { hold }), clock, createId: () => 'c1' });
    return { clock, adapter, engine };
  }

  it('a hold that returns nothing is a hold that worked; send never throws', async () => {
    const x = plainAdapter(() => undefined);
    const callId = await connectedOutbound(x);
    expect(x.engine.hold(callId).ok).toBe(true);
    await x.clock.tick(0);
    expect(getCall(x.engine.getSnapshot(), callId)?.hold.status).toBe('on');
  });

  it('a hold that throws at once rolls back with the error, and its answer deadline is gone', async () => {
    const x = plainAdapter(() => { throw new RinglineError('holdRefused', 'No hold on this line'); });
    const callId = await connectedOutbound(x);
    expect(x.engine.hold(callId).ok).toBe(true);
    await x.clock.tick(0);
    expect(getCall(x.engine.getSnapshot(), callId)?.hold.status).toBe('off');
    expect(x.engine.pendingTimers().filter((timer) => timer.timer === 'hold')).toEqual([]);
  });
});

describe('errors and limits', () => {
  it("an adapter error's own remedy reaches the integrator, not the generic one", async () => {
    const x = setup();
    const errors: RinglineError[] = [];
    x.engine.on('error', (output) => errors.push(output.error));
    const callId = await connectedOutbound(x, 'video');
    x.engine.setCamera(callId, false);
    await x.clock.tick(20);
    x.adapter.failNext('setCamera', { error: new RinglineError('deviceUnavailable', 'Camera locked by policy', { device: 'camera', remedy: 'Ask IT to allow the camera in the device policy.' }) });
    x.engine.setCamera(callId, true);
    await x.clock.tick(20);
    expect(errors.at(-1)?.remedy).toBe('Ask IT to allow the camera in the device policy.');
  });

  it('an adapterError event keeps the adapter’s own remedy; an empty one is refused', () => {
    const { engine } = setup();
    const errors: RinglineError[] = [];
    engine.on('error', (output) => errors.push(output.error));
    const error = { code: 'deviceUnavailable', message: 'Camera locked', device: 'camera', remedy: 'Ask IT to allow the camera.' } as const;
    expect(engine.send({ type: 'adapterError', error }).ok).toBe(true);
    expect(errors.at(-1)?.remedy).toBe('Ask IT to allow the camera.');
    expect(engine.send({ type: 'adapterError', error: { ...error, remedy: '' } })).toMatchObject({ ok: false, error: { code: 'invalidAdapterEvent' } });
  });

  it('timelineLimit: NaN keeps no timeline at all, rather than every entry unbounded', () => {
    const clock = createVirtualClock(1_000_000);
    const adapter = createLoopbackAdapter({ clock, latencyMs: 10 });
    const engine = createCallEngine({ adapter, clock, timelineLimit: Number.NaN });
    for (let i = 0; i < 200; i++) engine.decline(adapter.remote.ring());
    expect(engine.getTimeline()).toEqual([]);
    expect((engine as unknown as { extras?: { timeline?: unknown[] } }).extras?.timeline?.length ?? 0).toBe(0);
  });

  it('send() never throws for runtime input whose fields throw when read: it is refused like other unreadable input', () => {
    const clock = createVirtualClock(1_000_000);
    const engine = createCallEngine({ adapter: createLoopbackAdapter({ clock }), clock });
    const timer = { type: 'timerFired', timer: 'ring', callId: 'c1', get deadline(): number { throw new Error('revoked'); } };
    let result: unknown;
    expect(() => { result = engine.send(timer as unknown as EngineInput); }).not.toThrow();
    expect(result).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    const failed = { type: 'commandFailed', command: { name: 'hold', callId: 'c1' }, get error(): never { throw new Error('revoked'); } };
    expect(() => engine.send(failed as unknown as EngineInput)).not.toThrow();
  });
});
