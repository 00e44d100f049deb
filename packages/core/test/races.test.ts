// Races the reducer decides: whichever input arrives first wins, the loser is
// rejected or ignored, and there is exactly one outcome.
import { describe, expect, it } from 'vitest';
import { getCall, reconnectCountdown, reduce, resolveConfig, type EngineEvent, type EngineState } from '../src/index.js';
import { initialEngineState } from '../src/model.js';
import { loopbackCapabilities } from '../src/testing/index.js';
import { connectedOutbound, harness } from './support.js';

const config = resolveConfig({ ringTimeoutMs: 30_000 }, loopbackCapabilities);

function run(events: EngineEvent[], state: EngineState = initialEngineState) {
  const results = [];
  for (const event of events) {
    const result = reduce(state, event, config);
    results.push(result);
    state = result.state;
  }
  return { state, results };
}

const ring: EngineEvent = { type: 'incoming', callId: 'c1', remote: { name: 'Ada' }, media: 'audio', at: 0 };

describe('accept vs. the caller hanging up', () => {
  it('cancel first: the call is missed as canceled and the late accept is rejected', () => {
    const { state, results } = run([ring, { type: 'remoteEnded', callId: 'c1', reason: 'canceled', at: 5 }, { type: 'accept', callId: 'c1', at: 5 }]);
    expect(results[2]!.rejected).toMatchObject({ code: 'unknownCall' });
    expect(results[2]!.state).toBe(results[1]!.state);
    expect(state.history).toHaveLength(1);
    expect(state.history[0]).toMatchObject({ endReason: 'canceled', endedBy: 'remote' });
    expect(state.missed[0]).toMatchObject({ callId: 'c1', reason: 'canceled' });
  });

  it('accept first, cancel before media: one outcome, canceled, and the late media is ignored', () => {
    const { state, results } = run([
      ring,
      { type: 'accept', callId: 'c1', at: 5 },
      { type: 'remoteEnded', callId: 'c1', reason: 'canceled', at: 6 },
      { type: 'mediaConnected', callId: 'c1', at: 7 },
    ]);
    expect(results[1]!.effects).toContainEqual({ type: 'adapter', command: expect.objectContaining({ name: 'connect', callId: 'c1' }) });
    expect(results[2]!.effects).toContainEqual({ type: 'adapter', command: { name: 'disconnect', callId: 'c1', reason: 'canceled' } });
    // Late news about a call that ended: nothing to do, and no refusal either.
    expect(results[3]!.rejected).toBeUndefined();
    expect(results[3]!.state).toBe(results[2]!.state);
    expect(results[3]!.effects).toEqual([]);
    expect(state.history.map((h) => h.endReason)).toEqual(['canceled']);
  });

  it('answered elsewhere while ringing ends the offer without a missed-call screen', () => {
    const { state } = run([ring, { type: 'remoteEnded', callId: 'c1', reason: 'answeredElsewhere', at: 3 }]);
    expect(state.history[0]).toMatchObject({ endReason: 'answeredElsewhere' });
    expect(state.missed).toEqual([]);
  });

  it('answered elsewhere while our accept is in flight: the other device won', () => {
    const { state } = run([ring, { type: 'accept', callId: 'c1', at: 2 }, { type: 'remoteEnded', callId: 'c1', reason: 'answeredElsewhere', at: 3 }]);
    expect(state.history[0]).toMatchObject({ endReason: 'answeredElsewhere', durationMs: 0 });
  });
});

describe('the ring deadline vs. a click', () => {
  it('a click at the deadline loses: the call is missed', () => {
    const { results, state } = run([ring, { type: 'accept', callId: 'c1', at: 30_000 }]);
    expect(results[1]!.rejected?.code).toBe('ringExpired');
    expect(state.history[0]).toMatchObject({ endReason: 'missed', endedAt: 30_000 });
  });

  it('a click one millisecond before wins, and the timer that fires later is stale', () => {
    const { results, state } = run([
      ring,
      { type: 'accept', callId: 'c1', at: 29_999 },
      { type: 'timerFired', timer: 'ring', callId: 'c1', deadline: 30_000, at: 30_000 },
    ]);
    expect(results[1]!.effects).toContainEqual({ type: 'cancelTimer', timer: 'ring', callId: 'c1' });
    expect(results[2]!.rejected?.code).toBe('invalidState');
    expect(getCall(state, 'c1')?.phase).toBe('connecting');
  });

  it('per-call ring timeouts override the engine default', () => {
    const { state } = run([{ ...ring, ringTimeoutMs: 10_000 } as EngineEvent]);
    expect(getCall(state, 'c1')?.ringDeadline).toBe(10_000);
  });
});

