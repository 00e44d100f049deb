// Desk orderings that cross slices: a callback meeting a network blip, a
// backend reload or a throttled tab; pruning and copying of conversations;
// a transfer the network completes after the agent took it back.
import { describe, expect, it } from 'vitest';
import { conversation, getCall, type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

describe('Callbacks', () => {

  it('a network blip while the customer is being dialled does not cut the answer window short', async () => {
    const h = deskHarness({ config: { callbacks: { maxAttempts: 3, retryDelaysMs: [60_000], agentRingMs: 20_000, customerNoAnswerMs: 60_000 } } });
    h.engine.send({ type: 'callbackRequested', callbackId: 'cb-1', customer: { number: '+14155550142' }, mode: 'automated', queue: 'support' } as EngineInput);
    expect(h.engine.accept('cb-1/1').ok).toBe(true); // t0: the customer is dialled, 60 s to answer
    await h.clock.tick(5_000);
    h.adapter.remote.dropNetwork('cb-1/1');
    await h.clock.tick(1_000);
    h.adapter.remote.restoreNetwork('cb-1/1');
    await h.clock.tick(34_000); // t0 + 40 s: still inside the customer's 60 s
    expect(h.engine.getSnapshot().history.find((e) => e.id === 'cb-1/1')).toBeUndefined();
    h.adapter.remote.answer('cb-1/1');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'cb-1/1')?.phase).toBe('connected');
  });


  it('a callback reloaded from the backend and assigned back to me rings again', async () => {
    const h = deskHarness({ config: { callbacks: { maxAttempts: 3, retryDelaysMs: [60_000], agentRingMs: 20_000, customerNoAnswerMs: 25_000 } } });
    h.engine.send({ type: 'callbackRequested', callbackId: 'cb-1', customer: { number: '+14155550142' }, mode: 'automated', queue: 'support' } as EngineInput);
    h.engine.accept('cb-1/1');
    await h.clock.tick(25_010); // customer did not answer: noReply, attempt 1, retry in 60 s
    await h.clock.tick(60_000); // the retry rings as cb-1/2 ...
    await h.clock.tick(20_000); // ... and the agent misses it: back to the queue
    const cb = h.engine.getSnapshot().desk!.callbacks[0]!;
    expect(cb).toMatchObject({ status: 'queued', attempts: 1, calls: 2 });
    // The backend lists it as it knows it (attempts, no local call counter), then routes it to me again.
    h.engine.send({ type: 'callbacksLoaded', callbacks: [{ id: 'cb-1', conversationId: cb.conversationId, customer: cb.customer, mode: 'automated', queue: 'support', status: 'queued', assignee: null, requestedAt: cb.requestedAt, attempts: 1 }] } as EngineInput);
    h.engine.send({ type: 'callbackAssigned', callbackId: 'cb-1', agentId: 'agent-ann' } as EngineInput);
    await h.clock.tick(1_000);
    // Fails: the ring would be 'cb-1/2' again, a call id in the history, so it is refused and nothing rings.
    expect(h.engine.getSnapshot().calls.map((call) => call.phase)).toEqual(['ringing']);
  });


  const request = { type: 'callbackRequested', callbackId: 'cb-1', customer: { number: '+14155550142' }, mode: 'automated', queue: 'support' } as EngineInput;

  it('a late callbackNoAnswer timer ends the attempt at its deadline, as an input would', async () => {
    const h = deskHarness({ config: { callbacks: { maxAttempts: 3, retryDelaysMs: [60_000], agentRingMs: 20_000, customerNoAnswerMs: 25_000 } } });
    const t0 = h.clock.now();
    h.engine.send(request);
    h.engine.accept('cb-1/1');
    await h.clock.tick(10);
    h.clock.jump(60_000); // throttled tab: the timer runs 35 s late, before any input
    await h.clock.tick(0);
    const state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'cb-1/1', endReason: 'noAnswer', endedAt: t0 + 25_000 });
    expect(state.desk!.callbacks[0]!.retryAt).toBe(t0 + 25_000 + 60_000);
  });

  it('a callback call that dropped while the tab slept schedules its retry from when it ended', async () => {
    const h = deskHarness({ config: { callbacks: { maxAttempts: 3, retryDelaysMs: [60_000], agentRingMs: 20_000, customerNoAnswerMs: 90_000 } } });
    const t0 = h.clock.now();
    h.engine.send(request);
    h.engine.accept('cb-1/1');
    await h.clock.tick(1_000);
    h.adapter.remote.dropNetwork('cb-1/1'); // gives up at t0 + 31 s
    h.clock.jump(59_000);
    h.engine.send({ type: 'setPresence', presence: 'available' }); // t0 + 60 s
    const state = h.engine.getSnapshot();
    const endedAt = state.history[0]!.endedAt;
    expect(endedAt).toBe(t0 + 31_000);
    expect(state.desk!.callbacks[0]!.retryAt).toBe(endedAt + 60_000);
  });


  it('a conversation with a callback still to be made is not resolved by a wrap-up timeout', async () => {
    const h = deskHarness({ config: { callbacks: { maxAttempts: 3, retryDelaysMs: [60_000], agentRingMs: 20_000, customerNoAnswerMs: 25_000 }, wrapUp: { durationMs: 5_000 } } });
    h.engine.send({ type: 'callbackRequested', callbackId: 'cb-1', customer: { number: '+14155550142' }, mode: 'manual', queue: 'support' } as EngineInput);
    h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' } as EngineInput);
    h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: '+14155550100' } as EngineInput);
    await h.clock.tick(60_000); // nobody answers: no reply, 2 attempts left
    await h.clock.tick(5_000); // the attempt's wrap-up times out
    const state = h.engine.getSnapshot();
    expect(state.desk!.callbacks[0]).toMatchObject({ status: 'noReply', attempts: 1 });
    expect(conversation(state, 'conv-cb-1')?.status).toBe('open');
  });


  it('a refused command changes nothing, also with a callback retry due', async () => {
    const h = deskHarness({ config: { callbacks: { maxAttempts: 3, retryDelaysMs: [60_000], agentRingMs: 20_000, customerNoAnswerMs: 25_000 } } });
    h.engine.send({ type: 'callbackRequested', callbackId: 'cb-1', customer: { number: '+14155550142' }, mode: 'automated', queue: 'support' } as EngineInput);
    h.engine.accept('cb-1/1');
    await h.clock.tick(25_010); // no reply: retry due in 60 s
    h.clock.jump(61_000); // throttled: the retry timer has not run
    const before = h.engine.getSnapshot();
    const from = h.outputs.length;
    const result = h.engine.send({ type: 'startOutbound', from: '+14155550100', to: { number: '+14155550177' }, queue: 'billing' } as EngineInput);
    expect(result.ok ? 'ok' : result.error.code).toBe('notInQueue');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(h.outputs.slice(from).filter((o) => o.type !== 'rejected')).toEqual([]);
  });
});

