// Inputs in awkward orders and shapes: stale outcomes, throwing subscribers,
// odd policies and garbage from plain JavaScript. Each case once broke the engine.
import { config as rxConfig, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createCallEngine, getCall, parseAdapterEvent, reduce, type AdapterEvent, type RinglineError, resolveConfig, type EngineConfigInput, type EngineEvent, type EngineState } from '../src/index.js';
import { initialEngineState } from '../src/model.js';
import { createLoopbackAdapter, createVirtualClock, loopbackCapabilities, type VirtualClock } from '../src/testing/index.js';
import { connectedOutbound, harness } from './support.js';

const config = resolveConfig(undefined, loopbackCapabilities);

function run(events: EngineEvent[], from: EngineState = initialEngineState) {
  let state = from;
  const results = events.map((event) => {
    const result = reduce(state, event, config);
    state = result.state;
    return result;
  });
  return { state, results };
}

const connectedCall: EngineEvent[] = [
  { type: 'incoming', callId: 'c', remote: { name: 'Ada' }, media: 'video', at: 0 },
  { type: 'accept', callId: 'c', at: 1 },
  { type: 'mediaConnected', callId: 'c', at: 2 },
];

const engineOn = (clock: VirtualClock, config?: EngineConfigInput) => harness({ clock, engine: config ? { config } : {} });