describe('hold that the network refuses', () => {
  it('rolls back to connected, says so, and accounts no held time', async () => {
    const { engine, adapter, clock, outputs, timelineKinds } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.failNext('hold');
    engine.hold(callId);
    expect(getCall(engine.getSnapshot(), callId)?.hold.status).toBe('holding');
    await clock.tick(10);
    const call = getCall(engine.getSnapshot(), callId)!;
    expect(call).toMatchObject({ phase: 'connected', hold: { status: 'off', heldMs: 0 }, lastError: { code: 'holdRefused' } });
    expect(outputs.some((o) => o.type === 'error' && o.error.code === 'holdRefused' && o.error.recoverable)).toBe(true);
    expect(timelineKinds(callId)).toContain('holdRefused');
    expect(engine.hold(callId).ok).toBe(true);
  });

  it('a second Hold while the first is on its way, or while resuming, is refused: one hold reaches the adapter, and no held time is lost', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    expect(engine.hold(callId).ok).toBe(true);
    expect(engine.hold(callId)).toMatchObject({ ok: false, error: { code: 'invalidState' } });
    expect(adapter.log.filter((entry) => entry.name === 'hold')).toHaveLength(1);
    await clock.tick(10);
    expect(engine.hold(callId)).toMatchObject({ ok: false, error: { code: 'invalidState' } });
    await clock.tick(1_000);
    expect(engine.resume(callId).ok).toBe(true);
    expect(engine.resume(callId)).toMatchObject({ ok: false, error: { code: 'invalidState' } });
    const resuming = engine.getSnapshot();
    expect(engine.hold(callId)).toMatchObject({ ok: false, error: { code: 'invalidState' } });
    expect(engine.getSnapshot()).toBe(resuming);
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)?.hold).toEqual({ status: 'off', heldMs: 1_010 });
    expect(adapter.log.filter((entry) => entry.name === 'hold' || entry.name === 'resume').map((entry) => entry.name)).toEqual(['hold', 'resume']);
  });

  it('a refused resume keeps the call on hold', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    engine.hold(callId);
    await clock.tick(10);
    adapter.failNext('resume');
    engine.resume(callId);
    await clock.tick(10);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ hold: { status: 'on' }, lastError: { code: 'resumeRefused' } });
  });

  it('hanging up while the hold is in flight wins; the late confirmation changes nothing', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    engine.hold(callId);
    engine.hangUp(callId);
    const after = engine.getSnapshot();
    await clock.tick(10);
    expect(engine.getSnapshot()).toBe(after);
    expect(after.history[0]).toMatchObject({ endReason: 'completed', heldMs: 0 });
  });
});

describe('automatic reconnection (003)', () => {
  it('retries on the policy schedule, reconnects, and keeps the hold', async () => {
    const { engine, adapter, clock, timelineKinds } = harness({ engine: { config: { reconnect: { giveUpAfterMs: 20_000, retryDelayMs: (n) => 1_000 * n } } } });
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    engine.hold(callId);
    await clock.tick(10);
    const lostAt = clock.now();
    adapter.remote.dropNetwork(callId);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({
      phase: 'reconnecting',
      hold: { status: 'on' },
      reconnect: { attempt: 1, nextRetryAt: lostAt + 1_000, giveUpAt: lostAt + 20_000 },
    });
    await clock.tick(1_000);
    expect(adapter.log.filter((e) => e.name === 'reconnect').map((e) => e.args[0])).toEqual([1]);
    expect(getCall(engine.getSnapshot(), callId)?.reconnect).toMatchObject({ attempt: 2, nextRetryAt: lostAt + 3_000 });
    adapter.remote.restoreNetwork(callId);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', hold: { status: 'on' } });
    expect(getCall(engine.getSnapshot(), callId)?.reconnect).toBeUndefined();
    expect(engine.pendingTimers()).toEqual([]);
    expect(timelineKinds(callId)).toEqual(expect.arrayContaining(['reconnecting', 'reconnected']));
  });

  it('gives up at the deadline: dropped, with the disconnect sound', async () => {
    const { engine, adapter, clock, outputs } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.remote.dropNetwork(callId);
    await clock.tick(29_999);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('reconnecting');
    await clock.tick(1);
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'dropped', endedBy: 'system' });
    expect(outputs).toContainEqual({ type: 'sound', sound: 'disconnected', callId });
    // The default policy: 1 s, 2 s, 4 s, 8 s, 8 s ... until 30 s.
    expect(adapter.log.filter((e) => e.name === 'reconnect').map((e) => e.at - adapter.log.find((l) => l.name === 'reconnect')!.at)).toEqual([0, 2_000, 6_000, 14_000, 22_000]);
    expect(engine.pendingTimers()).toEqual([]);
  });

  it('a successful reconnect attempt restores the call', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.remote.dropNetwork(callId);
    await clock.tick(1_000);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('reconnecting');
    await clock.tick(10);
    // The first attempt failed: the network is still down.
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'reconnecting', reconnect: { attempt: 2 } });
    adapter.remote.healNetwork(callId);
    // Attempt 2 is due 2 s after attempt 1, and takes the adapter 10 ms.
    await clock.tick(1_999);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('reconnecting');
    await clock.tick(11);
    expect(adapter.log.filter((e) => e.name === 'reconnect').map((e) => e.args[0])).toEqual([1, 2]);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected' });
    expect(engine.pendingTimers()).toEqual([]);
  });
});

describe('one call at a time', () => {
  it('accepting an offer next to a live call is refused as busy, even in a snapshot built by hand', () => {
    const live = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }]).state;
    const offer = run([{ ...ring, callId: 'c2', at: 3 }]).state.calls[0]!;
    const handBuilt: EngineState = { ...live, calls: [...live.calls, offer] };
    const result = reduce(handBuilt, { type: 'accept', callId: 'c2', at: 4 }, config);
    expect(result.rejected).toMatchObject({ code: 'busy' });
    expect(result.state).toBe(handBuilt);
  });

  it('an offer during a live call never rings: it ends as busy', async () => {
    const { engine, adapter, clock, tone } = harness();
    const first = adapter.remote.ring();
    engine.accept(first);
    await clock.tick(10);
    const second = adapter.remote.ring();
    expect(getCall(engine.getSnapshot(), second)).toBeUndefined();
    expect(engine.getSnapshot().history[0]).toMatchObject({ id: second, endReason: 'busy' });
    expect(tone()).toBeUndefined();
    expect(adapter.log.at(-1)).toMatchObject({ name: 'disconnect', callId: second, args: ['busy'] });
  });

  it('placing a call during a live one is refused with the reason', async () => {
    const { engine, adapter, clock } = harness();
    const first = adapter.remote.ring();
    engine.accept(first);
    await clock.tick(10);
    const before = engine.getSnapshot();
    const result = engine.placeCall({ name: 'Bob' }, 'audio');
    expect(!result.ok && result.error.code).toBe('busy');
    expect(engine.getSnapshot()).toBe(before);
  });
});

