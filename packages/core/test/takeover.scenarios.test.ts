// 000's AI-to-human takeover as the visitor sees it: on a live call with the
// AI, the transition screen shows the human agent joining; the visitor
// accepts or declines like any incoming call, before the countdown.
import { describe, expect, it } from 'vitest';
import { getCall, reduce, takeoverScreen, type SendResult } from '../src/index.js';
import { connectedOutbound, harness, type Harness } from './support.js';

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const ann = { name: 'Ann', avatarUrl: 'https://cdn.example/ann.png', id: 'agent-ann' };

async function onCallWithAi(h: Harness, options: { acceptTakeover?: () => Promise<void> } = {}) {
  Object.assign(h.adapter, {
    acceptTakeover: options.acceptTakeover ?? (async () => undefined),
    declineTakeover: async () => undefined,
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
    // A click after the countdown is refused: the deadline decided.
    // A click from a throttled background tab, after the countdown but before its timer ran (000's warning), decided by the reducer.
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann, ringTimeoutMs: 1_000 });
    const late = reduce(h.engine.getSnapshot(), { type: 'accept', callId, at: h.clock.now() + 1_500 }, h.engine.config);
    expect(late.rejected?.code).toBe('ringExpired');
    expect(getCall(late.state, callId)?.takeover).toBeUndefined();
    expect(late.effects).not.toContainEqual(expect.objectContaining({ type: 'adapter' }));
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