describe('stale outcomes never decide', () => {
  it('camera on, off, on: the second start decides, whatever order the adapter answers in', () => {
    const { state, results } = run([
      ...connectedCall,
      { type: 'setCamera', callId: 'c', on: false, at: 3 },
      { type: 'setCamera', callId: 'c', on: true, at: 4 },
      { type: 'setCamera', callId: 'c', on: false, at: 5 },
      { type: 'setCamera', callId: 'c', on: true, at: 6 },
      { type: 'commandSucceeded', command: { name: 'setCamera', callId: 'c', on: true, request: 1 }, at: 7 },
      { type: 'commandFailed', command: { name: 'setCamera', callId: 'c', on: true, request: 2 }, error: { code: 'permissionDenied', message: 'denied' }, at: 8 },
    ]);
    expect(results[7]!.state.calls[0]!.local.camera).toBe('starting');
    expect(state.calls[0]!.local.camera).toBe('off');
    expect(state.calls[0]!.lastError).toMatchObject({ code: 'permissionDenied', device: 'camera' });
  });

  it('unmute (refused), mute, unmute: the microphone does what the last one said, and so does the state', () => {
    const failed = (muted: boolean, request: number): EngineEvent =>
      ({ type: 'commandFailed', command: { name: 'setMuted', callId: 'c', muted, request }, error: { code: 'commandFailed', message: 'refused' }, at: 10 });
    const { state } = run([
      ...connectedCall,
      { type: 'setMuted', callId: 'c', muted: true, at: 3 },
      { type: 'setMuted', callId: 'c', muted: false, at: 4 },
      { type: 'setMuted', callId: 'c', muted: true, at: 5 },
      { type: 'setMuted', callId: 'c', muted: false, at: 6 },
      failed(false, 2),
    ]);
    expect(state.calls[0]!.local).toMatchObject({ muted: false, muteRequest: 4 });
    // The latest one's refusal does roll the button back.
    const latest = run([failed(false, 4)], state).state;
    expect(latest.calls[0]!.local.muted).toBe(true);
    expect(latest.calls[0]!.lastError).toMatchObject({ code: 'commandFailed' });
  });

  it('a hold that timed out, then Hold again: the late answer to the first decides nothing, the second one decides', async () => {
    const h = harness({ engine: { config: { holdTimeoutMs: 3_000 } } });
    const callId = await connectedOutbound(h, 'audio');
    const status = () => getCall(h.engine.getSnapshot(), callId)!.hold.status;
    h.adapter.setLatency('hold', 4_000);
    h.engine.hold(callId);
    await h.clock.tick(3_000);
    expect(status()).toBe('off'); // rolled back at the answer deadline
    await h.clock.tick(500);
    h.adapter.setLatency('hold', 1_000);
    h.engine.hold(callId);
    expect(status()).toBe('holding');
    await h.clock.tick(400);
    h.adapter.failNext('hold'); // the first hold's late answer: refused
    await h.clock.tick(200);
    expect(status()).toBe('holding');
    await h.clock.tick(1_000); // the second one succeeds
    expect(status()).toBe('on');
  });

  it('screen share start, stop, start: an old success neither marks sharing nor tells the backend', () => {
    const { state, results } = run([
      ...connectedCall,
      { type: 'startScreenShare', callId: 'c', at: 3 },
      { type: 'stopScreenShare', callId: 'c', at: 4 },
      { type: 'startScreenShare', callId: 'c', at: 5 },
      { type: 'commandSucceeded', command: { name: 'startScreenShare', callId: 'c', request: 1 }, at: 6 },
    ]);
    expect(state.calls[0]!.local.screenShare).toBe('starting');
    expect(results[6]!.effects).toEqual([]);
  });

  it('a share stopped while starting is released when the picker finally answers', () => {
    const { results } = run([
      ...connectedCall,
      { type: 'startScreenShare', callId: 'c', at: 3 },
      { type: 'stopScreenShare', callId: 'c', at: 4 },
      { type: 'commandSucceeded', command: { name: 'startScreenShare', callId: 'c', request: 1 }, at: 6 },
    ]);
    expect(results[5]!.effects).toEqual([{ type: 'adapter', command: { name: 'stopScreenShare', callId: 'c', request: 1 } }]);
  });

  it('a reconnect attempt from an earlier drop does not restore a call that dropped again', () => {
    const { state } = run([
      ...connectedCall,
      { type: 'networkLost', callId: 'c', at: 100 },
      { type: 'timerFired', timer: 'reconnectRetry', callId: 'c', deadline: 1_100, at: 1_100 },
      { type: 'networkRestored', callId: 'c', at: 1_200 },
      { type: 'networkLost', callId: 'c', at: 1_300 },
      { type: 'commandSucceeded', command: { name: 'reconnect', callId: 'c', attempt: 1, lostAt: 100 }, at: 1_500 },
    ]);
    expect(state.calls[0]).toMatchObject({ phase: 'reconnecting', reconnect: { lostAt: 1_300 } });
  });

  it('media that connects while the network wobbles during set-up connects the call', () => {
    const { state } = run([
      { type: 'incoming', callId: 'c', remote: {}, media: 'audio', at: 0 },
      { type: 'accept', callId: 'c', at: 5 },
      { type: 'networkLost', callId: 'c', at: 6 },
      { type: 'mediaConnected', callId: 'c', at: 7 },
    ]);
    expect(state.calls[0]).toMatchObject({ phase: 'connected', connectedAt: 7, reconnect: undefined });
  });

  it('restored before any retry reports zero attempts', () => {
    const { results } = run([...connectedCall, { type: 'networkLost', callId: 'c', at: 100 }, { type: 'networkRestored', callId: 'c', at: 200 }]);
    expect(results.at(-1)!.effects).toContainEqual({ type: 'timeline', entry: { at: 200, callId: 'c', kind: 'reconnected', detail: 'after 0 attempt(s)' } });
  });
});

describe('one call at a time', () => {
  it('accepting one offer stops the others ringing: they become missed calls with Recall', () => {
    const { state, results } = run([
      { type: 'incoming', callId: 'a', remote: {}, media: 'audio', at: 0 },
      { type: 'incoming', callId: 'b', remote: {}, media: 'audio', at: 1 },
      { type: 'accept', callId: 'a', at: 2 },
    ]);
    expect(state.calls.map((c) => [c.id, c.phase])).toEqual([['a', 'connecting']]);
    expect(state.history[0]).toMatchObject({ id: 'b', endReason: 'missed', endedBy: 'system' });
    expect(state.missed.map((m) => m.callId)).toEqual(['b']);
    expect(results[2]!.effects).toContainEqual({ type: 'tone', action: 'stop' });
    expect(results[2]!.effects).not.toContainEqual(expect.objectContaining({ type: 'tone', action: 'start' }));
  });
});