describe('the deadline decides what arrives late', () => {
  const dial: EngineEvent = { type: 'placeCall', callId: 'o1', to: { name: 'Bob' }, media: 'audio', at: 0 };
  const outboundConfig = resolveConfig({ ringTimeoutMs: 30_000, outboundRingTimeoutMs: 60_000 }, loopbackCapabilities);
  const runWith = (events: EngineEvent[]) => {
    let state = initialEngineState;
    const results = events.map((event) => {
      const result = reduce(state, event, outboundConfig);
      state = result.state;
      return result;
    });
    return { state, results };
  };

  it('a ring timer that wakes late ends the call at its deadline, not at the wake-up', () => {
    const { state } = run([ring, { type: 'timerFired', timer: 'ring', callId: 'c1', deadline: 30_000, at: 95_000 }]);
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'missed', endedAt: 30_000 });
    expect(state.missed[0]).toMatchObject({ callId: 'c1', at: 30_000 });
  });

  it("the caller's cancel after the deadline, before the late timer, finds the call missed at its deadline", () => {
    const { state, results } = run([ring, { type: 'remoteEnded', callId: 'c1', reason: 'canceled', at: 45_000 }]);
    expect(results[1]!.rejected).toBeUndefined();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'missed', endedBy: 'system', endedAt: 30_000 });
  });

  it('an answer after the outbound deadline does not connect: the call was not answered in time', () => {
    for (const late of [
      { type: 'remoteJoined', callId: 'o1', at: 70_000 },
      { type: 'mediaConnected', callId: 'o1', at: 70_000 },
      { type: 'earlyMedia', callId: 'o1', at: 70_000 },
    ] as EngineEvent[]) {
      const { state, results } = runWith([dial, late]);
      expect(results[1]!.effects).toContainEqual({ type: 'adapter', command: { name: 'disconnect', callId: 'o1', reason: 'noAnswer' } });
      expect(state.calls).toEqual([]);
      expect(state.history[0]).toMatchObject({ id: 'o1', endReason: 'noAnswer', endedAt: 60_000 });
    }
  });

  it('a reconnect give-up timer that wakes late ends the call at the give-up deadline', () => {
    const { state: connected } = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }, { type: 'networkLost', callId: 'c1', at: 10_000 }]);
    const giveUpAt = getCall(connected, 'c1')!.reconnect!.giveUpAt;
    const { state } = run([{ type: 'timerFired', timer: 'reconnectGiveUp', callId: 'c1', deadline: giveUpAt, at: giveUpAt + 60_000 }], connected);
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'dropped', endedAt: giveUpAt, durationMs: giveUpAt - 2 });
  });

  it('after the give-up deadline, before the late timer, a restored network, a late success or a hang-up find the call dropped at the deadline', () => {
    const { state: lost } = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }, { type: 'networkLost', callId: 'c1', at: 10_000 }]);
    const { giveUpAt, lostAt } = getCall(lost, 'c1')!.reconnect!;
    for (const late of [
      { type: 'networkRestored', callId: 'c1', at: giveUpAt + 8_000 },
      { type: 'commandSucceeded', command: { name: 'reconnect', callId: 'c1', attempt: 1, lostAt }, at: giveUpAt + 3_000 },
      { type: 'hangUp', callId: 'c1', at: giveUpAt + 8_000 },
      { type: 'remoteEnded', callId: 'c1', reason: 'hangup', at: giveUpAt + 8_000 },
    ] as EngineEvent[]) {
      const result = reduce(lost, late, config);
      // News from the far side or the adapter has nothing left to do; the click is refused: the call had ended.
      if (late.type === 'hangUp') expect(result.rejected, late.type).toMatchObject({ code: 'unknownCall', message: 'Call c1 ended at its reconnect give-up deadline' });
      else expect(result.rejected, late.type).toBeUndefined();
      expect(result.state.calls, late.type).toEqual([]);
      expect(result.state.history[0], late.type).toMatchObject({ id: 'c1', endReason: 'dropped', endedBy: 'system', endedAt: giveUpAt });
      expect(result.effects, late.type).toContainEqual({ type: 'sound', sound: 'disconnected', callId: 'c1' });
    }
  });

  it('a restored network exactly at the give-up deadline is too late: the call was dropped there', () => {
    const { state: lost } = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }, { type: 'networkLost', callId: 'c1', at: 10_000 }]);
    const { giveUpAt } = getCall(lost, 'c1')!.reconnect!;
    const { state } = run([{ type: 'networkRestored', callId: 'c1', at: giveUpAt }], lost);
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'dropped', endedAt: giveUpAt });
    const justInTime = run([{ type: 'networkRestored', callId: 'c1', at: giveUpAt - 1 }], lost).state;
    expect(getCall(justInTime, 'c1')?.phase).toBe('connected');
  });

  it('no retry is ever scheduled at or after the give-up deadline', () => {
    const { state: lost, results } = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }, { type: 'networkLost', callId: 'c1', at: 10_000 }]);
    const { giveUpAt } = getCall(lost, 'c1')!.reconnect!;
    const retriesArmed = results.at(-1)!.effects.filter((effect) => effect.type === 'startTimer' && effect.timer === 'reconnectRetry');
    let state = lost;
    for (let i = 0; i < 50; i++) {
      const call = getCall(state, 'c1')!;
      if (call.reconnect!.nextRetryAt >= call.reconnect!.giveUpAt) break;
      const fired = reduce(state, { type: 'timerFired', timer: 'reconnectRetry', callId: 'c1', deadline: call.reconnect!.nextRetryAt, at: call.reconnect!.nextRetryAt }, config);
      retriesArmed.push(...fired.effects.filter((effect) => effect.type === 'startTimer' && effect.timer === 'reconnectRetry'));
      state = fired.state;
    }
    expect(retriesArmed.length).toBeGreaterThan(1);
    for (const effect of retriesArmed) expect(effect.type === 'startTimer' && effect.at).toBeLessThan(giveUpAt);
  });

  it('the reconnect countdown stops showing a retry once the policy has none left before the give-up', () => {
    const { state: lost } = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }, { type: 'networkLost', callId: 'c1', at: 10_000 }]);
    let state = lost;
    expect(reconnectCountdown(getCall(state, 'c1')!, 10_000)?.nextRetryMs).toBeGreaterThan(0);
    // Fire every retry the policy schedules until none is left before the give-up deadline.
    for (let i = 0; i < 50; i++) {
      const call = getCall(state, 'c1')!;
      if (call.reconnect!.nextRetryAt >= call.reconnect!.giveUpAt) break;
      state = reduce(state, { type: 'timerFired', timer: 'reconnectRetry', callId: 'c1', deadline: call.reconnect!.nextRetryAt, at: call.reconnect!.nextRetryAt }, config).state;
    }
    const call = getCall(state, 'c1')!;
    expect(call.phase).toBe('reconnecting');
    expect(reconnectCountdown(call, call.reconnect!.giveUpAt - 6_000)).toEqual({ nextRetryMs: undefined, giveUpMs: 6_000 });
  });

  it('held time stays within the call when a hold is confirmed after the deadline the call ends at', () => {
    const { state: holding } = run([
      ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 },
      { type: 'hold', callId: 'c1', at: 1_000 }, { type: 'networkLost', callId: 'c1', at: 2_000 },
    ]);
    const { giveUpAt } = getCall(holding, 'c1')!.reconnect!;
    const { state } = run([{ type: 'commandSucceeded', command: { name: 'hold', callId: 'c1' }, at: giveUpAt + 8_000 }], holding);
    const entry = state.history[0]!;
    expect(entry).toMatchObject({ id: 'c1', endReason: 'dropped', endedAt: giveUpAt });
    expect(entry.heldMs).toBeGreaterThanOrEqual(0);
    expect(entry.heldMs).toBeLessThanOrEqual(entry.durationMs);
  });

  it('"answered elsewhere" after media flowed here means this device answered: completed', () => {
    const { state } = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }, { type: 'remoteEnded', callId: 'c1', reason: 'answeredElsewhere', at: 5_000 }]);
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'completed', durationMs: 4_998 });
  });
});

