import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callControls, createCallEngine, defaultConfig, getCall, RinglineError, toneOf, type EngineState } from '../src/index.js';
import { checkAdapterEvent } from '../src/adapterEvents.js';
import { arbitraryAdapterEvent, arbitraryMalformedAdapterEvent, createLoopbackAdapter, createVirtualClock } from '../src/testing/index.js';
import { fcParameters } from './fcSettings.js';
import { connectedOutbound, harness } from './support.js';

describe('bad input gets a typed error and changes nothing', () => {
  it('malformed adapter events are reported as invalidAdapterEvent and ignored', () => {
    const { engine, adapter, outputs } = harness();
    const callId = adapter.remote.ring();
    fc.assert(
      fc.property(arbitraryMalformedAdapterEvent, (raw) => {
        const before = engine.getSnapshot();
        const errorsBefore = outputs.filter((o) => o.type === 'error').length;
        adapter.remote.emitRaw(raw);
        expect(engine.getSnapshot()).toBe(before);
        const errors = outputs.filter((o) => o.type === 'error');
        expect(errors).toHaveLength(errorsBefore + 1);
        const last = errors.at(-1);
        expect(last?.type === 'error' && last.error.code).toBe('invalidAdapterEvent');
      }),
      fcParameters(),
    );
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('ringing');
  });

  it('commands in the wrong state are rejected with the reason, and nothing changes', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    const ringing = engine.getSnapshot();
    for (const attempt of [() => engine.hold(callId), () => engine.resume(callId), () => engine.sendDtmf(callId, '1'), () => engine.setMuted(callId, true)]) {
      const result = attempt();
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toBeInstanceOf(RinglineError);
      expect(!result.ok && result.error.code).toBe('invalidState');
      expect(!result.ok && result.error.remedy.length).toBeGreaterThan(10);
      expect(engine.getSnapshot()).toBe(ringing);
    }
    engine.accept(callId);
    await clock.tick(10);
    const again = engine.accept(callId);
    expect(!again.ok && again.error.message).toMatch(/connected/);
    expect(engine.hangUp('nope')).toMatchObject({ ok: false, error: { code: 'unknownCall' } });
    expect(engine.send({ type: 'explode' } as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
  });

  it('commands the adapter cannot carry out are refused as unsupported', async () => {
    const clock = createVirtualClock();
    const adapter = createLoopbackAdapter({ clock, capabilities: { hold: false, dtmf: false, video: false, screenShare: false } });
    const engine = createCallEngine({ adapter, clock });
    expect(engine.placeCall({ name: 'x' }, 'video')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(0);
    const logged = adapter.log.length;
    const before = engine.getSnapshot();
    for (const result of [engine.hold(callId), engine.sendDtmf(callId, '1'), engine.setCamera(callId, true), engine.startScreenShare(callId)]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    }
    // Refused means nothing reached the adapter and nothing changed.
    expect(adapter.log).toHaveLength(logged);
    expect(engine.getSnapshot()).toBe(before);
    // And the controls a UI derives do not offer them.
    const controls = callControls(getCall(engine.getSnapshot(), callId)!, engine.capabilities);
    expect([controls.hold.visible, controls.dialPad.visible, controls.camera.visible, controls.screenShare.visible]).toEqual([false, false, false, false]);
    expect(controls.mute.visible).toBe(true);
  });

  it('the far side muting itself reaches the state, as every other field of a valid adapter event does', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.remote.setMedia(callId, { muted: true });
    expect(getCall(engine.getSnapshot(), callId)?.remoteMedia).toMatchObject({ muted: true });
    // Every well-formed event is copied field for field: nothing the adapter said is lost on the way in.
    fc.assert(fc.property(arbitraryAdapterEvent(['a', 'b']), (event) => {
      expect(checkAdapterEvent(event)).toEqual(event);
    }), fcParameters());
  });

  it('an invalid config is a typed error naming the field', () => {
    const clock = createVirtualClock();
    const adapter = createLoopbackAdapter({ clock });
    expect(() => createCallEngine({ adapter, clock, config: { ringTimeoutMs: -5 } })).toThrow(RinglineError);
    expect(() => createCallEngine({ adapter, clock, config: { ringTimeoutMs: -5 } })).toThrow(/ringTimeoutMs/);
    // A misspelt option is named too, rather than dropped with the default kept.
    const misspelt = { ringTimeoutMS: 5_000 } as unknown as { ringTimeoutMs: number };
    expect(() => createCallEngine({ adapter, clock, config: misspelt })).toThrow(/unknown option "ringTimeoutMS"/);
    // A spread of the defaults carries `capabilities`; the adapter's win.
    const engine = createCallEngine({ adapter, clock, config: { ...defaultConfig, ringTimeoutMs: 5_000 } });
    expect(engine.config.ringTimeoutMs).toBe(5_000);
    expect(engine.capabilities).toEqual(adapter.capabilities);
  });

  it('a camera the browser denies leaves the camera off with a remedy about the camera', async () => {
    const { engine, adapter, clock, outputs } = harness();
    const callId = adapter.remote.ring({ media: 'audio' });
    engine.accept(callId);
    await clock.tick(10);
    adapter.failNext('setCamera', { error: Object.assign(new Error('denied'), { name: 'NotAllowedError' }) });
    engine.setCamera(callId, true);
    expect(getCall(engine.getSnapshot(), callId)?.local.camera).toBe('starting');
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ local: { camera: 'off' }, lastError: { code: 'permissionDenied', device: 'camera' } });
    const error = outputs.findLast((o) => o.type === 'error');
    expect(error?.type === 'error' && error.error.remedy).toMatch(/camera/);
  });
});

