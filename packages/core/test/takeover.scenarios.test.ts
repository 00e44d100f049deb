// 000's AI-to-human takeover as the visitor sees it: on a live call with the
// AI, the transition screen shows the human agent joining; the visitor
// accepts or declines like any incoming call, before the countdown.
import { describe, expect, it } from 'vitest';
import { getCall, reduce, resolveConfig, takeoverScreen, type EngineEvent, type EngineState, type SendResult } from '../src/index.js';
import { initialEngineState } from '../src/model.js';
import { loopbackCapabilities } from '../src/testing/index.js';
import { connectedOutbound, harness, type Harness } from './support.js';

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const ann = { name: 'Ann', avatarUrl: 'https://cdn.example/ann.png', id: 'agent-ann' };

/** What the adapter was told to decline: the person asking to join hears no. */
const declinedBy = new WeakMap<Harness, string[]>();

async function onCallWithAi(h: Harness, options: { acceptTakeover?: () => Promise<void> } = {}) {
  const declined: string[] = [];
  declinedBy.set(h, declined);
  Object.assign(h.adapter, {
    acceptTakeover: options.acceptTakeover ?? (async () => undefined),
    declineTakeover: async (id: string) => void declined.push(id),
  });
  return connectedOutbound(h, 'audio');
}

describe('000 — AI to human takeover', () => {
  it('a person is joining: name and avatar, a ringtone, and Accept keeps the same call with the agent instead of the AI', async () => {
    const h = harness();
    const callId = await onCallWithAi(h);
    const t0 = h.clock.now();
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann, ringTimeoutMs: 20_000 });
    const call = () => getCall(h.engine.getSnapshot(), callId)!;
    expect(takeoverScreen(call(), h.clock.now())).toEqual({ status: 'offered', agent: ann, remainingMs: 20_000 });
    expect(h.tone()).toBe('ringtone');
    expect(call().phase).toBe('connected');

    await h.clock.tick(4_000);
    expect(takeoverScreen(call(), h.clock.now())?.remainingMs).toBe(16_000);
    expect(code(h.engine.accept(callId))).toBe('ok');
    expect(takeoverScreen(call(), h.clock.now())?.status).toBe('accepting');
    expect(h.tone()).toBeUndefined();
    await h.clock.tick(0);
    expect(call().remote).toEqual(ann);
    expect(call().takeover).toBeUndefined();
    expect(h.engine.getSnapshot().calls).toHaveLength(1);
    expect(h.timelineKinds(callId).slice(-2)).toEqual(['takeoverOffered', 'takeoverAccepted']);
    expect(h.engine.getTimeline().find((entry) => entry.kind === 'takeoverOffered')).toMatchObject({ at: t0, detail: 'Ann' });
    // The conversation goes on with the agent: the call never ended.
    expect(h.engine.getSnapshot().history).toEqual([]);
  });

  it('Decline, or the countdown, leaves the call with the AI', async () => {
    const h = harness();
    const callId = await onCallWithAi(h);
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann });
    expect(code(h.engine.decline(callId))).toBe('ok');
    expect(getCall(h.engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', remote: { name: 'Client' } });
    expect(getCall(h.engine.getSnapshot(), callId)?.takeover).toBeUndefined();
    expect(h.tone()).toBeUndefined();

    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann });
    await h.clock.tick(30_000);
    expect(getCall(h.engine.getSnapshot(), callId)?.takeover).toBeUndefined();
    expect(h.timelineKinds(callId).filter((kind) => kind.startsWith('takeover'))).toEqual(['takeoverOffered', 'takeoverDeclined', 'takeoverOffered', 'takeoverExpired']);
    // The countdown running out answers the person who asked to join, as the Decline did.
    expect(declinedBy.get(h)).toEqual([callId, callId]);
    // A click after the countdown is refused: the deadline decided.
    // A click from a throttled background tab, after the countdown but before its timer ran (000's warning), decided by the reducer.
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann, ringTimeoutMs: 1_000 });
    const late = reduce(h.engine.getSnapshot(), { type: 'accept', callId, at: h.clock.now() + 1_500 }, h.engine.config);
    expect(late.rejected?.code).toBe('ringExpired');
    expect(getCall(late.state, callId)?.takeover).toBeUndefined();
    // Nothing switches: the adapter hears only the countdown's no.
    expect(late.effects.filter((effect) => effect.type === 'adapter')).toEqual([{ type: 'adapter', command: { name: 'declineTakeover', callId } }]);
  });

  it('a switch the adapter fails keeps the AI on the call and says why; a takeover needs a connected call', async () => {
    const h = harness();
    const callId = await onCallWithAi(h, { acceptTakeover: async () => { throw new Error('media switch failed'); } });
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann });
    h.engine.accept(callId);
    await h.clock.tick(0);
    expect(getCall(h.engine.getSnapshot(), callId)).toMatchObject({ remote: { name: 'Client' }, lastError: { code: 'commandFailed' } });
    expect(h.timelineKinds(callId).at(-1)).toBe('takeoverFailed');

    // A switch that never answers fails at the connect timeout, as a refused one: the AI stays, the adapter is told to drop it.
    const stalled = harness({ engine: { config: { connectTimeoutMs: 10_000 } } });
    const declined: string[] = [];
    const stalledCall = await onCallWithAi(stalled, { acceptTakeover: () => new Promise<void>(() => undefined) });
    Object.assign(stalled.adapter, { declineTakeover: async (id: string) => void declined.push(id) });
    stalled.adapter.remote.emitRaw({ type: 'takeoverOffered', callId: stalledCall, agent: ann });
    stalled.engine.accept(stalledCall);
    await stalled.clock.tick(9_999);
    expect(takeoverScreen(getCall(stalled.engine.getSnapshot(), stalledCall)!, stalled.clock.now())?.status).toBe('accepting');
    await stalled.clock.tick(1);
    expect(getCall(stalled.engine.getSnapshot(), stalledCall)).toMatchObject({ remote: { name: 'Client' }, lastError: { code: 'commandFailed' } });
    expect(getCall(stalled.engine.getSnapshot(), stalledCall)?.takeover).toBeUndefined();
    expect(stalled.timelineKinds(stalledCall).at(-1)).toBe('takeoverFailed');
    expect(declined).toEqual([stalledCall]);
    expect(stalled.engine.pendingTimers()).toEqual([]);
    // The agent can be offered again.
    expect(code(stalled.engine.send({ type: 'takeoverOffered', callId: stalledCall, agent: ann }))).toBe('ok');

    const dialling = harness();
    const { callId: calling } = dialling.engine.placeCall({ name: 'AI assistant' }, 'audio');
    expect(code(dialling.engine.send({ type: 'takeoverOffered', callId: calling, agent: ann }))).toBe('invalidState');
  });
});