describe('deadlines that passed while the timers slept (a throttled tab)', () => {
  it('a retry timer that wakes past the give-up deadline sends no reconnect: the call ended as dropped at that deadline', async () => {
    const h = harness({ engine: { config: { reconnect: { giveUpAfterMs: 5_000, retryDelayMs: () => 1_000 } } } });
    const id = await connectedOutbound(h, 'audio');
    h.adapter.remote.dropNetwork(id);
    await h.clock.tick(0);
    const lostAt = h.clock.now();
    const before = h.adapter.log.length;
    h.clock.jump(20_000); // slept through the retry (lost + 1 s) and the give-up (lost + 5 s)
    await h.clock.tick(0);
    expect(h.engine.getSnapshot().history.find((entry) => entry.id === id)).toMatchObject({ endReason: 'dropped', endedAt: lostAt + 5_000 });
    expect(h.adapter.log.slice(before).filter((request) => request.name === 'reconnect')).toEqual([]);
  });

  it('a call past its connect deadline is over when the next offer comes: the offer rings', () => {
    const { state, results } = run([
      ring,
      { type: 'accept', callId: 'c1', at: 1 },
      { type: 'incoming', callId: 'c2', remote: { name: 'Bo' }, media: 'audio', at: 40_000 },
    ]);
    expect(results[2]!.rejected).toBeUndefined();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'failed', endedAt: 30_001 });
    expect(getCall(state, 'c2')?.phase).toBe('ringing');
    expect(results[2]!.effects).toContainEqual({ type: 'cancelTimer', timer: 'connect', callId: 'c1' });
    expect(results[2]!.effects).toContainEqual({ type: 'startTimer', timer: 'ring', callId: 'c2', at: 70_000 });
  });

  it('an outbound call past its ring deadline does not keep the next one from being placed', () => {
    const place = (callId: string, at: number): EngineEvent => ({ type: 'placeCall', callId, to: { number: '+14155550100' }, media: 'audio', at });
    const { state, results } = run([place('o1', 0), place('o2', 70_000)]);
    expect(results[1]!.rejected).toBeUndefined();
    expect(state.history[0]).toMatchObject({ id: 'o1', endReason: 'noAnswer', endedBy: 'system', endedAt: 60_000 });
    expect(getCall(state, 'o2')?.phase).toBe('calling');
  });

  it('a reconnecting call past its give-up deadline is dropped before the next offer, which rings', () => {
    const { state } = run([
      ring,
      { type: 'accept', callId: 'c1', at: 1 },
      { type: 'mediaConnected', callId: 'c1', at: 2 },
      { type: 'networkLost', callId: 'c1', at: 10_000 },
      { type: 'incoming', callId: 'c2', remote: { name: 'Bo' }, media: 'audio', at: 100_000 },
    ]);
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'dropped', endedAt: 40_000 });
    expect(getCall(state, 'c2')?.phase).toBe('ringing');
  });

  it('a click on a call its ring deadline ended is refused; the call ended unanswered at the deadline', () => {
    const { state: calling } = run([{ type: 'placeCall', callId: 'o1', to: { number: '+14155550100' }, media: 'audio', at: 0 }]);
    for (const late of [{ type: 'hangUp', callId: 'o1', at: 90_000 }, { type: 'setMuted', callId: 'o1', muted: true, at: 90_000 }] as EngineEvent[]) {
      const result = reduce(calling, late, config);
      expect(result.rejected, late.type).toMatchObject({ code: 'unknownCall', message: 'Call o1 ended at its ring deadline, unanswered' });
      expect(result.state.history[0], late.type).toMatchObject({ id: 'o1', endReason: 'noAnswer', endedAt: 60_000 });
    }
  });

  it('input refused for its own reasons changes nothing, even with a deadline passed: that is left to its timer', () => {
    const { state: connecting } = run([ring, { type: 'accept', callId: 'c1', at: 1 }]);
    const badNumber = reduce(connecting, { type: 'placeCall', callId: 'o1', to: { number: '555' }, media: 'audio', at: 40_000 }, config);
    expect(badNumber.rejected?.code).toBe('invalidNumber');
    expect(badNumber.state).toBe(connecting);
    expect(badNumber.effects).toEqual([]);
  });

  it('a Hold that finds the last one unanswered past its deadline: that one is refused, at its deadline, and this one goes out', () => {
    const { state } = run([ring, { type: 'accept', callId: 'c1', at: 1 }, { type: 'mediaConnected', callId: 'c1', at: 2 }, { type: 'hold', callId: 'c1', at: 3 }]);
    const again = reduce(state, { type: 'hold', callId: 'c1', at: 20_000 }, config);
    expect(again.rejected).toBeUndefined();
    expect(getCall(again.state, 'c1')).toMatchObject({ hold: { status: 'holding', heldMs: 0 }, holdAnswerBy: 35_000 });
    expect(again.effects).toContainEqual({ type: 'timeline', entry: { at: 15_003, callId: 'c1', kind: 'holdRefused', detail: 'No answer to hold within 15 s' } });
    expect(again.effects.filter((effect) => effect.type === 'adapter' && effect.command.name === 'hold')).toHaveLength(1);
  });
});