describe('the runtime', () => {
  it('keeps one scheduled action however many calls ring', () => {
    const clock = createVirtualClock();
    const adapter = createLoopbackAdapter({ clock });
    const engine = createCallEngine({ adapter, clock, config: { ringTimeoutMs: 30_000 } });
    for (let i = 0; i < 200; i++) adapter.remote.ring({ ringTimeoutMs: 10_000 + i });
    expect(engine.pendingTimers()).toHaveLength(200);
    expect(clock.pendingCount()).toBe(1);
    clock.advanceBy(10_099);
    expect(engine.getSnapshot().calls).toHaveLength(100);
    expect(engine.getSnapshot().history).toHaveLength(50);
    expect(clock.pendingCount()).toBe(1);
  });

  it('leaves the wake-up of a cancelled deadline to lapse, and releases the scheduler on dispose', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    expect(clock.pendingCount()).toBe(1);
    engine.accept(callId);
    await clock.tick(10);
    expect(engine.pendingTimers()).toEqual([]);
    // Answering does not touch the scheduler; the wake-up at the old deadline finds nothing due.
    expect(clock.pendingCount()).toBe(1);
    const before = engine.getSnapshot();
    clock.advanceBy(30_000);
    expect(engine.getSnapshot()).toBe(before);
    expect(clock.pendingCount()).toBe(0);
    adapter.remote.ring();
    expect(clock.pendingCount()).toBe(1);
    engine.dispose();
    // What is left is the loopback finishing its disconnects, then nothing.
    await clock.tick(10);
    expect(clock.pendingCount()).toBe(0);
  });

  it('subscribe is called on change only; select$ emits only when the selected value changes', async () => {
    const { engine, adapter, clock } = harness();
    const seen: EngineState[] = [];
    const unsubscribe = engine.subscribe((state) => seen.push(state));
    const phases: (string | undefined)[] = [];
    const callId = 'watched';
    engine.select$((state) => getCall(state, callId)?.phase).subscribe((phase) => phases.push(phase));
    adapter.remote.ring({ callId });
    engine.toggleMute(callId); // rejected: nothing changes, no notification
    engine.accept(callId);
    await clock.tick(10);
    engine.toggleMute(callId);
    engine.toggleMute(callId);
    expect(seen).toHaveLength(5);
    expect(phases).toEqual([undefined, 'ringing', 'connecting', 'connected']);
    unsubscribe();
    engine.hangUp(callId);
    expect(seen).toHaveLength(5);
  });

  it('inputs sent from inside a subscriber run after the current transition, in order', () => {
    const { engine, adapter } = harness();
    const order: string[] = [];
    engine.subscribe((state) => {
      const ringing = state.calls.find((c) => c.phase === 'ringing');
      if (ringing) {
        order.push('subscriber declines');
        expect(engine.decline(ringing.id)).toEqual({ ok: true, queued: true });
      }
    });
    engine.on('timeline', ({ entry }) => order.push(entry.kind));
    adapter.remote.ring();
    expect(order).toEqual(['subscriber declines', 'ringing', 'ended']);
    expect(engine.getSnapshot().history[0]?.endReason).toBe('declined');
  });

  it('a persisted snapshot rehydrates, and its deadlines still fire', () => {
    const clock = createVirtualClock(0);
    const first = createCallEngine({ adapter: createLoopbackAdapter({ clock }), clock });
    const adapter = createLoopbackAdapter({ clock });
    const callId = 'persisted';
    first.send({ type: 'incoming', callId, remote: { name: 'Ada' }, media: 'audio', ringTimeoutMs: 20_000 });
    const saved = JSON.parse(JSON.stringify(first.getSnapshot())) as EngineState;
    first.dispose();
    clock.advanceBy(5_000);
    const second = createCallEngine({ adapter, clock, initialState: saved });
    expect(second.pendingTimers()).toEqual([{ timer: 'ring', callId, at: 20_000 }]);
    // The tone output was emitted by the first engine; a player reads the tone the state calls for.
    const tones: (string | undefined)[] = [];
    second.select$(toneOf).subscribe((tone) => tones.push(tone));
    clock.advanceBy(15_000);
    expect(second.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'missed' });
    expect(tones).toEqual(['ringtone', undefined]);
  });

  it('dispose hangs up, stops timers and media, completes observables, and is idempotent', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.remote.ring();
    let completed = 0;
    engine.state$.subscribe({ complete: () => completed++ });
    engine.events$.subscribe({ complete: () => completed++ });
    const adapterDispose = adapter.dispose.bind(adapter);
    let adapterDisposals = 0;
    adapter.dispose = () => {
      adapterDisposals++;
      adapterDispose();
    };
    engine.dispose();
    const disposed = engine.getSnapshot();
    engine.dispose();
    // The second dispose does nothing: the adapter is disposed once, and a store's snapshot keeps its identity.
    expect(adapterDisposals).toBe(1);
    expect(engine.getSnapshot()).toBe(disposed);
    expect(completed).toBe(2);
    expect(adapter.disposed).toBe(true);
    expect(engine.getSnapshot()).toMatchObject({ disposed: true, calls: [] });
    expect(engine.pendingTimers()).toEqual([]);
    expect(adapter.log.filter((e) => e.name === 'disconnect').map((e) => e.callId)).toContain(callId);
    expect(engine.accept('x')).toMatchObject({ ok: false, error: { code: 'disposed' } });
    const logLength = adapter.log.length;
    await clock.tick(60_000);
    expect(adapter.log).toHaveLength(logLength);
  });

  it('a throwing notifier never breaks the call', () => {
    const clock = createVirtualClock();
    const adapter = createLoopbackAdapter({ clock });
    const engine = createCallEngine({ adapter, clock, notifier: { notify: () => { throw new Error('backend down'); } } });
    const errors: string[] = [];
    engine.on('error', ({ error }) => errors.push(error.code));
    const callId = adapter.remote.ring();
    expect(engine.decline(callId).ok).toBe(true);
    expect(errors).toEqual(['notifierFailed', 'notifierFailed']);
  });
});

