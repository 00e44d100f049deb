// 001's phone forwarding: starting an audio call asks for the visitor's
// number, the system calls that phone and connects it to the agent, and the
// dial pad sends DTMF for phone menus.
import { describe, expect, it } from 'vitest';
import { forwardingStatus, getCall, type EngineState, type SendResult } from '../src/index.js';
import { harness, type Harness } from './support.js';

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const PHONE = '+14155550142';

function forwardingHarness(): Harness & { dialled: [string, string][] } {
  const h = harness({ engine: { config: { phoneForwarding: true } } });
  const dialled: [string, string][] = [];
  // The phone leg lives in the adapter that forwards (SIP); it carries the DTMF too.
  Object.assign(h.adapter, {
    forwardToPhone: async (callId: string, number: string) => void dialled.push([callId, number]),
    sendDtmf: async (callId: string, digits: string) => void dialled.push([callId, `dtmf ${digits}`]),
  });
  return Object.assign(h, { dialled });
}

describe('001 — phone forwarding mode', () => {
  it('asks for the number, calls the phone, connects it to the agent; the dial pad sends DTMF', async () => {
    const h = forwardingHarness();
    const { callId } = h.engine.placeCall({ name: 'Support' }, 'audio');
    const call = () => getCall(h.engine.getSnapshot(), callId)!;
    expect(forwardingStatus(call())).toEqual({ stage: 'numberNeeded', dialPad: false });
    // Nothing is dialled and nothing rings in the page while the visitor types.
    expect(h.adapter.log.map((entry) => entry.name)).toEqual([]);
    expect(h.tone()).toBeUndefined();
    expect(call().ringDeadline).toBeUndefined();

    expect(code(h.engine.send({ type: 'setForwardingNumber', callId, number: '0415 555 0142' }))).toBe('invalidNumber');
    expect(forwardingStatus(call())?.stage).toBe('numberNeeded');
    expect(code(h.engine.send({ type: 'setForwardingNumber', callId, number: PHONE }))).toBe('ok');
    expect(forwardingStatus(call())).toEqual({ stage: 'dialing', number: PHONE, dialPad: false });
    await h.clock.tick(0);
    expect(h.dialled).toEqual([[callId, PHONE]]);
    expect(code(h.engine.send({ type: 'setForwardingNumber', callId, number: PHONE }))).toBe('invalidState');

    h.adapter.remote.emitRaw({ type: 'phoneRinging', callId });
    expect(forwardingStatus(call())?.stage).toBe('phoneRinging');
    expect(h.tone()).toBeUndefined();
    h.adapter.remote.emitRaw({ type: 'mediaConnected', callId });
    expect(forwardingStatus(call())).toEqual({ stage: 'connected', number: PHONE, dialPad: true });
    expect(code(h.engine.sendDtmf(callId, '2'))).toBe('ok');
    await h.clock.tick(10);
    expect(call().dtmf).toEqual([{ seq: 1, digits: '2', at: h.clock.now() - 10, status: 'sent' }]);
    expect(h.dialled).toEqual([[callId, PHONE], [callId, 'dtmf 2']]);
  });

  it('an unanswered phone ends as no answer; video calls and unconfigured engines are not forwarded; a number can come with the call', async () => {
    const h = forwardingHarness();
    const { callId } = h.engine.placeCall({ name: 'Support' }, 'audio');
    h.engine.send({ type: 'setForwardingNumber', callId, number: PHONE });
    await h.clock.tick(60_000);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'noAnswer' });

    const direct = h.engine.send({ type: 'placeCall', callId: 'direct', to: { name: 'Support' }, media: 'audio', forwardTo: PHONE });
    expect(code(direct)).toBe('ok');
    expect(forwardingStatus(getCall(h.engine.getSnapshot(), 'direct')!)?.stage).toBe('dialing');
    h.engine.hangUp('direct');

    const video = h.engine.placeCall({ name: 'Support' }, 'video');
    expect(getCall(h.engine.getSnapshot(), video.callId)?.forwarding).toBeUndefined();
    h.engine.hangUp(video.callId);

    const plain = harness();
    const browserCall = plain.engine.placeCall({ name: 'Support' }, 'audio');
    expect(getCall(plain.engine.getSnapshot(), browserCall.callId)?.forwarding).toBeUndefined();
    expect(plain.tone()).toBe('ringback');
  });

  it("a call's own ringTimeoutMs is how long the phone rings, counted from when it is dialled", async () => {
    const h = forwardingHarness();
    const start = h.clock.now();
    expect(h.engine.placeCall({ name: 'Sales' }, 'audio', { callId: 'given', forwardTo: PHONE, ringTimeoutMs: 8_000 }).ok).toBe(true);
    expect(h.dialled).toEqual([['given', PHONE]]);
    expect(getCall(h.engine.getSnapshot(), 'given')?.ringDeadline).toBe(start + 8_000);
    await h.clock.tick(8_000);
    expect(h.engine.getSnapshot().history.map((entry) => [entry.id, entry.endReason])).toEqual([['given', 'noAnswer']]);

    h.engine.send({ type: 'placeCall', callId: 'asked', to: { name: 'Support' }, media: 'audio', ringTimeoutMs: 5_000 });
    await h.clock.tick(1_000); // the visitor types their number
    h.engine.send({ type: 'setForwardingNumber', callId: 'asked', number: PHONE });
    expect(getCall(h.engine.getSnapshot(), 'asked')?.ringDeadline).toBe(start + 14_000);
    await h.clock.tick(4_999);
    expect(getCall(h.engine.getSnapshot(), 'asked')?.phase).toBe('calling');
    await h.clock.tick(1);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'asked', endReason: 'noAnswer' });
  });

  it('Recall of a missed audio call is an audio call the visitor starts: it asks for the number too', () => {
    const h = forwardingHarness();
    const offer = h.adapter.remote.ring({ remote: { name: 'Agent Ann' }, media: 'audio' });
    h.engine.decline(offer);
    const recalled = h.engine.recall(offer);
    expect(code(recalled)).toBe('ok');
    const call = getCall(h.engine.getSnapshot(), recalled.callId)!;
    expect(call.recallOf).toBe(offer);
    expect(forwardingStatus(call)?.stage).toBe('numberNeeded');
    expect(h.adapter.log.filter((entry) => entry.name === 'connect' && entry.callId === recalled.callId)).toEqual([]);
  });

  it('an adapter that cannot forward fails the call with unsupported', async () => {
    const h = harness({ engine: { config: { phoneForwarding: true } } });
    const { callId } = h.engine.placeCall({ name: 'Support' }, 'audio');
    h.engine.send({ type: 'setForwardingNumber', callId, number: PHONE });
    await h.clock.tick(0);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'failed', error: { code: 'unsupported' } });
  });

  it('a call saved waiting for the number before the ring length was kept on it rings the engine\'s outbound length, not forever', async () => {
    const before = forwardingHarness();
    const { callId } = before.engine.placeCall({ name: 'Support' }, 'audio');
    const old = JSON.parse(JSON.stringify(before.engine.getSnapshot())) as EngineState;
    delete (old.calls[0]!.forwarding as { ringMs?: number }).ringMs;
    before.engine.dispose();
    const after = harness({ engine: { config: { phoneForwarding: true, outboundRingTimeoutMs: 45_000 }, initialState: old }, clock: before.clock });
    Object.assign(after.adapter, { forwardToPhone: async () => undefined });
    expect(after.engine.send({ type: 'setForwardingNumber', callId, number: PHONE }).ok).toBe(true);
    expect(getCall(after.engine.getSnapshot(), callId)?.ringDeadline).toBe(after.clock.now() + 45_000);
    await after.clock.tick(45_000);
    expect(after.engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'noAnswer' });
  });
});