describe('a hold the network never answers', () => {
  const connected = () => run([ring, { type: 'accept', callId: 'c1', at: 1_000 }, { type: 'mediaConnected', callId: 'c1', at: 2_000 }]);

  it('rolls back at its answer deadline, as refused; the late confirmation changes nothing', async () => {
    const { engine, adapter, clock, outputs, timelineKinds } = harness({ loopback: { latencyMs: { hold: 60_000 } } });
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    const heldAt = clock.now();
    engine.hold(callId);
    expect(engine.pendingTimers()).toEqual([{ timer: 'hold', callId, at: heldAt + 15_000 }]);
    await clock.tick(14_999);
    expect(getCall(engine.getSnapshot(), callId)?.hold.status).toBe('holding');
    await clock.tick(1);
    const state = engine.getSnapshot();
    expect(getCall(state, callId)?.hold).toEqual({ status: 'off', heldMs: 0 });
    expect(getCall(state, callId)).toMatchObject({
      phase: 'connected',
      lastError: { code: 'holdRefused', message: 'No answer to hold within 15 s' },
    });
    expect(outputs.filter((o) => o.type === 'error').map((o) => o.type === 'error' && o.error.code)).toEqual(['holdRefused']);
    expect(timelineKinds(callId)).toContain('holdRefused');
    expect(engine.pendingTimers()).toEqual([]);
    // The adapter is told to undo what it may still do, after the hold it has not answered.
    expect(adapter.log.filter((entry) => entry.callId === callId).map((entry) => entry.name).slice(-2)).toEqual(['hold', 'resume']);
    // The adapter's answer, 45 s late, is about a hold that is over.
    await clock.tick(60_000);
    expect(engine.getSnapshot()).toBe(state);
  });

  it('a resume without an answer keeps the call on hold, and the held time keeps running', async () => {
    const { engine, adapter, clock } = harness({ engine: { config: { holdTimeoutMs: 5_000 } } });
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    engine.hold(callId);
    await clock.tick(10);
    const since = getCall(engine.getSnapshot(), callId)!.hold.since!;
    adapter.setLatency('resume', 60_000);
    engine.resume(callId);
    await clock.tick(5_000);
    expect(getCall(engine.getSnapshot(), callId)?.hold).toEqual({ status: 'on', since, heldMs: 0 });
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({
      lastError: { code: 'resumeRefused', message: 'No answer to resume within 5 s' },
    });
    await clock.tick(1_000);
    engine.hangUp(callId);
    expect(engine.getSnapshot().history[0]?.heldMs).toBe(clock.now() - since);
  });

  it('an answer in time cancels the deadline; one at or after it, before the late timer, counts as none', () => {
    const { state } = connected();
    const holding = reduce(state, { type: 'hold', callId: 'c1', at: 3_000 }, config);
    expect(holding.effects).toContainEqual({ type: 'startTimer', timer: 'hold', callId: 'c1', at: 18_000 });
    const inTime = reduce(holding.state, { type: 'commandSucceeded', command: { name: 'hold', callId: 'c1' }, at: 17_999 }, config);
    expect(inTime.effects).toContainEqual({ type: 'cancelTimer', timer: 'hold', callId: 'c1' });
    expect(getCall(inTime.state, 'c1')?.hold).toEqual({ status: 'on', since: 17_999, heldMs: 0 });
    for (const late of [
      { type: 'commandSucceeded', command: { name: 'hold', callId: 'c1' }, at: 18_000 },
      { type: 'commandFailed', command: { name: 'hold', callId: 'c1' }, error: { code: 'commandFailed', message: 'busy' }, at: 20_000 },
      { type: 'timerFired', timer: 'hold', callId: 'c1', deadline: 18_000, at: 50_000 },
    ] as EngineEvent[]) {
      const result = reduce(holding.state, late, config);
      expect(result.rejected, late.type).toBeUndefined();
      expect(getCall(result.state, 'c1'), late.type).toMatchObject({ hold: { status: 'off', heldMs: 0 }, lastError: { message: 'No answer to hold within 15 s' } });
      expect(result.effects, late.type).toContainEqual({ type: 'timeline', entry: { at: 18_000, callId: 'c1', kind: 'holdRefused', detail: 'No answer to hold within 15 s' } });
    }
    // The timer of a hold that was answered is stale.
    expect(reduce(inTime.state, { type: 'timerFired', timer: 'hold', callId: 'c1', deadline: 18_000, at: 18_000 }, config).rejected?.code).toBe('invalidState');
  });

  it('hanging up while waiting cancels the deadline, and a rehydrated engine re-arms it', () => {
    const { state } = connected();
    const holding = reduce(state, { type: 'hold', callId: 'c1', at: 3_000 }, config);
    const ended = reduce(holding.state, { type: 'hangUp', callId: 'c1', at: 4_000 }, config);
    expect(ended.effects).toContainEqual({ type: 'cancelTimer', timer: 'hold', callId: 'c1' });
    const { engine } = harness({ start: 3_500, engine: { initialState: holding.state } });
    expect(engine.pendingTimers()).toEqual([{ timer: 'hold', callId: 'c1', at: 18_000 }]);
  });

  it('the answer deadline is engine config, checked like the others', () => {
    expect(resolveConfig({ holdTimeoutMs: 5_000 }, loopbackCapabilities).holdTimeoutMs).toBe(5_000);
    expect(() => resolveConfig({ holdTimeoutMs: 0 }, loopbackCapabilities)).toThrow(/holdTimeoutMs/);
  });
});