describe('outcomes for calls that already ended', () => {
  it('are expected races, not errors: accept then the caller cancels before connect finishes', async () => {
    const { engine, adapter, clock, outputs } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    adapter.remote.cancel(callId);
    await clock.tick(20);
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'canceled' });
    expect(outputs.filter((o) => o.type === 'error')).toEqual([]);
  });

  it('so is news from the far side about a call that ended here: both sides hanging up at once is no refusal', async () => {
    const h = harness();
    const callId = await connectedOutbound(h);
    h.engine.hangUp(callId);
    h.adapter.remote.hangUp(callId); // still live in the adapter: its disconnect takes 10 ms
    h.adapter.remote.emitRaw({ type: 'remoteMedia', callId, camera: true });
    await h.clock.tick(20);
    expect(h.engine.getSnapshot().history).toHaveLength(1);
    expect(h.outputs.filter((o) => o.type === 'rejected' || o.type === 'error')).toEqual([]);
    // News of a call never seen here is still refused.
    h.adapter.remote.emitRaw({ type: 'remoteEnded', callId: 'never-seen', reason: 'hangup' });
    expect(h.outputs.filter((o) => o.type === 'rejected')).toMatchObject([{ error: { code: 'unknownCall' } }]);
  });

  it('except a failed disconnect, which may leave streams open', () => {
    const result = reduce(initialEngineState, {
      type: 'commandFailed', command: { name: 'disconnect', callId: 'gone', reason: 'completed' }, error: { code: 'commandFailed', message: 'stuck' }, at: 1,
    }, config);
    expect(result.effects).toEqual([{ type: 'error', error: { code: 'commandFailed', message: 'stuck' } }]);
    expect(result.state).toBe(initialEngineState);
  });
});

describe('snapshots from before media requests were numbered', () => {
  it('still start the camera', () => {
    const { state } = run(connectedCall);
    const old = JSON.parse(JSON.stringify(state)) as EngineState;
    const local = old.calls[0]!.local as Partial<EngineState['calls'][number]['local']>;
    delete local.cameraRequest;
    delete local.screenShareRequest;
    local.camera = 'off';
    const { state: after } = run([
      { type: 'setCamera', callId: 'c', on: true, at: 10 },
      { type: 'commandSucceeded', command: { name: 'setCamera', callId: 'c', on: true, request: 1 }, at: 11 },
    ], old);
    expect(after.calls[0]!.local).toMatchObject({ camera: 'on', cameraRequest: 1 });
  });
});

describe('dispose', () => {
  it('ends each call as the system, once, and stops the tone once', () => {
    const { state, results } = run([
      { type: 'incoming', callId: 'a', remote: {}, media: 'audio', at: 0 },
      { type: 'dispose', at: 5 },
    ]);
    expect(state.history[0]).toMatchObject({ id: 'a', endReason: 'missed', endedBy: 'system' });
    expect(results[1]!.effects.filter((e) => e.type === 'tone')).toEqual([{ type: 'tone', action: 'stop' }]);
  });

  it('an adapter whose dispose throws: reported, and the engine is disposed all the same', () => {
    const { engine, adapter, outputs } = harness();
    adapter.dispose = () => {
      throw new Error('peer already destroyed');
    };
    let completed = 0;
    engine.events$.subscribe({ complete: () => completed++ });
    engine.state$.subscribe({ complete: () => completed++ });
    expect(() => engine.dispose()).not.toThrow();
    expect(completed).toBe(2);
    expect(outputs.at(-1)).toMatchObject({ type: 'error', error: { code: 'commandFailed', message: 'The adapter failed to dispose' } });
    expect(engine.getSnapshot().disposed).toBe(true);
  });

  it('the loopback settles a command still in flight at its dispose: nobody waits forever', async () => {
    const clock = createVirtualClock(0);
    const adapter = createLoopbackAdapter({ clock, latencyMs: 50 });
    const pending = adapter.hold('c1').then(() => 'resolved', (error: RinglineError) => error.code);
    const setting = adapter.setVolume!(0.5).then(() => 'resolved', (error: RinglineError) => error.code);
    adapter.dispose(); // the clock does not move: settled at dispose, not when the work would have run
    expect(await pending).toBe('disposed');
    expect(await setting).toBe('disposed');
  });

  it('send({ type: "dispose" }) disposes the whole engine', () => {
    const { engine, adapter } = harness();
    let completed = false;
    engine.events$.subscribe({ complete: () => (completed = true) });
    expect(engine.send({ type: 'dispose' })).toEqual({ ok: true });
    expect(adapter.disposed).toBe(true);
    expect(completed).toBe(true);
  });
});

