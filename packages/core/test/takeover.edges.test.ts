// 000's AI-to-human takeover on the visitor's side.
import { describe, expect, it } from 'vitest';
import { getCall, type SendResult } from '../src/index.js';
import { connectedOutbound, harness } from './support.js';

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const ann = { name: 'Ann', id: 'agent-ann' };

describe('takeover', () => {
  it('a person can only join a connected call: once the call drops to reconnecting, Accept on the transition screen does not ask the adapter to switch', async () => {
    const h = harness();
    const switched: string[] = [];
    Object.assign(h.adapter, { acceptTakeover: async (id: string) => void switched.push(id), declineTakeover: async () => undefined });
    const callId = await connectedOutbound(h, 'audio');
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann, ringTimeoutMs: 20_000 });
    h.adapter.remote.dropNetwork(callId);
    expect(getCall(h.engine.getSnapshot(), callId)?.phase).toBe('reconnecting');
    const result = h.engine.accept(callId);
    await h.clock.tick(0);
    expect(switched).toEqual([]);
    expect(code(result)).toBe('invalidState');
  });
});

describe('takeover countdown in a throttled tab', () => {
  it('a takeover timer that wakes late logs the expiry at the countdown deadline, as ring timers do', async () => {
    const h = harness();
    Object.assign(h.adapter, { acceptTakeover: async () => undefined, declineTakeover: async () => undefined });
    const callId = await connectedOutbound(h, 'audio');
    const offeredAt = h.clock.now();
    h.adapter.remote.emitRaw({ type: 'takeoverOffered', callId, agent: ann, ringTimeoutMs: 5_000 });
    // A background tab: 10 s pass before the timer gets to run.
    h.clock.jump(10_000);
    await h.clock.tick(0);
    expect(getCall(h.engine.getSnapshot(), callId)?.takeover).toBeUndefined();
    const expired = h.engine.getTimeline().find((entry) => entry.kind === 'takeoverExpired');
    expect(expired?.at).toBe(offeredAt + 5_000);
  });
});