describe('Conversations and outbound calls', () => {

  it('the conversation closed last is the one kept', async () => {
    const h = deskHarness({ config: { closedConversationsKept: 1 } });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support' });
    h.engine.accept('c1'); await h.clock.tick(20);
    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    h.adapter.remote.offer({ callId: 'c2', remote: { number: '+14155550177' }, queue: 'support' });
    h.engine.accept('c2'); await h.clock.tick(20);
    h.engine.hangUp('c2');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    // A follow-up call in the conversation left open, then closed.
    expect(h.engine.send({ type: 'followUpCall', callId: 'f1', conversationId: 'conv-c1', from: '+14155550100' } as EngineInput).ok).toBe(true);
    await h.clock.tick(20); h.adapter.remote.answer('f1'); await h.clock.tick(20);
    h.engine.hangUp('f1');
    h.engine.send({ type: 'setWrapUpNotes', notes: 'promised a refund' });
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).toBe('closed');
    const recording = h.engine.send({ type: 'recordingAvailable', callId: 'f1', recordingId: 'r1', media: 'audio', durationMs: 1_000, url: 'https://rec.example/r1' } as EngineInput);
    expect(recording.ok).toBe(true);
  });


  it("the caller's `to` object does not become state", () => {
    const h = deskHarness();
    const to: Record<string, unknown> = { number: '+14155550142', onSelect: () => undefined };
    expect(h.engine.send({ type: 'startOutbound', callId: 'o1', from: '+14155550100', to, queue: 'support' } as EngineInput).ok).toBe(true);
    to.number = '+14155550999'; // the UI reuses its form object
    const state = h.engine.getSnapshot();
    expect(conversation(state, 'conv-o1')?.customer.number).toBe('+14155550142');
    expect(typeof (state.desk!.calls[0]!.contact as Record<string, unknown>).onSelect).toBe('undefined');
  });
});

describe('Transfers', () => {

  it('a call the network transferred after all is logged as transferred and its recording stops', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: [{ id: 'agent-bob', name: 'Bob', queues: ['support'], presence: 'available' }] } as EngineInput);
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support' });
    h.engine.accept('c1'); await h.clock.tick(20);
    h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-bob', name: 'Bob' } } as EngineInput);
    await h.clock.tick(1_000);
    h.engine.send({ type: 'cancelTransfer', callId: 'c1' } as EngineInput);
    const from = h.outputs.length;
    h.adapter.remote.hangUp('c1', 'transferred'); // Bob's leg answered as the cancel went out
    const state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'transferred' });
    expect(state.desk!.wrapUp?.after).toBe('transferred');
    const kinds = conversation(state, 'conv-c1')!.timeline.map((event) => event.kind);
    expect(kinds).toContain('transferred');
    expect(h.outputs.slice(from).some((o) => o.type === 'desk' && o.action === 'stopRecording')).toBe(true);
  });

  it("the caller's transfer target object does not become state", async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: [{ id: 'agent-bob', name: 'Bob', queues: ['support'], presence: 'available' }] } as EngineInput);
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support' });
    h.engine.accept('c1'); await h.clock.tick(20);
    const target: Record<string, unknown> = { kind: 'agent', agentId: 'agent-bob', name: 'Bob', render: () => undefined };
    expect(h.engine.send({ type: 'transfer', callId: 'c1', target } as EngineInput).ok).toBe(true);
    target.agentId = 'agent-cy';
    expect(h.engine.getSnapshot().desk!.calls[0]!.transfer!.target).toEqual({ kind: 'agent', agentId: 'agent-bob', name: 'Bob' });
  });
});