describe('failures outside the reducer', () => {
  it('a subscriber that throws is reported, and the transition still runs its effects', () => {
    const { engine, adapter, clock, outputs } = harness();
    engine.subscribe(() => {
      throw new Error('render bug');
    });
    const callId = adapter.remote.ring({ ringTimeoutMs: 5_000 });
    expect(engine.pendingTimers()).toEqual([{ timer: 'ring', callId, at: clock.now() + 5_000 }]);
    expect(outputs.some((o) => o.type === 'error' && o.error.code === 'subscriberFailed')).toBe(true);
    clock.advanceBy(5_000);
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'missed' });
  });

  it('an events$ or state$ observer that throws is reported by RxJS; the engine and its other listeners carry on', async () => {
    const unhandled: unknown[] = [];
    const previous = rxConfig.onUnhandledError;
    rxConfig.onUnhandledError = (error) => unhandled.push(error);
    try {
      const { engine, adapter, clock } = harness();
      engine.events$.subscribe(() => {
        throw new Error('events observer bug');
      });
      engine.state$.subscribe((state) => {
        if (state.calls.length > 0) throw new Error('state observer bug');
      });
      const tones: string[] = [];
      engine.on('tone', (tone) => tones.push(tone.action));
      const callId = adapter.remote.ring({ ringTimeoutMs: 5_000 });
      clock.advanceBy(5_000);
      expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'missed' });
      expect(tones).toEqual(['start', 'stop']);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled.map((error) => (error as Error).message)).toContain('events observer bug');
      expect(unhandled.map((error) => (error as Error).message)).toContain('state observer bug');
    } finally {
      rxConfig.onUnhandledError = previous;
    }
  });

  it('an adapter whose event stream fails or ends: its live calls end as failed instead of showing connected forever', () => {
    for (const stop of ['error', 'complete'] as const) {
      const clock = createVirtualClock(0);
      const stream = new Subject<AdapterEvent>();
      const adapter = Object.assign(createLoopbackAdapter({ clock, latencyMs: 10 }), { events$: stream });
      const engine = createCallEngine({ adapter, clock });
      const errors: string[] = [];
      engine.on('error', ({ error }) => errors.push(error.message));
      stream.next({ type: 'incoming', callId: 'c1', remote: {}, media: 'audio' });
      engine.accept('c1');
      stream.next({ type: 'mediaConnected', callId: 'c1' });
      expect(getCall(engine.getSnapshot(), 'c1')?.phase).toBe('connected');
      if (stop === 'error') stream.error(new Error('socket gone'));
      else stream.complete();
      const state = engine.getSnapshot();
      expect(state.calls).toEqual([]);
      expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'failed', endedBy: 'system', error: { code: 'commandFailed' } });
      expect(errors).toEqual([stop === 'error' ? 'The adapter event stream failed' : 'The adapter event stream ended']);
      expect(adapter.log.at(-1)).toMatchObject({ name: 'disconnect', callId: 'c1' });
      // Disposing afterwards is quiet.
      engine.dispose();
      expect(errors).toHaveLength(1);
    }
  });

  it('a subscriber that resubscribes itself runs once per change', () => {
    const { engine, adapter } = harness();
    let runs = 0;
    let unsubscribe = () => {};
    const listener = () => {
      runs++;
      unsubscribe();
      unsubscribe = engine.subscribe(listener);
    };
    unsubscribe = engine.subscribe(listener);
    adapter.remote.ring();
    expect(runs).toBe(1);
  });

  it("one engine's failing deadline does not stop the other engines on the same clock", () => {
    const clock = createVirtualClock(0);
    const a = engineOn(clock);
    const b = engineOn(clock);
    a.adapter.remote.ring({ ringTimeoutMs: 1_000 });
    b.adapter.remote.ring({ callId: 'b1', ringTimeoutMs: 2_000 });
    // Break engine a's deadline handling itself, below the reducer and subscribers.
    (a.engine as unknown as { deadlineDue: () => never }).deadlineDue = () => {
      throw new Error('broken');
    };
    expect(() => clock.advanceBy(1_000)).toThrow('broken');
    clock.advanceBy(1_000);
    expect(b.engine.getSnapshot().history[0]).toMatchObject({ id: 'b1', endReason: 'missed' });
  });

  it('a reconnect policy returning NaN or 0 neither stalls the clock nor spins', async () => {
    const clock = createVirtualClock(0);
    const nan = engineOn(clock, { reconnect: { giveUpAfterMs: 30_000, retryDelayMs: () => Number.NaN } });
    const zero = engineOn(clock, { reconnect: { giveUpAfterMs: 30_000, retryDelayMs: () => 0 } });
    const other = engineOn(clock);
    const nanCall = await connectedOutbound(nan, 'audio');
    const zeroCall = await connectedOutbound(zero, 'audio');
    nan.adapter.remote.dropNetwork(nanCall);
    zero.adapter.remote.dropNetwork(zeroCall);
    other.adapter.remote.ring({ callId: 'o1', ringTimeoutMs: 1_000 });
    expect(getCall(nan.engine.getSnapshot(), nanCall)?.reconnect).toMatchObject({ nextRetryAt: clock.now() + 30_000 });
    clock.advanceBy(1_000);
    expect(other.engine.getSnapshot().history[0]).toMatchObject({ id: 'o1', endReason: 'missed' });
    // A zero delay is taken as 1 ms: about one attempt per millisecond, never a burst at one instant.
    expect(zero.adapter.log.filter((e) => e.name === 'reconnect').length).toBeLessThanOrEqual(1_001);
  });
});