describe('placing a call checks its input', () => {
  it('refuses a number that is not E.164, a bad media kind and a bad timeout, changing nothing', () => {
    const { engine } = harness();
    const before = engine.getSnapshot();
    expect(engine.placeCall({ number: '0415 555 0100' }, 'audio')).toMatchObject({ ok: false, error: { code: 'invalidNumber' } });
    expect(engine.placeCall({ number: '+0123' }, 'audio')).toMatchObject({ ok: false, error: { code: 'invalidNumber' } });
    expect(engine.placeCall({ name: 'x' }, 'fax' as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.placeCall({ name: 'x' }, 'audio', { ringTimeoutMs: -1 })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.getSnapshot()).toBe(before);
    expect(engine.placeCall({ number: '+14155550100' }, 'audio').ok).toBe(true);
  });
});

describe('the runtime holds up', () => {
  it('an on() handler that throws is reported; the transition keeps its later effects', async () => {
    const { engine, adapter, clock, outputs } = harness();
    engine.on('timeline', () => {
      throw new Error('a buggy handler');
    });
    const callId = adapter.remote.ring({ ringTimeoutMs: 1_000 });
    await clock.tick(1_000);
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'missed' });
    expect(outputs.filter((o) => o.type === 'tone')).toEqual([{ type: 'tone', action: 'start', tone: 'ringtone' }, { type: 'tone', action: 'stop' }]);
    expect(outputs.some((o) => o.type === 'notice' && o.notice.type === 'callEnded')).toBe(true);
    expect(outputs.some((o) => o.type === 'error' && o.error.code === 'subscriberFailed')).toBe(true);
    expect(engine.placeCall({ name: 'Bob' }, 'audio').ok).toBe(true);
  });

  it('on(): each registration stands alone, unsubscribing mid-output disturbs no other handler, and a throwing one starves none', () => {
    const { engine, adapter } = harness();
    const calls: string[] = [];
    const twice = () => calls.push('twice');
    const offFirst = engine.on('tone', twice);
    engine.on('tone', twice);
    let offSelf = () => {};
    offSelf = engine.on('tone', () => {
      calls.push('once');
      offSelf();
    });
    engine.on('tone', () => {
      throw new Error('a buggy handler');
    });
    engine.on('tone', () => calls.push('last'));
    offFirst();
    offFirst();
    const callId = adapter.remote.ring();
    expect(calls).toEqual(['twice', 'once', 'last']);
    engine.decline(callId);
    expect(calls).toEqual(['twice', 'once', 'last', 'twice', 'last']);
  });

  it('a deadline weeks away is armed within what a timer can hold, and a ring of more than a day is refused', () => {
    const delays: number[] = [];
    const virtual = createVirtualClock(0);
    const clock = { now: () => virtual.now(), scheduler: { now: () => virtual.now(), schedule: (work: () => void, delay = 0) => (delays.push(delay), virtual.scheduler.schedule(work, delay)) } } as never;
    const adapter = createLoopbackAdapter({ clock });
    const engine = createCallEngine({ adapter, clock, config: { ringTimeoutMs: 24 * 3_600_000 } });
    expect(engine.placeCall({ name: 'Bob' }, 'audio', { ringTimeoutMs: 30 * 24 * 3_600_000 })).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    engine.send({ type: 'incoming', callId: 'c1', remote: { name: 'Ann' }, media: 'audio' });
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
    engine.decline('c1');
    // An offer's own countdown has the same bound as the config's: a day rings, more is refused.
    expect(engine.send({ type: 'incoming', callId: 'c2', remote: {}, media: 'audio', ringTimeoutMs: 24 * 3_600_000 }).ok).toBe(true);
    expect(engine.send({ type: 'incoming', callId: 'c3', remote: {}, media: 'audio', ringTimeoutMs: 24 * 3_600_000 + 1 })).toMatchObject({ ok: false, error: { code: 'invalidAdapterEvent' } });
    engine.dispose();
  });

  it('a snapshot saved at dispose rehydrates into a working engine with its history; a malformed one is refused', () => {
    const first = harness();
    const callId = first.adapter.remote.ring();
    first.engine.decline(callId);
    first.engine.dispose();
    const saved = JSON.parse(JSON.stringify(first.engine.getSnapshot())) as EngineState;
    expect(saved.disposed).toBe(true);
    const again = createCallEngine({ adapter: createLoopbackAdapter({ clock: first.clock }), clock: first.clock, initialState: saved });
    expect(again.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'declined' });
    expect(again.placeCall({ name: 'Bob' }, 'audio').ok).toBe(true);
    for (const bad of [{}, { calls: null, history: [], missed: [] }, { calls: [{}], history: [], missed: [] }]) {
      expect(() => createCallEngine({ adapter: createLoopbackAdapter({ clock: first.clock }), clock: first.clock, initialState: bad as unknown as EngineState })).toThrow(RinglineError);
    }
  });

  it('a snapshot whose live call lacks what later inputs read is refused, not an engine that fails every input', async () => {
    const h = harness();
    const callId = await connectedOutbound(h);
    h.adapter.remote.dropNetwork(callId);
    const saved = JSON.parse(JSON.stringify(h.engine.getSnapshot())) as EngineState;
    const start = (state: EngineState) => createCallEngine({ adapter: createLoopbackAdapter({ clock: h.clock }), clock: h.clock, initialState: state });
    expect(getCall(start(saved).getSnapshot(), callId)?.phase).toBe('reconnecting');
    const broken = (change: Record<string, unknown>) => ({ ...saved, calls: saved.calls.map((call) => ({ ...call, ...change })) }) as EngineState;
    for (const change of [{ reconnect: undefined }, { hold: null }, { local: undefined }, { remoteMedia: 'joined' }, { phase: 'onHold' }]) {
      expect(() => start(broken(change)), JSON.stringify(change)).toThrow(/initialState has a call without/);
    }
  });

  it('a class-based reconnect policy keeps its this', async () => {
    class Backoff {
      readonly giveUpAfterMs = 30_000;
      private readonly base = 2_000;
      retryDelayMs(attempt: number): number {
        return this.base * attempt;
      }
    }
    const { engine, adapter, clock } = harness({ engine: { config: { reconnect: new Backoff() } } });
    expect(engine.config.reconnect.retryDelayMs(1)).toBe(2_000);
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.remote.dropNetwork(callId);
    const reconnect = getCall(engine.getSnapshot(), callId)?.reconnect;
    expect(reconnect!.nextRetryAt).toBeLessThan(reconnect!.giveUpAt);
  });

  it('events$ looked at first after dispose is complete, and listeners added then are not kept', () => {
    const { engine } = createBare();
    engine.dispose();
    let completed = false;
    engine.events$.subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
    expect(typeof engine.subscribe(() => undefined)).toBe('function');
    expect(typeof engine.on('tone', () => undefined)).toBe('function');
  });

  it('toggles sent from a subscriber read the state they apply to', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    let once = true;
    engine.subscribe(() => {
      if (!once) return;
      once = false;
      engine.toggleMute(callId);
      engine.toggleMute(callId);
    });
    engine.setCamera(callId, false);
    engine.send({ type: 'remoteMedia', callId, camera: true });
    expect(getCall(engine.getSnapshot(), callId)?.local.muted).toBe(false);
  });

  it('an input type plain JavaScript should not send, a BigInt, is a typed rejection', () => {
    const { engine } = createBare();
    expect(engine.send({ type: 10n } as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
  });
});

function createBare() {
  const clock = createVirtualClock(0);
  return { engine: createCallEngine({ adapter: createLoopbackAdapter({ clock }), clock }), clock };
}