describe('an answered call whose media never comes', () => {
  const accepted = () => run([ring, { type: 'accept', callId: 'c1', at: 1_000 }]);

  it('ends as failed at its connect deadline, with a connect error, the streams stopped and one history entry', async () => {
    const { engine, adapter, clock, outputs } = harness({ loopback: { latencyMs: { connect: 120_000 } } });
    const callId = adapter.remote.ring();
    const answeredAt = clock.now();
    engine.accept(callId);
    expect(engine.pendingTimers()).toEqual([{ timer: 'connect', callId, at: answeredAt + 30_000 }]);
    await clock.tick(29_999);
    expect(getCall(engine.getSnapshot(), callId)?.phase).toBe('connecting');
    await clock.tick(1);
    const state = engine.getSnapshot();
    expect(state.calls).toEqual([]);
    expect(state.history[0]).toMatchObject({ id: callId, endReason: 'failed', endedAt: answeredAt + 30_000, error: { code: 'connectFailed' } });
    expect(adapter.log).toContainEqual(expect.objectContaining({ name: 'disconnect', callId }));
    expect(outputs.filter((o) => o.type === 'error').map((o) => o.type === 'error' && o.error.code)).toEqual(['connectFailed']);
    expect(engine.pendingTimers()).toEqual([]);
    // The connect the adapter finally gets to is about an ended call: nothing changes.
    await clock.tick(120_000);
    expect(engine.getSnapshot()).toBe(state);
  });

  it('media in time cancels the deadline', () => {
    const { state, results } = run([ring, { type: 'accept', callId: 'c1', at: 1_000 }, { type: 'mediaConnected', callId: 'c1', at: 3_000 }]);
    expect(results[1]!.effects).toContainEqual({ type: 'startTimer', timer: 'connect', callId: 'c1', at: 31_000 });
    expect(results[2]!.effects).toContainEqual({ type: 'cancelTimer', timer: 'connect', callId: 'c1' });
    expect(getCall(state, 'c1')).toMatchObject({ phase: 'connected', connectDeadline: undefined });
  });

  it('media after the deadline, before the late timer, finds the call failed at the deadline', () => {
    const { state: connecting } = accepted();
    for (const late of [
      { type: 'mediaConnected', callId: 'c1', at: 40_000 },
      { type: 'hangUp', callId: 'c1', at: 40_000 },
      { type: 'timerFired', timer: 'connect', callId: 'c1', deadline: 31_000, at: 95_000 },
    ] as EngineEvent[]) {
      const result = reduce(connecting, late, config);
      if (late.type === 'hangUp') expect(result.rejected, late.type).toMatchObject({ code: 'unknownCall', message: 'Call c1 ended at its connect deadline' });
      else expect(result.rejected, late.type).toBeUndefined();
      expect(result.state.calls, late.type).toEqual([]);
      expect(result.state.history[0], late.type).toMatchObject({ id: 'c1', endReason: 'failed', endedBy: 'system', endedAt: 31_000, durationMs: 0 });
    }
  });

  it('a network drop while connecting hands over to the give-up deadline; a restore starts the connect deadline over', () => {
    const { state: connecting } = accepted();
    const lost = reduce(connecting, { type: 'networkLost', callId: 'c1', at: 10_000 }, config);
    expect(lost.effects).toContainEqual({ type: 'cancelTimer', timer: 'connect', callId: 'c1' });
    expect(getCall(lost.state, 'c1')).toMatchObject({ phase: 'reconnecting', connectDeadline: undefined });
    const back = reduce(lost.state, { type: 'networkRestored', callId: 'c1', at: 12_000 }, config);
    expect(getCall(back.state, 'c1')).toMatchObject({ phase: 'connecting', connectDeadline: 42_000 });
    expect(back.effects).toContainEqual({ type: 'startTimer', timer: 'connect', callId: 'c1', at: 42_000 });
  });

  it('an outbound call answered by the far side gets the same deadline, and a rehydrated engine re-arms it', async () => {
    const { state: calling } = run([{ type: 'placeCall', callId: 'o1', to: { number: '+14155550100' }, media: 'audio', at: 0 }]);
    const joined = reduce(calling, { type: 'remoteJoined', callId: 'o1', at: 5_000 }, config);
    expect(getCall(joined.state, 'o1')).toMatchObject({ phase: 'connecting', connectDeadline: 35_000 });
    const { engine } = harness({ start: 6_000, engine: { initialState: joined.state } });
    expect(engine.pendingTimers()).toEqual([{ timer: 'connect', callId: 'o1', at: 35_000 }]);
  });
});