describe('a switch to the agent under way', () => {
  it('a call that ends while the switch is under way leaves no takeover timer armed', async () => {
    const h = harness({ engine: { config: { connectTimeoutMs: 10_000 } } });
    const callId = await onCallWithAi(h, { acceptTakeover: () => new Promise<void>(() => undefined) });
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann });
    expect(code(h.engine.accept(callId))).toBe('ok');
    await h.clock.tick(100);
    expect(code(h.engine.hangUp(callId))).toBe('ok');
    await h.clock.tick(100);
    expect(h.engine.getSnapshot().calls).toHaveLength(0);
    expect(h.engine.pendingTimers()).toEqual([]);
  });

});

const takeoverConfig = resolveConfig({ connectTimeoutMs: 10_000 }, loopbackCapabilities);
function runWith(events: EngineEvent[], from: EngineState = initialEngineState) {
  let state = from;
  for (const event of events) state = reduce(state, event, takeoverConfig).state;
  return state;
}
const joining = { name: 'Ann' };
/** On a call with the AI, the visitor accepts the person joining at 20: the switch must answer by 10_020. */
const acceptingSwitch: EngineEvent[] = [
  { type: 'incoming', callId: 'c', remote: { name: 'AI' }, media: 'audio', at: 0 },
  { type: 'accept', callId: 'c', at: 1 },
  { type: 'mediaConnected', callId: 'c', at: 2 },
  { type: 'takeoverOffered', callId: 'c', agent: joining, at: 10 },
  { type: 'accept', callId: 'c', at: 20 },
];
describe('stale takeover answers decide nothing', () => {
  it('a late failure of a timed-out acceptTakeover does not fail the second accept', () => {
    const s = runWith([
      ...acceptingSwitch,
      { type: 'timerFired', timer: 'takeover', callId: 'c', deadline: 10_020, at: 10_020 },
      { type: 'takeoverOffered', callId: 'c', agent: joining, at: 11_000 },
      { type: 'accept', callId: 'c', at: 11_010 },
      // the first accept's late refusal
      { type: 'commandFailed', command: { name: 'acceptTakeover', callId: 'c', answerBy: 10_020 }, error: { code: 'commandFailed', message: 'late' }, at: 11_020 } as EngineEvent,
    ]);
    expect(s.calls[0]!.takeover?.status).toBe('accepting');
  });
});
describe('a takeover answer that comes after its deadline', () => {
  it('a switch answer that arrives after its answer deadline, before the timer ran, does not decide', () => {
    const s = runWith([
      ...acceptingSwitch,
      { type: 'commandSucceeded', command: { name: 'acceptTakeover', callId: 'c' }, at: 60_000 } as EngineEvent,
    ]);
    expect(s.calls[0]!.remote).toEqual({ name: 'AI' });
  });
});

describe('a takeover countdown that ran out while the timers slept (a throttled tab)', () => {
  async function offeredThenSlept() {
    const h = harness();
    const id = await connectedOutbound(h, 'audio');
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId: id, agent: { name: 'Dana' }, ringTimeoutMs: 5_000 });
    // A background tab: 10 s pass, the takeover timer (due at 5 s) has not run yet.
    h.clock.jump(10_000);
    return { h, id };
  }

  it('a new offer after the first one expired (timer not run yet) is taken, not refused as "already joining"', async () => {
    const { h, id } = await offeredThenSlept();
    const result = h.engine.send({ type: 'takeoverOffered', callId: id, agent: { name: 'Eve' }, ringTimeoutMs: 5_000 });
    expect(result.ok).toBe(true);
    await h.clock.tick(0);
    expect(getCall(h.engine.getSnapshot(), id)?.takeover?.agent.name).toBe('Eve');
  });

  it('a Decline after the countdown ran out is decided by the countdown, as Accept is', async () => {
    const { h, id } = await offeredThenSlept();
    const result = h.engine.decline(id);
    expect(result.ok).toBe(false);
    expect(h.timelineKinds(id)).toContain('takeoverExpired');
    expect(h.adapter.log.some((r) => r.name === 'declineTakeover')).toBe(false);
  });
});