describe('garbage from plain JavaScript is refused, never thrown', () => {
  const { state } = run(connectedCall);
  const garbage: [string, unknown][] = [
    ['an offer without a remote party', { type: 'incoming', callId: 'z', media: 'audio' }],
    ['an offer with a NaN ring timeout', { type: 'incoming', callId: 'n', remote: {}, media: 'audio', ringTimeoutMs: Number.NaN }],
    ['an outcome without a command', { type: 'commandSucceeded' }],
    ['a failure of an unknown command', { type: 'commandFailed', command: { name: 'bogus', callId: 'c' }, error: { code: 'commandFailed', message: '' } }],
    ['an unknown timer', { type: 'timerFired', timer: 'bogus', callId: 'c', deadline: 0 }],
    ['an unknown end reason', { type: 'remoteEnded', callId: 'c', reason: 'exploded' }],
  ];
  for (const [what, input] of garbage) {
    it(`${what}: reduce leaves the state as it was`, () => {
      const result = reduce(state, { ...(input as object), at: 10 } as EngineEvent, config);
      expect(result.state).toBe(state);
      expect(JSON.parse(JSON.stringify(result.state))).toEqual(state);
    });
  }

  it('adapter-shaped input through send is validated like the adapter’s own', () => {
    const { engine } = harness();
    const result = engine.send({ type: 'incoming', callId: 'x', media: 'audio' } as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalidAdapterEvent' } });
    expect(engine.getSnapshot().calls).toEqual([]);
  });

  it('a malformed adapter event names its type and the field; a valid one is copied without unknown fields', () => {
    expect(parseAdapterEvent({ type: 'incoming', callId: 'x', remote: { name: 7 }, media: 'audio' })).toEqual({
      ok: false,
      message: 'Invalid incoming event (remote.name: expected a string of 0 to 1024 characters)',
    });
    expect(parseAdapterEvent({ type: 'remoteEnded', callId: 'x', reason: 'bored' })).toMatchObject({ ok: false, message: expect.stringContaining('reason: expected one of hangup') });
    const raw = { type: 'incoming', callId: 'x', remote: { name: 'Ann', password: 'secret' }, media: 'audio', extra: () => 1 };
    expect(parseAdapterEvent(raw)).toEqual({ ok: true, event: { type: 'incoming', callId: 'x', remote: { name: 'Ann' }, media: 'audio' } });
  });

  it('an adapter event whose type is no string, or that cannot be read, is a typed error, not a throw', () => {
    const { engine, adapter, outputs } = harness();
    const unreadable = new Proxy({ type: 'incoming' }, { get: (target, key) => { if (key === 'type') return 'incoming'; throw new Error('revoked'); } });
    for (const raw of [{ type: 10n }, { type: Object.create(null) }, { type: Symbol('x') }, unreadable]) {
      expect(() => parseAdapterEvent(raw)).not.toThrow();
      expect(parseAdapterEvent(raw).ok).toBe(false);
    }
    const before = engine.getSnapshot();
    adapter.remote.emitRaw({ type: 10n, callId: 'x' });
    adapter.remote.emitRaw(unreadable);
    expect(engine.getSnapshot()).toBe(before);
    expect(outputs.filter((o) => o.type === 'error' && o.error.code === 'invalidAdapterEvent').map((o) => o.type === 'error' && o.error.message)).toEqual([
      'Invalid adapter event (unknown type 10)',
      'Invalid incoming event (it could not be read)',
    ]);
  });

  it('an invalid engine config names the field', () => {
    expect(() => resolveConfig({ ringTimeoutMs: 0 }, loopbackCapabilities)).toThrow('Invalid engine config (ringTimeoutMs: expected an integer from 1 to 86400000)');
    expect(() => resolveConfig({ reconnect: { giveUpAfterMs: 1_000 } } as never, loopbackCapabilities)).toThrow('reconnect.retryDelayMs: expected a function');
  });

  it('placeCall sent without an id gets one', () => {
    const { engine } = harness();
    expect(engine.send({ type: 'placeCall', to: { name: 'x' }, media: 'audio' }).ok).toBe(true);
    expect(engine.getSnapshot().calls).toHaveLength(1);
  });
});

describe('deadlines due in the same wake-up', () => {
  it('a deadline cancelled by an earlier one firing in that wake-up does not fire', async () => {
    const { TimerQueue } = await import('../src/timerQueue.js');
    const clock = createVirtualClock(0);
    const fired: string[] = [];
    const queue: InstanceType<typeof TimerQueue> = new TimerQueue(clock, {
      deadlineDue(_timer, callId) {
        fired.push(callId);
        if (callId === 'a') queue.cancel('ring', 'b');
      },
    });
    queue.set('ring', 'a', 10);
    queue.set('ring', 'b', 10);
    clock.advanceBy(10);
    expect(fired).toEqual(['a']);
    expect(clock.pendingCount()).toBe(0);
  });
});

describe('an adapter event that cannot be read', () => {
  it('a revoked proxy is a typed error, not a throw', () => {
    const { adapter, outputs } = harness();
    const { proxy, revoke } = Proxy.revocable({ type: 'incoming' }, {});
    revoke();
    expect(() => adapter.remote.emitRaw(proxy)).not.toThrow();
    expect(outputs.some((o) => o.type === 'error' && o.error.code === 'invalidAdapterEvent')).toBe(true);
  });

  it('a type getter that throws is a typed error, through the adapter or send', () => {
    const { engine, adapter, outputs } = harness();
    const raw = { get type(): string { throw new Error('boom'); } };
    expect(() => adapter.remote.emitRaw(raw)).not.toThrow();
    expect(outputs.filter((o) => o.type === 'error' && o.error.code === 'invalidAdapterEvent')).toHaveLength(1);
    const before = engine.getSnapshot();
    expect(engine.send(raw as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    const { proxy, revoke } = Proxy.revocable({ type: 'hangUp', callId: 'x' }, {});
    revoke();
    expect(engine.send(proxy as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.getSnapshot()).toBe(before);
  });
});