describe('what a hung-up call leaves behind', () => {
  it('hanging up while a person is asking to join cancels the join countdown too', async () => {
    const { engine, adapter, clock } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: { name: 'Dana' } });
    expect(engine.pendingTimers().map((t) => t.timer)).toEqual(['takeover']);
    engine.hangUp(callId);
    expect(engine.pendingTimers()).toEqual([]);
  });

  it('a camera that fails to turn off is shown as on, with the error, so the visitor can try again', async () => {
    const { engine, adapter, clock, outputs } = harness();
    const callId = adapter.remote.ring({ media: 'video' });
    engine.accept(callId);
    await clock.tick(10);
    adapter.failNext('setCamera', { error: new Error('track would not stop') });
    engine.setCamera(callId, false);
    expect(getCall(engine.getSnapshot(), callId)?.local.camera).toBe('off');
    await clock.tick(10);
    const call = getCall(engine.getSnapshot(), callId)!;
    expect(call.local.camera).toBe('on');
    expect(call.lastError).toMatchObject({ code: 'commandFailed', device: 'camera', callId });
    expect(outputs.filter((o) => o.type === 'error').map((o) => o.type === 'error' && o.error.device)).toEqual(['camera']);
    expect(engine.setCamera(callId, false).ok).toBe(true);
  });
});

describe('a share that fails to stop', () => {
  it('is shown as shared again, with the error, and the backend hears sharing is on', async () => {
    const { engine, adapter, clock, outputs } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    engine.startScreenShare(callId);
    await clock.tick(20);
    expect(getCall(engine.getSnapshot(), callId)?.local.screenShare).toBe('on');
    adapter.failNext('stopScreenShare', { error: new Error('capture would not stop') });
    engine.stopScreenShare(callId);
    await clock.tick(20);
    const call = getCall(engine.getSnapshot(), callId)!;
    expect(call.local.screenShare).toBe('on');
    expect(call.lastError).toMatchObject({ device: 'screen', callId });
    const sharing = outputs.flatMap((o) => (o.type === 'notice' && o.notice.type.startsWith('screenShare') ? [o.notice.type] : []));
    expect(sharing).toEqual(['screenShareStarted', 'screenShareStopped', 'screenShareStarted']);
    expect(engine.stopScreenShare(callId).ok).toBe(true);
    await clock.tick(20);
    expect(getCall(engine.getSnapshot(), callId)?.local.screenShare).toBe('off');
  });

  it("stays off when the browser's own Stop sharing ended it and only the tidy-up failed: nothing is captured any more", async () => {
    const { engine, adapter, clock, outputs } = harness();
    const callId = adapter.remote.ring();
    engine.accept(callId);
    await clock.tick(10);
    engine.startScreenShare(callId);
    await clock.tick(20);
    adapter.failNext('stopScreenShare', { error: new Error('the track was already gone') });
    adapter.remote.stopSharingFromBrowser(callId);
    await clock.tick(20);
    const call = getCall(engine.getSnapshot(), callId)!;
    expect(call.local.screenShare).toBe('off');
    expect(call.lastError).toMatchObject({ device: 'screen', callId });
    const sharing = outputs.flatMap((o) => (o.type === 'notice' && o.notice.type.startsWith('screenShare') ? [o.notice.type] : []));
    expect(sharing).toEqual(['screenShareStarted', 'screenShareStopped']);
    expect(engine.startScreenShare(callId).ok).toBe(true);
  });
});

describe('what the connection cannot carry', () => {
  const audioOnly = resolveConfig(undefined, { ...loopbackCapabilities, video: false, earlyMedia: false });

  it('a video offer on a connection without video rings as audio, with no camera', () => {
    const { state } = reduce(initialEngineState, { ...ring, media: 'video' } as EngineEvent, audioOnly);
    expect(getCall(state, 'c1')).toMatchObject({ media: 'audio', local: { camera: 'off' } });
  });

  it('early media from a connection that declares none is refused and changes nothing', () => {
    const { state: calling } = reduce(initialEngineState, { type: 'placeCall', callId: 'o1', to: { number: '+14155550100' }, media: 'audio', at: 0 }, audioOnly);
    const result = reduce(calling, { type: 'earlyMedia', callId: 'o1', at: 1_000 }, audioOnly);
    expect(result.rejected?.code).toBe('unsupported');
    expect(result.state).toBe(calling);
  });

  it('a per-call ring timeout overrides the outbound default', () => {
    const { state } = run([{ type: 'placeCall', callId: 'o1', to: { number: '+14155550100' }, media: 'audio', ringTimeoutMs: 12_000, at: 0 }]);
    expect(getCall(state, 'o1')?.ringDeadline).toBe(12_000);
    expect(getCall(run([{ type: 'placeCall', callId: 'o2', to: { number: '+14155550100' }, media: 'audio', at: 0 }]).state, 'o2')?.ringDeadline).toBe(60_000);
  });
});

describe('commands from plain JavaScript', () => {
  it('placeCall keeps a clean copy of the party: no stray keys, no functions, and later edits by the caller change nothing', () => {
    const { engine } = harness();
    const party = { name: 'Bob', number: '+14155550100', extra: () => 1 } as unknown as { name: string; number: string };
    const { callId } = engine.placeCall(party, 'audio');
    party.name = 'Mallory';
    expect(getCall(engine.getSnapshot(), callId)?.remote).toEqual({ name: 'Bob', number: '+14155550100' });
    const before = engine.getSnapshot();
    const bad = engine.send({ type: 'placeCall', to: { name: 42 }, media: 'audio' } as never);
    expect(!bad.ok && bad.error.code).toBe('invalidInput');
    expect(engine.getSnapshot()).toBe(before);
  });

  it('mute, camera and accept refuse values that are not what the types say, and change nothing', async () => {
    const { engine, adapter, clock } = harness();
    const ringing = adapter.remote.ring({ media: 'video' });
    const stillRinging = engine.getSnapshot();
    expect(engine.send({ type: 'accept', callId: ringing, media: 'hologram' } as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.getSnapshot()).toBe(stillRinging);
    engine.accept(ringing);
    await clock.tick(10);
    engine.setMuted(ringing, true);
    const before = engine.getSnapshot();
    expect(engine.send({ type: 'setMuted', callId: ringing, muted: 'no' } as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.send({ type: 'setCamera', callId: ringing, on: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(engine.getSnapshot()).toBe(before);
  });
});

describe('media controls on a call that still rings', () => {
  it('are refused as invalidState, Stop sharing included, and change nothing', () => {
    const { engine, adapter } = harness();
    const ringing = adapter.remote.ring({ media: 'video' });
    const before = engine.getSnapshot();
    const logged = adapter.log.length;
    for (const result of [engine.setMuted(ringing, true), engine.setCamera(ringing, true), engine.startScreenShare(ringing), engine.stopScreenShare(ringing)]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'invalidState', callId: ringing } });
    }
    expect(engine.getSnapshot()).toBe(before);
    expect(adapter.log).toHaveLength(logged);
  });
});

describe("the far side's reason, once the call was answered and talked", () => {
  const talked = (callId: string, direction: 'inbound' | 'outbound'): EngineEvent[] => [
    direction === 'inbound'
      ? { type: 'incoming', callId, remote: { name: 'Ada' }, media: 'audio', at: 0 }
      : { type: 'placeCall', callId, to: { name: 'Bob' }, media: 'audio', at: 0 },
    ...(direction === 'inbound' ? [{ type: 'accept', callId, at: 1_000 } as EngineEvent] : []),
    { type: 'mediaConnected', callId, at: 2_000 },
  ];

  it.each([
    ['inbound', 'noAnswer'], ['inbound', 'busy'], ['outbound', 'noAnswer'], ['outbound', 'busy'],
  ] as const)('an %s call the far side ends as %s after a minute of talk is completed, not missed', (direction, reason) => {
    let state: EngineState = initialEngineState;
    for (const event of [...talked('c1', direction), { type: 'remoteEnded', callId: 'c1', reason, at: 62_000 } as EngineEvent]) state = reduce(state, event, config).state;
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'completed', durationMs: 60_000 });
    expect(state.missed).toEqual([]);
  });

  it('a call id longer than the adapter can name (256 characters) is refused when placed', () => {
    const placed = reduce(initialEngineState, { type: 'placeCall', callId: 'x'.repeat(257), to: { name: 'Bob' }, media: 'audio', at: 0 }, config);
    expect(placed.rejected?.code).toBe('invalidInput');
    expect(placed.state).toBe(initialEngineState);
  });
});
