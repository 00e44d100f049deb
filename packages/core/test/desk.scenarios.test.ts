// The agent guide (003) and the AI hand-off (002, agent side) step by step on
// an agent's engine: the loopback adapter, virtual time, and the desk's state,
// outputs, conversation timelines and adapter commands checked at each step.
import { describe, expect, it } from 'vitest';
import {
  defaultDevices, agentCallControls, type CallControls,
  agentAvailability, conversation, createAgentDesk, deskCall, getCall, loggedHoldMs, myRecordings, offerCards, outboundDecision,
  reduceWithDesk, transferOptions, transferStatus, transferTargetCheck, wrapUpView, callbackList, recordingActions,
  type ConversationEvent, type DeskEffect, type DeskNotice, type DirectoryAgent, type EngineInput, type SendResult, type TransferTarget,
} from '../src/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskConfig, deskHarness, type DeskHarness, deskReducerOnCall } from './deskSupport.js';
import { harness } from './support.js';

const CUSTOMER = '+14155550142';
const OTHER_CUSTOMER = '+14155550177';
const FROM = '+14155550100';

const directory: DirectoryAgent[] = [
  { id: 'agent-dan', name: 'Dan', queues: ['support'], presence: 'offline' },
  { id: 'agent-cat', name: 'Cat', queues: ['support', 'sales'], presence: 'busy' },
  { id: 'agent-bob', name: 'Bob', queues: ['support'], presence: 'available' },
  { id: 'agent-eve', name: 'Eve', queues: ['sales'], presence: 'available' },
  { id: 'agent-ann', name: 'Ann', queues: ['support', 'sales'], presence: 'available' },
];
const bob: TransferTarget = { kind: 'agent', agentId: 'agent-bob', name: 'Bob' };

// ---- helpers ---------------------------------------------------------------

function codeOf(result: SendResult): string {
  return result.ok ? 'ok' : result.error.code;
}

function deskOutputs(h: DeskHarness, action?: DeskEffect['action']): DeskEffect[] {
  return h.outputs.filter((output): output is DeskEffect => output.type === 'desk' && (action === undefined || output.action === action));
}

function notices(h: DeskHarness, type?: DeskNotice['type']): DeskNotice[] {
  return deskOutputs(h, 'notify').flatMap((effect) => (effect.action === 'notify' && (type === undefined || effect.notice.type === type) ? [effect.notice] : []));
}

function timelineOf(h: DeskHarness, conversationId: string): ConversationEvent[] {
  const found = conversation(h.engine.getSnapshot(), conversationId);
  if (!found) throw new Error(`no conversation ${conversationId}`);
  return found.timeline;
}

function logged(h: DeskHarness, callId?: string): string[] {
  return h.adapter.log.filter((entry) => callId === undefined || entry.callId === callId).map((entry) => entry.name);
}

function cards(h: DeskHarness) {
  return offerCards(h.engine.getSnapshot(), h.desk.config, h.clock.now());
}

function toneStarts(h: DeskHarness): number {
  return h.outputs.filter((output) => output.type === 'tone' && output.action === 'start' && output.tone === 'ringtone').length;
}

/** An offer to the agent, answered after a second: connected (recording on) when this resolves. */
/** `queue: null` offers to no particular queue. */
async function answeredOffer(h: DeskHarness, callId = 'c1', queue: string | null = 'support', number = CUSTOMER): Promise<{ offeredAt: number; connectedAt: number }> {
  const offeredAt = h.clock.now();
  h.adapter.remote.offer({ callId, remote: { number }, ...(queue === null ? {} : { queue }) });
  await h.clock.tick(1_000);
  expect(codeOf(h.engine.accept(callId))).toBe('ok');
  await h.clock.tick(10);
  const call = getCall(h.engine.getSnapshot(), callId);
  expect(call?.phase).toBe('connected');
  return { offeredAt, connectedAt: call!.connectedAt! };
}

/** The agent on call c1 from the support queue, with the directory of agents to transfer to. */
async function onCallWithDirectory(options: Parameters<typeof deskHarness>[0] = {}) {
  const h = deskHarness(options);
  h.engine.send({ type: 'directoryUpdated', agents: directory });
  const times = await answeredOffer(h, 'c1', 'support');
  return { h, ...times };
}

/** A held call being transferred (no-answer after 120 s) whose network then drops (the engine gives up long before). */
async function heldTransferThenDrop(): Promise<{ h: DeskHarness; audioBefore: number }> {
  const { h } = await onCallWithDirectory({ config: { transfer: { external: 'contactsOnly', noAnswerMs: 120_000 } } });
  await held(h, 'c1');
  h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
  await h.clock.tick(10);
  h.adapter.remote.dropNetwork('c1');
  return { h, audioBefore: deskOutputs(h, 'holdAudio').length };
}

/** Holds the call and waits for the adapter to confirm; returns when it was confirmed. */
async function held(h: DeskHarness, callId: string): Promise<number> {
  expect(codeOf(h.engine.hold(callId))).toBe('ok');
  await h.clock.tick(10);
  expect(getCall(h.engine.getSnapshot(), callId)?.hold.status).toBe('on');
  return h.clock.now();
}

const outbound = (changes: Record<string, unknown> = {}) =>
  ({ type: 'startOutbound', callId: 'out-1', from: FROM, to: { number: CUSTOMER }, queue: 'support', ...changes }) as EngineInput;

const loadedConversation = (id: string, assignee: string | null, status: 'open' | 'closed' | 'resolved' = 'open', number = CUSTOMER) =>
  ({ id, customer: { number }, assignee, status, tags: [], pending: 0, timeline: [] });

// ---- 003 "Receive a call" / 002 hand-off card ------------------------------

describe('003 — receive a call: the pop-up and the People lookup', () => {
  it('rings at once; a found People contact puts name, number and queue name on the card', async () => {
    const h = deskHarness({ lookupContact: async (number) => (number === CUSTOMER ? { id: 'p-42', name: 'Jane Roe', number } : undefined) });
    const t0 = h.clock.now();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });

    // The ring does not wait for People.
    expect(h.tone()).toBe('ringtone');
    expect(getCall(h.engine.getSnapshot(), 'c1')).toMatchObject({ phase: 'ringing', direction: 'inbound', ringDeadline: t0 + 30_000 });
    expect(deskOutputs(h)).toEqual([{ type: 'desk', action: 'lookupContact', callId: 'c1', number: CUSTOMER }]);
    expect(cards(h)).toEqual([
      { callId: 'c1', kind: 'inbound', number: CUSTOMER, queue: 'support', queueName: 'Customer support', lookup: 'pending', media: 'audio', remainingMs: 30_000 },
    ]);

    await h.clock.tick(0);
    expect(cards(h)).toEqual([
      { callId: 'c1', kind: 'inbound', name: 'Jane Roe', number: CUSTOMER, queue: 'support', queueName: 'Customer support', lookup: 'found', media: 'audio', remainingMs: 30_000 },
    ]);
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')).toEqual({
      id: 'conv-c1', customer: { id: 'p-42', name: 'Jane Roe', number: CUSTOMER }, assignee: null, queue: 'support', status: 'open', tags: [], pending: 0,
      timeline: [{ at: t0, kind: 'callOffered', callId: 'c1', detail: 'support' }],
    });
    expect(agentAvailability(h.engine.getSnapshot())).toBe('ringing');
    expect(logged(h)).toEqual([]);
  });

  it('a number People does not know shows the number alone', async () => {
    const asked: string[] = [];
    const h = deskHarness({ lookupContact: async (number) => { asked.push(number); return undefined; } });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'sales' });
    await h.clock.tick(2_000);
    expect(asked).toEqual([CUSTOMER]);
    expect(cards(h)).toEqual([
      { callId: 'c1', kind: 'inbound', number: CUSTOMER, queue: 'sales', queueName: 'Sales', lookup: 'notFound', media: 'audio', remainingMs: 28_000 },
    ]);
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.customer).toEqual({ number: CUSTOMER });
  });

  it('a failing lookup marks the card failed and leaves the ring alone: it can still be answered', async () => {
    const h = deskHarness({ lookupContact: async () => { throw new Error('People search is down'); } });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    await h.clock.tick(0);
    expect(cards(h)).toEqual([
      { callId: 'c1', kind: 'inbound', number: CUSTOMER, queue: 'support', queueName: 'Customer support', lookup: 'failed', media: 'audio', remainingMs: 30_000 },
    ]);
    expect(h.tone()).toBe('ringtone');
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('ringing');
    expect(h.outputs.filter((output) => output.type === 'error' || output.type === 'rejected')).toEqual([]);

    expect(codeOf(h.engine.accept('c1'))).toBe('ok');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('connected');
  });

  it('a lookup that throws at once, not async, is a failed lookup too; one that finds the contact under a differently written number keeps the number the call came from', async () => {
    const throwing = deskHarness({ lookupContact: () => { throw new Error('People search is down'); } });
    throwing.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    expect(getCall(throwing.engine.getSnapshot(), 'c1')?.phase).toBe('ringing');
    await throwing.clock.tick(0);
    expect(cards(throwing)).toMatchObject([{ callId: 'c1', number: CUSTOMER, lookup: 'failed' }]);

    const formatted = deskHarness({ lookupContact: async () => ({ id: 'p-42', name: 'Jane Roe', number: '+1 415 555 0142' }) });
    formatted.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    await formatted.clock.tick(0);
    expect(cards(formatted)).toMatchObject([{ callId: 'c1', name: 'Jane Roe', number: CUSTOMER, lookup: 'found' }]);
  });

  it('a lookup that never answers never delays the ring: the ringtone starts before the lookup is even asked', async () => {
    const h = deskHarness({ lookupContact: () => new Promise(() => undefined) });
    const t0 = h.clock.now();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    const ringtoneAt = h.outputs.findIndex((output) => output.type === 'tone' && output.action === 'start');
    const lookupAt = h.outputs.findIndex((output) => output.type === 'desk' && output.action === 'lookupContact');
    expect(ringtoneAt).toBeGreaterThanOrEqual(0);
    expect(lookupAt).toBeGreaterThan(ringtoneAt);

    await h.clock.tick(10_000);
    expect(h.tone()).toBe('ringtone');
    expect(cards(h)).toEqual([
      { callId: 'c1', kind: 'inbound', number: CUSTOMER, queue: 'support', queueName: 'Customer support', lookup: 'pending', media: 'audio', remainingMs: 20_000 },
    ]);
    // Unanswered, it is missed at its own deadline, lookup or not.
    await h.clock.tick(20_000);
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'missed', endedAt: t0 + 30_000 });
    expect(timelineOf(h, 'conv-c1')).toEqual([
      { at: t0, kind: 'callOffered', callId: 'c1', detail: 'support' },
      { at: t0 + 30_000, kind: 'callMissed', callId: 'c1', detail: 'missed' },
    ]);
    // A missed offer is not a handled call: no wrap-up.
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeUndefined();
  });

  it('002: the caller gives up while it rings: the card disappears, the history says canceled, the timeline says missed', async () => {
    const h = deskHarness();
    const t0 = h.clock.now();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    await h.clock.tick(5_000);
    expect(cards(h)).toHaveLength(1);

    h.adapter.remote.cancel('c1');
    const state = h.engine.getSnapshot();
    expect(cards(h)).toEqual([]);
    expect(h.tone()).toBeUndefined();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'canceled', endedBy: 'remote', durationMs: 0, endedAt: t0 + 5_000 });
    expect(state.missed[0]).toMatchObject({ callId: 'c1', reason: 'canceled' });
    expect(timelineOf(h, 'conv-c1')).toEqual([
      { at: t0, kind: 'callOffered', callId: 'c1', detail: 'support' },
      { at: t0 + 5_000, kind: 'callMissed', callId: 'c1', detail: 'canceled' },
    ]);
    expect(state.desk?.calls).toEqual([]);
    expect(state.desk?.wrapUp).toBeUndefined();
    expect(agentAvailability(state)).toBe('available');
    expect(h.engine.pendingTimers()).toEqual([]);
  });

  it("002: an AI hand-off card shows the caller's name, number and the AI's summary; accepting makes the conversation mine", async () => {
    const h = deskHarness();
    const t0 = h.clock.now();
    const summary = 'Asks about a pro-rated refund for order 1182; wants to speak to a person.';
    h.adapter.remote.offer({ callId: 'ai-1', remote: { name: 'Sam Lee', number: CUSTOMER }, queue: 'support', handoff: true, summary, conversationId: 'conv-ai' });
    expect(cards(h)).toEqual([
      { callId: 'ai-1', kind: 'handoff', name: 'Sam Lee', number: CUSTOMER, queue: 'support', queueName: 'Customer support', summary, lookup: 'notFound', media: 'audio', remainingMs: 30_000 },
    ]);
    expect(conversation(h.engine.getSnapshot(), 'conv-ai')?.assignee).toBeNull();

    await h.clock.tick(2_000);
    h.engine.accept('ai-1');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'ai-1')).toMatchObject({ phase: 'connected', connectedAt: t0 + 2_010 });
    expect(cards(h)).toEqual([]);
    expect(conversation(h.engine.getSnapshot(), 'conv-ai')).toMatchObject({ assignee: 'agent-ann', status: 'open' });
    expect(timelineOf(h, 'conv-ai')).toEqual([
      { at: t0, kind: 'callOffered', callId: 'ai-1', detail: 'support' },
      { at: t0 + 2_000, kind: 'callAnswered', callId: 'ai-1' },
    ]);
    expect(deskCall(h.engine.getSnapshot(), 'ai-1')).toMatchObject({ kind: 'handoff', summary, recording: { startedAt: t0 + 2_010 } });
  });
});

// ---- 003: only Active, in the queue, one call at a time, not in wrap-up -----

describe('003 — who an offer may reach', () => {
  it('off duty: refused offDuty; it never rings, no call exists and the adapter is told', async () => {
    const h = deskHarness({ onDuty: false });
    const t0 = h.clock.now();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    const state = h.engine.getSnapshot();
    expect(state.calls).toEqual([]);
    expect(state.history).toEqual([]);
    expect(state.desk?.conversations).toEqual([]);
    expect(toneStarts(h)).toBe(0);
    expect(deskOutputs(h)).toEqual([
      { type: 'desk', action: 'refuseOffer', callId: 'c1', reason: 'offDuty' },
      { type: 'desk', action: 'notify', notice: { type: 'offerRefused', callId: 'c1', reason: 'offDuty', at: t0 } },
    ]);
    expect(h.adapter.log).toEqual([{ name: 'refuseOffer', callId: 'c1', at: t0, args: ['offDuty'] }]);
    expect(agentAvailability(state)).toBe('offDuty');
  });

  it.each([
    ['not a member of the queue', 'notInQueue', (h: DeskHarness) => h.engine.send({ type: 'setQueues', queues: ['sales'] })],
    ['away', 'notAvailable', (h: DeskHarness) => h.engine.send({ type: 'setPresence', presence: 'away' })],
    ['busy by choice', 'notAvailable', (h: DeskHarness) => h.engine.send({ type: 'setPresence', presence: 'busy' })],
  ] as const)('%s: refused %s and never rings', (_, reason, setUp) => {
    const h = deskHarness();
    expect(codeOf(setUp(h))).toBe('ok');
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(toneStarts(h)).toBe(0);
    expect(deskOutputs(h, 'refuseOffer')).toEqual([{ type: 'desk', action: 'refuseOffer', callId: 'c1', reason }]);
    expect(logged(h)).toEqual(['refuseOffer']);
  });

  it('during wrap-up: refused inWrapUp', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.engine.hangUp('c1');
    expect(agentAvailability(h.engine.getSnapshot())).toBe('wrapUp');
    h.adapter.remote.offer({ callId: 'c2', remote: { number: OTHER_CUSTOMER }, queue: 'support' });
    expect(getCall(h.engine.getSnapshot(), 'c2')).toBeUndefined();
    expect(deskOutputs(h, 'refuseOffer')).toEqual([{ type: 'desk', action: 'refuseOffer', callId: 'c2', reason: 'inWrapUp' }]);
    expect(logged(h, 'c2')).toEqual(['refuseOffer']);
  });

  it('while a call is live: refused busy, and it never rings over the live call', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const ringtones = toneStarts(h);
    h.adapter.remote.offer({ callId: 'c2', remote: { number: OTHER_CUSTOMER }, queue: 'support' });
    const state = h.engine.getSnapshot();
    expect(state.calls.map((call) => [call.id, call.phase])).toEqual([['c1', 'connected']]);
    expect(toneStarts(h)).toBe(ringtones);
    expect(h.tone()).toBeUndefined();
    expect(deskOutputs(h, 'refuseOffer')).toEqual([{ type: 'desk', action: 'refuseOffer', callId: 'c2', reason: 'busy' }]);
    expect(notices(h, 'offerRefused')).toEqual([{ type: 'offerRefused', callId: 'c2', reason: 'busy', at: h.clock.now() }]);
    expect(state.history.map((entry) => entry.id)).not.toContain('c2');
  });

  it("busy policy 'queue': the offer waits through the call and its wrap-up, then rings", async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    await answeredOffer(h, 'c1');
    const queuedAt = h.clock.now();
    h.adapter.remote.offer({ callId: 'q1', remote: { number: OTHER_CUSTOMER }, queue: 'sales' });
    expect(getCall(h.engine.getSnapshot(), 'q1')).toBeUndefined();
    expect(h.engine.getSnapshot().desk?.queuedOffers).toEqual([
      { callId: 'q1', remote: { number: OTHER_CUSTOMER }, media: 'audio', queue: 'sales', handoff: false, queuedAt },
    ]);

    await h.clock.tick(5_000);
    h.engine.hangUp('c1');
    // Wrap-up keeps the agent busy: still waiting.
    expect(getCall(h.engine.getSnapshot(), 'q1')).toBeUndefined();
    expect(h.engine.getSnapshot().desk?.queuedOffers).toHaveLength(1);

    await h.clock.tick(3_000);
    const freeAt = h.clock.now();
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(h.tone()).toBe('ringtone');
    expect(h.engine.getSnapshot().desk?.queuedOffers).toEqual([]);
    expect(cards(h)).toEqual([
      { callId: 'q1', kind: 'inbound', number: OTHER_CUSTOMER, queue: 'sales', queueName: 'Sales', lookup: 'notFound', media: 'audio', remainingMs: 30_000 },
    ]);
    expect(timelineOf(h, 'conv-q1')).toEqual([{ at: freeAt, kind: 'callOffered', callId: 'q1', detail: 'sales' }]);
    expect(logged(h, 'q1')).toEqual([]);
  });

  it('a held offer whose caller gives up goes to the history as canceled and never rings', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    await answeredOffer(h, 'c1');
    const queuedAt = h.clock.now();
    h.adapter.remote.offer({ callId: 'q1', remote: { number: OTHER_CUSTOMER }, queue: 'support' });
    await h.clock.tick(4_000);
    h.adapter.remote.cancel('q1');
    const state = h.engine.getSnapshot();
    expect(state.desk?.queuedOffers).toEqual([]);
    expect(state.history[0]).toEqual({
      id: 'q1', direction: 'inbound', media: 'audio', remote: { number: OTHER_CUSTOMER }, startedAt: queuedAt, endedAt: queuedAt + 4_000,
      endReason: 'canceled', endedBy: 'remote', durationMs: 0, heldMs: 0,
    });
    expect(getCall(state, 'c1')?.phase).toBe('connected');

    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(h.engine.getSnapshot().calls).toEqual([]);
    expect(h.tone()).toBeUndefined();
  });

  it('leaving a queue sends the offers held for it elsewhere; the rest still ring once free', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    await answeredOffer(h, 'c1');
    h.adapter.remote.offer({ callId: 'q-sales', remote: { number: OTHER_CUSTOMER }, queue: 'sales' });
    h.adapter.remote.offer({ callId: 'q-support', remote: { number: '+14155550188' }, queue: 'support' });
    const at = h.clock.now();
    h.engine.send({ type: 'setQueues', queues: ['support'] });
    expect(h.engine.getSnapshot().desk?.queuedOffers.map((offer) => offer.callId)).toEqual(['q-support']);
    expect(deskOutputs(h, 'refuseOffer')).toEqual([{ type: 'desk', action: 'refuseOffer', callId: 'q-sales', reason: 'notInQueue' }]);
    expect(notices(h, 'offerRefused')).toEqual([{ type: 'offerRefused', callId: 'q-sales', reason: 'notInQueue', at }]);

    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(h.engine.getSnapshot().calls.map((call) => [call.id, call.phase])).toEqual([['q-support', 'ringing']]);
  });

  it('going off duty sends the held offers elsewhere', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    await answeredOffer(h, 'c1');
    h.adapter.remote.offer({ callId: 'q1', remote: { number: OTHER_CUSTOMER }, queue: 'support' });
    h.adapter.remote.offer({ callId: 'q2', remote: { number: '+14155550188' }, queue: 'sales' });
    expect(h.engine.getSnapshot().desk?.queuedOffers.map((offer) => offer.callId)).toEqual(['q1', 'q2']);

    const at = h.clock.now();
    h.engine.send({ type: 'setDuty', onDuty: false });
    expect(h.engine.getSnapshot().desk?.queuedOffers).toEqual([]);
    expect(deskOutputs(h, 'refuseOffer')).toEqual([
      { type: 'desk', action: 'refuseOffer', callId: 'q1', reason: 'offDuty' },
      { type: 'desk', action: 'refuseOffer', callId: 'q2', reason: 'offDuty' },
    ]);
    expect(notices(h, 'offerRefused')).toEqual([
      { type: 'offerRefused', callId: 'q1', reason: 'offDuty', at },
      { type: 'offerRefused', callId: 'q2', reason: 'offDuty', at },
    ]);
    expect(h.adapter.log.filter((entry) => entry.name === 'refuseOffer').map((entry) => [entry.callId, entry.args[0]]))
      .toEqual([['q1', 'offDuty'], ['q2', 'offDuty']]);
  });

  it('an engine disposed with offers held hands them back, so routing does not wait on a tab that is gone', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    await answeredOffer(h, 'c1');
    h.adapter.remote.offer({ callId: 'q1', remote: { number: OTHER_CUSTOMER }, queue: 'support' });

    h.engine.dispose();
    expect(h.engine.getSnapshot().desk?.queuedOffers).toEqual([]);
    expect(deskOutputs(h, 'refuseOffer')).toEqual([{ type: 'desk', action: 'refuseOffer', callId: 'q1', reason: 'notAvailable' }]);
    expect(h.adapter.log.filter((entry) => entry.name === 'refuseOffer').map((entry) => [entry.callId, entry.args[0]])).toEqual([['q1', 'notAvailable']]);
  });
});

// ---- 003 "Make a call", "Make a follow-up call"; 002 ring back -------------

describe('003 — make a call', () => {
  it.each([
    ['a number that is not E.164', { to: { number: '4155550142' } }, 'invalidNumber'],
    // The number is checked first: the form says what is wrong with what was typed.
    ['a number that is not E.164, to a queue the agent is not in', { to: { number: '4155550142' }, queue: 'billing' }, 'invalidNumber'],
    ['a From number not configured for calls', { from: '+14155550999' }, 'unknownNumber'],
    ['a queue the agent is not a member of', { queue: 'billing' }, 'notInQueue'],
    ['an assignee (the assignee of a call you make is you)', { assignee: 'agent-bob' }, 'invalidInput'],
  ])('%s is refused and nothing changes', (_, changes, code) => {
    const h = deskHarness();
    const before = h.engine.getSnapshot();
    const result = h.engine.send(outbound(changes));
    expect(codeOf(result)).toBe(code);
    expect(h.engine.getSnapshot()).toBe(before);
    expect(h.adapter.log).toEqual([]);
    expect(h.outputs.filter((output) => output.type === 'rejected')).toHaveLength(1);
  });

  it.each([
    ['assigned to me', 'agent-ann', 'conversationExists', 'continue'],
    ['unassigned', null, 'conversationExists', 'continue'],
    ['assigned to another agent', 'agent-bob', 'conversationAssigned', 'assignedElsewhere'],
  ] as const)('a pre-existing conversation %s blocks a new one (%s)', (_, assignee, code, decision) => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-9', assignee)] });
    expect(outboundDecision(h.engine.getSnapshot(), CUSTOMER)).toMatchObject({ kind: decision, conversation: { id: 'conv-9', assignee } });
    const before = h.engine.getSnapshot();
    const result = h.engine.send(outbound());
    expect(codeOf(result)).toBe(code);
    expect(!result.ok && result.error.message).toContain('conv-9');
    if (code === 'conversationAssigned') expect(!result.ok && result.error.message).toContain('agent-bob');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(logged(h)).toEqual([]);
  });

  it.each([
    ['unassigned', null, 'conversationExists'],
    ['assigned to another agent', 'agent-bob', 'conversationAssigned'],
  ] as const)('a chat with the People contact, %s, counts as their conversation though it has no number', (_, assignee, code) => {
    const h = deskHarness();
    const chat = { ...loadedConversation('conv-chat', assignee), customer: { id: 'p-42', name: 'Jane Roe' } };
    h.engine.send({ type: 'conversationsLoaded', conversations: [chat] });
    expect(outboundDecision(h.engine.getSnapshot(), { id: 'p-42', number: CUSTOMER })).toMatchObject({ conversation: { id: 'conv-chat' } });
    expect(codeOf(h.engine.send(outbound({ to: { id: 'p-42', name: 'Jane Roe', number: CUSTOMER } })))).toBe(code);
  });

  it('with no open conversation: a new one, assigned to me with form, tags and priority; early media, then the answer', async () => {
    const h = deskHarness();
    // Closed and resolved conversations with the customer do not count.
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-old', 'agent-bob', 'closed'), loadedConversation('conv-older', null, 'resolved')] });
    expect(outboundDecision(h.engine.getSnapshot(), CUSTOMER)).toEqual({ kind: 'create' });
    const t0 = h.clock.now();
    const result = h.engine.send(outbound({ form: 'Returns', tags: ['refund', 'vip'], priority: 'high' }));
    expect(codeOf(result)).toBe('ok');

    let state = h.engine.getSnapshot();
    expect(conversation(state, 'conv-out-1')).toEqual({
      id: 'conv-out-1', customer: { number: CUSTOMER }, assignee: 'agent-ann', queue: 'support', status: 'open', form: 'Returns', tags: ['refund', 'vip'],
      priority: 'high', pending: 0, timeline: [{ at: t0, kind: 'callPlaced', callId: 'out-1', detail: CUSTOMER }],
    });
    expect(getCall(state, 'out-1')).toMatchObject({ direction: 'outbound', phase: 'calling', remote: { number: CUSTOMER }, media: 'audio' });
    expect(deskCall(state, 'out-1')).toEqual({
      callId: 'out-1', conversationId: 'conv-out-1', kind: 'outbound', from: FROM, queue: 'support', contact: { number: CUSTOMER }, lookup: 'none', transferAttempts: 0,
    });
    expect(h.adapter.log).toEqual([
      { name: 'connect', callId: 'out-1', at: t0, args: [{ callId: 'out-1', direction: 'outbound', media: 'audio', remote: { number: CUSTOMER }, preferences: defaultDevices.preferences }] },
    ]);
    expect(h.tone()).toBe('ringback');

    await h.clock.tick(1_500);
    h.adapter.remote.earlyMedia('out-1');
    expect(getCall(h.engine.getSnapshot(), 'out-1')).toMatchObject({ phase: 'calling', earlyMedia: true });
    expect(h.tone()).toBeUndefined();

    await h.clock.tick(3_000);
    h.adapter.remote.answer('out-1');
    await h.clock.tick(10);
    state = h.engine.getSnapshot();
    expect(getCall(state, 'out-1')).toMatchObject({ phase: 'connected', answeredAt: t0 + 4_500, connectedAt: t0 + 4_510 });
    expect(deskCall(state, 'out-1')?.recording).toEqual({ startedAt: t0 + 4_510 });
    expect(agentAvailability(state)).toBe('onCall');
  });

  it('a follow-up call in an existing unassigned conversation makes it mine', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-77', null)] });
    const t0 = h.clock.now();
    expect(codeOf(h.engine.send({ type: 'followUpCall', callId: 'fu-1', conversationId: 'conv-77', from: FROM }))).toBe('ok');
    const state = h.engine.getSnapshot();
    expect(conversation(state, 'conv-77')).toMatchObject({
      assignee: 'agent-ann', status: 'open', timeline: [{ at: t0, kind: 'callPlaced', callId: 'fu-1', detail: CUSTOMER }],
    });
    expect(getCall(state, 'fu-1')).toMatchObject({ direction: 'outbound', phase: 'calling', remote: { number: CUSTOMER } });
    expect(logged(h)).toEqual(['connect']);
  });

  it("a follow-up call in another agent's conversation is refused", () => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-77', 'agent-bob')] });
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send({ type: 'followUpCall', callId: 'fu-1', conversationId: 'conv-77', from: FROM }))).toBe('conversationAssigned');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('002: the internet drops, the call ends, and ringing back from the history continues the same conversation', async () => {
    const h = deskHarness();
    const { offeredAt } = await answeredOffer(h, 'c1');
    h.adapter.remote.dropNetwork('c1');
    await h.clock.tick(31_000);
    let state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'dropped' });
    expect(state.desk?.wrapUp).toMatchObject({ callId: 'c1', after: 'ended' });

    // Wrap-up first: the agent is busy until it ends.
    expect(codeOf(h.engine.send({ type: 'ringBack', callId: 'rb-1', historyCallId: 'c1', from: FROM }))).toBe('wrapUpOpen');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });

    const at = h.clock.now();
    expect(codeOf(h.engine.send({ type: 'ringBack', callId: 'rb-1', historyCallId: 'c1', from: FROM }))).toBe('ok');
    state = h.engine.getSnapshot();
    expect(getCall(state, 'rb-1')).toMatchObject({ direction: 'outbound', phase: 'calling', remote: { number: CUSTOMER }, media: 'audio' });
    expect(deskCall(state, 'rb-1')).toMatchObject({ conversationId: 'conv-c1', kind: 'outbound', from: FROM, queue: 'support' });
    expect(state.desk?.conversations.map((known) => known.id)).toEqual(['conv-c1']);
    expect(conversation(state, 'conv-c1')?.assignee).toBe('agent-ann');
    expect(timelineOf(h, 'conv-c1').map((event) => [event.kind, event.callId, event.at - offeredAt])).toEqual([
      ['callOffered', 'c1', 0],
      ['callAnswered', 'c1', 1_000],
      ['callEnded', 'c1', state.history[0]!.endedAt - offeredAt],
      ['wrapUpStarted', 'c1', state.history[0]!.endedAt - offeredAt],
      ['wrapUpEnded', 'c1', at - offeredAt],
      ['callPlaced', 'rb-1', at - offeredAt],
    ]);
  });

  it('one call at a time: a second call while one is live is refused busy', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const before = h.engine.getSnapshot();
    const result = h.engine.send(outbound({ callId: 'out-2', to: { number: OTHER_CUSTOMER } }));
    expect(codeOf(result)).toBe('busy');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(logged(h, 'out-2')).toEqual([]);
    // Nor through the core's own dialling: an agent's calls follow the outbound rules.
    expect(codeOf(h.engine.placeCall({ number: OTHER_CUSTOMER }, 'audio'))).toBe('invalidInput');
  });
});

// ---- 003 "Call on hold" ----------------------------------------------------

describe('003 — hold with the queue’s music or announcement', () => {
  it('support plays music; the timeline logs on hold and resumed with the held time; loggedHoldMs sums the holds', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1', 'support');
    const holdAt = h.clock.now();
    h.engine.hold('c1');
    // The audio is chosen once the hold is confirmed, so a refused hold leaves nothing to play.
    expect(deskOutputs(h, 'holdAudio')).toEqual([]);
    await h.clock.tick(10);
    expect(deskOutputs(h, 'holdAudio')).toEqual([
      { type: 'desk', action: 'holdAudio', callId: 'c1', audio: { kind: 'music', url: 'https://cdn.example/hold/support.mp3' } },
    ]);
    expect(h.adapter.log.slice(-2)).toEqual([
      { name: 'hold', callId: 'c1', at: holdAt, args: [] },
      { name: 'setHoldAudio', callId: 'c1', at: holdAt + 10, args: [{ kind: 'music', url: 'https://cdn.example/hold/support.mp3' }] },
    ]);
    await h.clock.tick(20_000);
    h.engine.resume('c1');
    await h.clock.tick(10);
    const resumedAt = holdAt + 20_020;

    // Again, shorter.
    await h.clock.tick(5_000);
    h.engine.hold('c1');
    await h.clock.tick(10);
    await h.clock.tick(3_000);
    h.engine.resume('c1');
    await h.clock.tick(10);

    const events = timelineOf(h, 'conv-c1').filter((event) => event.kind === 'callOnHold' || event.kind === 'callResumed');
    expect(events).toEqual([
      { at: holdAt + 10, kind: 'callOnHold', callId: 'c1' },
      { at: resumedAt, kind: 'callResumed', callId: 'c1', durationMs: 20_010 },
      { at: resumedAt + 5_010, kind: 'callOnHold', callId: 'c1' },
      { at: resumedAt + 8_020, kind: 'callResumed', callId: 'c1', durationMs: 3_010 },
    ]);
    const conv = conversation(h.engine.getSnapshot(), 'conv-c1')!;
    expect(loggedHoldMs(conv)).toBe(23_020);
    expect(getCall(h.engine.getSnapshot(), 'c1')?.hold.heldMs).toBe(23_020);
  });

  it('sales plays its announcement', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1', 'sales');
    h.engine.hold('c1');
    await h.clock.tick(10);
    expect(deskOutputs(h, 'holdAudio')).toEqual([
      { type: 'desk', action: 'holdAudio', callId: 'c1', audio: { kind: 'announcement', url: 'https://cdn.example/hold/sales.mp3' } },
    ]);
  });

  it.each([
    ['a queue with no hold audio set up', 'billing'],
    ['no queue at all', null],
  ])('%s: holdAudio with audio null', async (_, queue) => {
    const h = deskHarness();
    h.engine.send({ type: 'setQueues', queues: ['support', 'sales', 'billing'] });
    await answeredOffer(h, 'c1', queue);
    h.engine.hold('c1');
    await h.clock.tick(10);
    expect(deskOutputs(h, 'holdAudio')).toEqual([{ type: 'desk', action: 'holdAudio', callId: 'c1', audio: null }]);
    expect(h.adapter.log.at(-1)).toMatchObject({ name: 'setHoldAudio', callId: 'c1', args: [null] });
  });

  it('a hold the network refuses logs nothing on hold', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.adapter.failNext('hold');
    h.engine.hold('c1');
    await h.clock.tick(10);
    const call = getCall(h.engine.getSnapshot(), 'c1')!;
    expect(call.hold).toEqual({ status: 'off', heldMs: 0 });
    expect(call.lastError).toMatchObject({ code: 'holdRefused' });
    expect(timelineOf(h, 'conv-c1').map((event) => event.kind)).toEqual(['callOffered', 'callAnswered']);
    expect(loggedHoldMs(conversation(h.engine.getSnapshot(), 'conv-c1')!)).toBe(0);
    expect(deskOutputs(h, 'holdAudio')).toEqual([]);
  });

  it('a call that ends while on hold still counts that hold, up to the end', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    await held(h, 'c1');
    await h.clock.tick(5_000);
    h.engine.resume('c1');
    await h.clock.tick(10);
    const heldAgainAt = await held(h, 'c1');
    await h.clock.tick(12_000);
    // The customer hangs up while listening to the music: no resume is ever logged.
    h.adapter.remote.hangUp('c1');
    const entry = h.engine.getSnapshot().history[0]!;
    expect(entry.heldMs).toBe(5_010 + 12_000);
    expect(timelineOf(h, 'conv-c1').slice(-4).map((event) => [event.kind, event.at - heldAgainAt, event.durationMs])).toEqual([
      ['callResumed', -10, 5_010],
      ['callOnHold', 0, undefined],
      ['callEnded', 12_000, entry.durationMs],
      ['wrapUpStarted', 12_000, undefined],
    ]);
    expect(loggedHoldMs(conversation(h.engine.getSnapshot(), 'conv-c1')!)).toBe(entry.heldMs);
  });
});

// ---- 003 "Transfer call to agent / queue / external number" ----------------

describe('003 — transfer', () => {
  it('to an agent in the same queue: initiated → ringing → completed; the call ends as transferred, recording stops, wrap-up opens', async () => {
    const { h, offeredAt, connectedAt } = await onCallWithDirectory();
    await h.clock.tick(60_000);
    const startedAt = h.clock.now();
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: bob }))).toBe('ok');
    expect(deskOutputs(h, 'transfer')).toEqual([{ type: 'desk', action: 'transfer', callId: 'c1', transferId: 'c1#1', target: bob }]);
    expect(transferStatus(h.engine.getSnapshot(), 'c1')).toEqual({ inFlight: { id: 'c1#1', target: bob, stage: 'initiated', startedAt } });
    expect(h.engine.pendingTimers()).toEqual([{ timer: 'transfer', callId: 'c1', at: startedAt + 20_000 }]);
    // The call stays the agent's until the target answers.
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('connected');

    await h.clock.tick(10);
    expect(h.adapter.log.at(-1)).toEqual({ name: 'transfer', callId: 'c1', at: startedAt, args: ['c1#1', bob] });
    h.adapter.remote.transferRinging('c1');
    expect(transferStatus(h.engine.getSnapshot(), 'c1').inFlight?.stage).toBe('ringing');

    await h.clock.tick(4_000);
    const answeredAt = h.clock.now();
    h.adapter.remote.transferAnswered('c1');
    const state = h.engine.getSnapshot();
    expect(state.calls).toEqual([]);
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'transferred', endedAt: answeredAt, durationMs: answeredAt - connectedAt });
    expect(state.desk?.wrapUp).toEqual({
      callId: 'c1', conversationId: 'conv-c1', openedAt: answeredAt, deadline: answeredAt + 30_000, extendedMs: 0, notes: '', after: 'transferred',
    });
    expect(deskOutputs(h, 'stopRecording')).toEqual([{ type: 'desk', action: 'stopRecording', callId: 'c1' }]);
    expect(notices(h, 'transferCompleted')).toEqual([{ type: 'transferCompleted', callId: 'c1', target: bob, at: answeredAt }]);
    expect(h.adapter.log.slice(-2).map((entry) => [entry.name, entry.at, entry.args])).toEqual([
      ['disconnect', answeredAt, ['transferred']],
      ['stopRecording', answeredAt, []],
    ]);
    expect(timelineOf(h, 'conv-c1')).toEqual([
      { at: offeredAt, kind: 'callOffered', callId: 'c1', detail: 'support' },
      { at: offeredAt + 1_000, kind: 'callAnswered', callId: 'c1' },
      { at: startedAt, kind: 'transferStarted', callId: 'c1', detail: 'agent Bob' },
      { at: startedAt + 10, kind: 'transferRinging', callId: 'c1', detail: 'agent Bob' },
      { at: answeredAt, kind: 'transferred', callId: 'c1', detail: 'agent Bob' },
      { at: answeredAt, kind: 'recordingStopped', callId: 'c1', detail: 'transferred' },
      { at: answeredAt, kind: 'callEnded', callId: 'c1', detail: 'transferred', durationMs: answeredAt - connectedAt },
      { at: answeredAt, kind: 'wrapUpStarted', callId: 'c1' },
    ]);
    expect(h.engine.pendingTimers()).toEqual([{ timer: 'wrapUp', callId: 'c1', at: answeredAt + 30_000 }]);
    expect(agentAvailability(state)).toBe('wrapUp');
  });

  it('the agent cancels a transfer while the target rings: the call stays, on hold with its music, and the target stops ringing', async () => {
    const { h } = await onCallWithDirectory();
    await held(h, 'c1');
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    h.adapter.remote.transferRinging('c1');
    const audioBefore = deskOutputs(h, 'holdAudio').length;
    expect(codeOf(h.engine.send({ type: 'cancelTransfer', callId: 'c1' }))).toBe('ok');
    const state = h.engine.getSnapshot();
    expect(getCall(state, 'c1')?.hold.status).toBe('on');
    expect(transferStatus(state, 'c1')).toEqual({ warning: { reason: 'canceled', at: h.clock.now(), target: bob } });
    expect(deskOutputs(h, 'cancelTransfer')).toEqual([{ type: 'desk', action: 'cancelTransfer', callId: 'c1', transferId: 'c1#1' }]);
    expect(deskOutputs(h, 'holdAudio')).toHaveLength(audioBefore + 1);
    expect(notices(h, 'transferFailed')).toMatchObject([{ callId: 'c1', reason: 'canceled' }]);
    expect(h.engine.pendingTimers().filter((timer) => timer.timer === 'transfer')).toEqual([]);
    // There is nothing left to cancel; Resume works at once.
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send({ type: 'cancelTransfer', callId: 'c1' }))).toBe('invalidState');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(codeOf(h.engine.resume('c1'))).toBe('ok');
  });

  it('the target answered as the Cancel went out: the network says the transfer went through, and it did', async () => {
    const { h } = await onCallWithDirectory();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    h.adapter.remote.transferRinging('c1');
    h.engine.send({ type: 'cancelTransfer', callId: 'c1' });
    // The same race as the network ending the call as transferred (transferredAfterAll): the customer is with Bob.
    h.adapter.remote.transferAnswered('c1');
    const state = h.engine.getSnapshot();
    expect(getCall(state, 'c1')).toBeUndefined();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'transferred' });
    expect(state.desk?.wrapUp).toMatchObject({ callId: 'c1', after: 'transferred' });
    expect(notices(h, 'transferCompleted')).toMatchObject([{ callId: 'c1', target: bob }]);
    // An answer for an earlier attempt is stale: after a second attempt failed, the first one's completion transfers nothing.
    const { h: again } = await onCallWithDirectory();
    again.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    again.engine.send({ type: 'cancelTransfer', callId: 'c1' });
    again.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    again.engine.send({ type: 'cancelTransfer', callId: 'c1' });
    again.adapter.remote.emitRaw({ type: 'transferCompleted', callId: 'c1', transferId: 'c1#1' });
    expect(getCall(again.engine.getSnapshot(), 'c1')?.phase).toBe('connected');
  });

  it('the transfer dialog lists agents of the call’s queue, available first, offline ones unavailable', async () => {
    const { h } = await onCallWithDirectory();
    const options = transferOptions(h.engine.getSnapshot(), h.desk.config, h.engine.config, 'c1');
    expect(options.agents.map((option) => [option.target.id, option.available, option.reason])).toEqual([
      ['agent-bob', true, undefined],
      ['agent-cat', true, undefined],
      ['agent-dan', false, 'Dan is offline'],
    ]);
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-dan' } }))).toBe('transferUnavailable');
    // Not a specific agent of another queue (003), and not yourself.
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-eve' } }))).toBe('transferUnavailable');
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-ann' } }))).toBe('transferUnavailable');
    expect(deskOutputs(h, 'transfer')).toEqual([]);
  });

  it('the refresh button asks the backend for the directory; a failing or malformed answer is an error and keeps the list', async () => {
    const { h } = await onCallWithDirectory();
    let answer: () => Promise<unknown> = async () => [{ id: 'agent-dan', name: 'Dan', queues: ['support'], presence: 'available' }];
    Object.assign(h.adapter, { loadDirectory: () => answer() });
    const agents = () => transferOptions(h.engine.getSnapshot(), h.desk.config, h.engine.config, 'c1').agents.map((option) => [option.target.id, option.available]);
    const errors = () => h.outputs.flatMap((output) => (output.type === 'error' ? [output.error.code] : []));
    expect(codeOf(h.engine.send({ type: 'refreshDirectory' }))).toBe('ok');
    await h.clock.tick(0);
    expect(agents()).toEqual([['agent-dan', true]]);
    answer = async () => { throw new Error('directory service down'); };
    h.engine.send({ type: 'refreshDirectory' });
    await h.clock.tick(0);
    answer = async () => [{ id: 'agent-dan', presence: 'dancing' }];
    h.engine.send({ type: 'refreshDirectory' });
    await h.clock.tick(0);
    expect(errors()).toEqual(['commandFailed', 'invalidInput']);
    expect(agents()).toEqual([['agent-dan', true]]);
    // An adapter that cannot load it says so.
    const bare = await onCallWithDirectory();
    bare.h.engine.send({ type: 'refreshDirectory' });
    await bare.h.clock.tick(0);
    expect(bare.h.outputs.flatMap((output) => (output.type === 'error' ? [output.error.code] : []))).toEqual(['unsupported']);
  });

  it.each([
    ['rejected', false],
    ['busy', true],
    ['offline', false],
    ['error', true],
  ] as const)('the agent reports %s (on hold: %s): the call comes back with hold as it was and a warning', async (reason, onHold) => {
    const { h, offeredAt } = await onCallWithDirectory();
    if (onHold) await held(h, 'c1');
    const holdBefore = getCall(h.engine.getSnapshot(), 'c1')!.hold.status;
    expect(holdBefore).toBe(onHold ? 'on' : 'off');
    await h.clock.tick(1_000);
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    await h.clock.tick(10);
    h.adapter.remote.transferRinging('c1');
    await h.clock.tick(2_000);
    const failedAt = h.clock.now();
    h.adapter.remote.transferFails('c1', reason);

    const state = h.engine.getSnapshot();
    expect(getCall(state, 'c1')).toMatchObject({ phase: 'connected', hold: { status: holdBefore } });
    expect(transferStatus(state, 'c1')).toEqual({ warning: { reason, at: failedAt, target: bob } });
    expect(state.desk?.wrapUp).toBeUndefined();
    expect(h.engine.pendingTimers()).toEqual([]);
    // Nothing rings on the target's side any more: no leg to cancel.
    expect(deskOutputs(h, 'cancelTransfer')).toEqual([]);
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at: failedAt, kind: 'transferFailed', callId: 'c1', detail: `agent Bob: ${reason}` });
    expect(timelineOf(h, 'conv-c1')[0]).toEqual({ at: offeredAt, kind: 'callOffered', callId: 'c1', detail: 'support' });
    expect(notices(h, 'transferFailed')).toEqual([{ type: 'transferFailed', callId: 'c1', target: bob, reason, at: failedAt }]);
    // A call that was on hold hears its queue's music again, not what the attempt played.
    const music = { type: 'desk', action: 'holdAudio', callId: 'c1', audio: { kind: 'music', url: 'https://cdn.example/hold/support.mp3' } };
    expect(deskOutputs(h, 'holdAudio')).toEqual(onHold ? [music, music] : []);

    // The call is the agent's again: hold works, and the next attempt is numbered on and clears the warning.
    expect(codeOf(onHold ? h.engine.resume('c1') : h.engine.hold('c1'))).toBe('ok');
    await h.clock.tick(10);
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: bob }))).toBe('ok');
    expect(transferStatus(h.engine.getSnapshot(), 'c1')).toEqual({ inFlight: { id: 'c1#2', target: bob, stage: 'initiated', startedAt: h.clock.now() } });
  });

  it('to a queue with automatic assignment: completes', async () => {
    const { h } = await onCallWithDirectory();
    const target: TransferTarget = { kind: 'queue', queue: 'billing' };
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target }))).toBe('ok');
    await h.clock.tick(10);
    expect(h.adapter.log.at(-1)).toMatchObject({ name: 'transfer', args: ['c1#1', target] });
    h.adapter.remote.transferAnswered('c1');
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'transferred' });
    expect(timelineOf(h, 'conv-c1').find((event) => event.kind === 'transferred')?.detail).toBe('queue billing');
    expect(h.engine.getSnapshot().desk?.wrapUp?.after).toBe('transferred');
  });

  it('to a queue, and to an external number, that fail: the call comes back with a warning each time, and the backend hears it', async () => {
    const { h } = await onCallWithDirectory();
    const queue: TransferTarget = { kind: 'queue', queue: 'billing' };
    const external: TransferTarget = { kind: 'external', number: '+442079460000', source: 'contact', contactId: 'p-7' };
    for (const [target, reason] of [[queue, 'error'], [external, 'busy']] as const) {
      expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target }))).toBe('ok');
      await h.clock.tick(10);
      h.adapter.remote.transferFails('c1', reason);
      expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('connected');
      expect(transferStatus(h.engine.getSnapshot(), 'c1').warning).toEqual({ reason, at: h.clock.now(), target });
    }
    expect(notices(h, 'transferFailed').map((notice) => notice.type === 'transferFailed' && [notice.target.kind, notice.reason])).toEqual([['queue', 'error'], ['external', 'busy']]);
    expect(timelineOf(h, 'conv-c1').filter((event) => event.kind === 'transferFailed').map((event) => event.detail)).toEqual(['queue billing: error', '+442079460000: busy']);
  });

  it('a completion that finds the call past its reconnect give-up deadline (a throttled tab): the call was dropped, not transferred', () => {
    const { step, state } = deskReducerOnCall(directory, { transfer: { external: 'contactsOnly', noAnswerMs: 120_000 } });
    step({ type: 'transfer', callId: 'c1', target: bob }, 5_000);
    step({ type: 'networkLost', callId: 'c1' }, 6_000);
    const giveUpAt = getCall(state(), 'c1')!.reconnect!.giveUpAt;
    const late = step({ type: 'transferCompleted', callId: 'c1', transferId: 'c1#1' }, giveUpAt + 500);
    expect(state().history[0]).toMatchObject({ id: 'c1', endReason: 'dropped', endedAt: giveUpAt });
    const deskEffects = late.effects.flatMap((effect) => (effect.type === 'desk' ? [effect.action === 'notify' ? effect.notice.type : effect.action] : []));
    expect(deskEffects).not.toContain('transferCompleted');
    expect(deskEffects).not.toContain('stopRecording');
    expect(deskEffects).toContain('cancelTransfer');
    expect(conversation(state(), 'conv-c1')!.timeline.map((event) => event.kind)).not.toContain('transferred');
    expect(state().desk?.wrapUp?.after).toBe('ended');
  });

  it('without a target, or to a queue that is a name on every object (constructor): refused, and nothing changes', async () => {
    const { h } = await onCallWithDirectory();
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: null } as unknown as EngineInput))).toBe('invalidInput');
    const inherited = h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'queue', queue: 'constructor' } });
    expect(codeOf(inherited)).toBe('transferUnavailable');
    expect(!inherited.ok && inherited.error.message).toBe('No queue "constructor"');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('to a queue without automatic assignment (sales): unavailable, and the dialog says why', async () => {
    const { h } = await onCallWithDirectory();
    const before = h.engine.getSnapshot();
    const result = h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'queue', queue: 'sales' } });
    expect(codeOf(result)).toBe('transferUnavailable');
    expect(!result.ok && result.error.message).toMatch(/Sales has no automatic agent assignment/);
    expect(h.engine.getSnapshot()).toBe(before);
    // In the order of their availability (003): those that can take it, most free agents first; then the rest, with why.
    const options = transferOptions(before, h.desk.config, h.engine.config, 'c1');
    expect(options.queues).toEqual([
      { target: { queue: 'support', name: 'Customer support', freeAgents: 1 }, available: true },
      { target: { queue: 'billing', name: 'Billing', freeAgents: 0 }, available: true },
      { target: { queue: 'sales', name: 'Sales', freeAgents: 1 }, available: false, reason: 'Sales has no automatic agent assignment' },
    ]);
    expect(options.queue).toEqual({ queue: 'support', name: 'Customer support' });
    h.engine.send({ type: 'directoryUpdated', agents: [...directory, { id: 'agent-fay', name: 'Fay', queues: ['billing'], presence: 'available' }, { id: 'agent-gus', name: 'Gus', queues: ['billing'], presence: 'available' }] });
    expect(transferOptions(h.engine.getSnapshot(), h.desk.config, h.engine.config, 'c1').queues.map((option) => [option.target.queue, option.target.freeAgents]))
      .toEqual([['billing', 2], ['support', 1], ['sales', 1]]);
  });

  it('to an external number picked from People: completes, with the number in the timeline', async () => {
    const { h } = await onCallWithDirectory();
    const target: TransferTarget = { kind: 'external', number: '+442079460000', source: 'contact', contactId: 'p-7', from: '+14155550101' };
    expect(transferOptions(h.engine.getSnapshot(), h.desk.config, h.engine.config, 'c1').external).toEqual({ available: true, manualEntry: false });
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target }))).toBe('ok');
    await h.clock.tick(10);
    h.adapter.remote.transferRinging('c1');
    await h.clock.tick(3_000);
    h.adapter.remote.transferAnswered('c1');
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'transferred' });
    expect(timelineOf(h, 'conv-c1').filter((event) => event.kind.startsWith('transfer')).map((event) => [event.kind, event.detail])).toEqual([
      ['transferStarted', '+442079460000'],
      ['transferRinging', '+442079460000'],
      ['transferred', '+442079460000'],
    ]);
  });

  it('a typed-in number under contacts-only is not in the phone book; under manual entry it goes', async () => {
    const manual: TransferTarget = { kind: 'external', number: '+442079460000', source: 'manual' };
    const strict = await onCallWithDirectory();
    const before = strict.h.engine.getSnapshot();
    // The button is disabled with the message before it is pressed (003), by the rule the transfer applies.
    const check = (h: typeof strict.h, target: TransferTarget) => transferTargetCheck(h.engine.getSnapshot(), h.desk.config, h.engine.config, 'c1', target);
    expect(check(strict.h, manual)).toMatchObject({ allowed: false, code: 'notInPhonebook', remedy: expect.any(String) });
    expect(check(strict.h, { ...manual, source: 'contact', contactId: 'p-7' })).toEqual({ allowed: true });
    expect(check(strict.h, { kind: 'queue', queue: 'nope' })).toMatchObject({ allowed: false, code: 'transferUnavailable' });
    expect(transferTargetCheck(before, strict.h.desk.config, strict.h.engine.config, 'gone', manual)).toMatchObject({ allowed: false, code: 'unknownCall' });
    expect(codeOf(strict.h.engine.send({ type: 'transfer', callId: 'c1', target: manual }))).toBe('notInPhonebook');
    expect(strict.h.engine.getSnapshot()).toBe(before);
    // What the call is doing counts too: a hold still being confirmed, a transfer already under way.
    const billing: TransferTarget = { kind: 'queue', queue: 'billing' };
    expect(check(strict.h, billing)).toEqual({ allowed: true });
    strict.h.engine.hold('c1');
    expect(check(strict.h, billing)).toMatchObject({ allowed: false, code: 'invalidState' });
    await strict.h.clock.tick(50);
    expect(codeOf(strict.h.engine.send({ type: 'transfer', callId: 'c1', target: billing }))).toBe('ok');
    expect(check(strict.h, billing)).toMatchObject({ allowed: false, code: 'transferInProgress' });
    expect(codeOf(strict.h.engine.send({ type: 'cancelTransfer', callId: 'c1' }))).toBe('ok');

    const open = await onCallWithDirectory({ config: { transfer: { external: 'manualAllowed', noAnswerMs: 20_000 } } });
    expect(transferOptions(open.h.engine.getSnapshot(), open.h.desk.config, open.h.engine.config, 'c1').external).toEqual({ available: true, manualEntry: true });
    expect(codeOf(open.h.engine.send({ type: 'transfer', callId: 'c1', target: manual }))).toBe('ok');
    expect(deskOutputs(open.h, 'transfer')).toEqual([{ type: 'desk', action: 'transfer', callId: 'c1', transferId: 'c1#1', target: manual }]);
    // Not an E.164 number, whatever the policy.
    const other = await onCallWithDirectory({ config: { transfer: { external: 'manualAllowed', noAnswerMs: 20_000 } } });
    expect(codeOf(other.h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'external', number: '020 7946 0000', source: 'manual' } }))).toBe('invalidNumber');
  });

  it('external transfers disabled: unavailable, and the dialog says so', async () => {
    const { h } = await onCallWithDirectory({ config: { transfer: { external: 'disabled', noAnswerMs: 20_000 } } });
    const target: TransferTarget = { kind: 'external', number: '+442079460000', source: 'contact' };
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target }))).toBe('transferUnavailable');
    expect(transferOptions(h.engine.getSnapshot(), h.desk.config, h.engine.config, 'c1').external).toEqual({
      available: false, manualEntry: false, reason: 'Transfers to external numbers are not enabled',
    });
    expect(deskOutputs(h, 'transfer')).toEqual([]);
  });

  it('no answer by the deadline: the transfer fails noAnswer, the ringing leg is cancelled, the call comes back', async () => {
    const { h } = await onCallWithDirectory();
    const startedAt = h.clock.now();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    await h.clock.tick(10);
    h.adapter.remote.transferRinging('c1');
    await h.clock.tick(19_989);
    expect(transferStatus(h.engine.getSnapshot(), 'c1').inFlight?.stage).toBe('ringing');
    await h.clock.tick(1);
    const state = h.engine.getSnapshot();
    expect(transferStatus(state, 'c1')).toEqual({ warning: { reason: 'noAnswer', at: startedAt + 20_000, target: bob } });
    expect(getCall(state, 'c1')?.phase).toBe('connected');
    expect(deskOutputs(h, 'cancelTransfer')).toEqual([{ type: 'desk', action: 'cancelTransfer', callId: 'c1', transferId: 'c1#1' }]);
    expect(h.adapter.log.at(-1)).toEqual({ name: 'cancelTransfer', callId: 'c1', at: startedAt + 20_000, args: ['c1#1'] });
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at: startedAt + 20_000, kind: 'transferFailed', callId: 'c1', detail: 'agent Bob: noAnswer' });
    expect(h.engine.pendingTimers()).toEqual([]);
  });

  it('hold and resume are refused while a transfer runs; so is a second transfer', async () => {
    const { h } = await onCallWithDirectory();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.hold('c1'))).toBe('transferInProgress');
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'queue', queue: 'billing' } }))).toBe('transferInProgress');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(logged(h)).not.toContain('hold');

    // The same from on hold: resume is refused.
    const other = await onCallWithDirectory();
    await held(other.h, 'c1');
    other.h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    expect(codeOf(other.h.engine.resume('c1'))).toBe('transferInProgress');
    expect(getCall(other.h.engine.getSnapshot(), 'c1')?.hold.status).toBe('on');
    expect(deskOutputs(other.h, 'transfer')).toHaveLength(1);
  });

  it('an outcome for an earlier attempt is stale, and a transfer never completes twice', async () => {
    const { h } = await onCallWithDirectory();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    await h.clock.tick(10);
    h.adapter.remote.transferFails('c1', 'rejected');
    h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'queue', queue: 'billing' } });
    await h.clock.tick(10);

    // The first attempt's target answers late: nothing changes.
    const before = h.engine.getSnapshot();
    h.adapter.remote.emitRaw({ type: 'transferCompleted', callId: 'c1', transferId: 'c1#1' });
    expect(h.engine.getSnapshot()).toBe(before);
    expect(getCall(before, 'c1')?.phase).toBe('connected');

    h.adapter.remote.transferAnswered('c1');
    const after = h.engine.getSnapshot();
    expect(after.history.filter((entry) => entry.id === 'c1')).toEqual([expect.objectContaining({ endReason: 'transferred' })]);
    // A repeated completion of the same attempt finds nothing to complete.
    h.adapter.remote.emitRaw({ type: 'transferCompleted', callId: 'c1', transferId: 'c1#2' });
    expect(h.engine.getSnapshot()).toBe(after);
    expect(notices(h, 'transferCompleted')).toHaveLength(1);
    expect(timelineOf(h, 'conv-c1').filter((event) => event.kind === 'transferred' || event.kind === 'wrapUpStarted')).toHaveLength(2);
  });

  it('where the connection does not record, a completed transfer has no recording to stop', async () => {
    const desk = createAgentDesk(deskConfig);
    const h: DeskHarness = { ...harness({ loopback: { capabilities: { recording: false, transferTargets: ['agent', 'queue', 'external'] } }, engine: { extension: desk } }), desk };
    h.engine.send({ type: 'setDuty', onDuty: true });
    h.engine.send({ type: 'directoryUpdated', agents: directory });
    await answeredOffer(h, 'c1');
    expect(deskCall(h.engine.getSnapshot(), 'c1')?.recording).toBeUndefined();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    await h.clock.tick(10);
    h.adapter.remote.transferAnswered('c1');
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'transferred' });
    expect(deskOutputs(h, 'stopRecording')).toEqual([]);
    expect(logged(h)).not.toContain('stopRecording');
    expect(timelineOf(h, 'conv-c1').map((event) => event.kind)).toEqual([
      'callOffered', 'callAnswered', 'transferStarted', 'transferred', 'callEnded', 'wrapUpStarted',
    ]);
  });

  it('the customer hanging up during a transfer also drops the target’s leg', async () => {
    const { h } = await onCallWithDirectory();
    h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'queue', queue: 'support' } });
    await h.clock.tick(10);
    h.adapter.remote.transferRinging('c1');
    await h.clock.tick(2_000);
    const at = h.clock.now();
    h.adapter.remote.hangUp('c1');
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'completed', endedBy: 'remote', endedAt: at });
    expect(h.adapter.log.at(-1)).toEqual({ name: 'cancelTransfer', callId: 'c1', at, args: ['c1#1'] });
    expect(h.engine.getSnapshot().desk?.wrapUp).toMatchObject({ callId: 'c1', after: 'ended' });
    expect(h.engine.pendingTimers()).toEqual([{ timer: 'wrapUp', callId: 'c1', at: at + 30_000 }]);
  });

  it('hanging up during a transfer ends the call for both parties, and wrap-up opens', async () => {
    const { h } = await onCallWithDirectory();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    await h.clock.tick(10);
    h.adapter.remote.transferRinging('c1');
    await h.clock.tick(3_000);
    const at = h.clock.now();
    h.engine.hangUp('c1');
    const state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'completed', endedBy: 'local' });
    expect(deskOutputs(h, 'cancelTransfer')).toEqual([{ type: 'desk', action: 'cancelTransfer', callId: 'c1', transferId: 'c1#1' }]);
    expect(h.adapter.log.slice(-2)).toEqual([
      { name: 'disconnect', callId: 'c1', at, args: ['completed'] },
      { name: 'cancelTransfer', callId: 'c1', at, args: ['c1#1'] },
    ]);
    expect(state.desk?.wrapUp).toMatchObject({ callId: 'c1', after: 'ended', openedAt: at });
    expect(h.engine.pendingTimers()).toEqual([{ timer: 'wrapUp', callId: 'c1', at: at + 30_000 }]);
    expect(notices(h, 'transferCompleted')).toEqual([]);
    expect(timelineOf(h, 'conv-c1').slice(-2).map((event) => [event.kind, event.detail])).toEqual([['callEnded', 'completed'], ['wrapUpStarted', undefined]]);
  });
});

// ---- 003 "Call wrap-up window" ---------------------------------------------

describe('003 — wrap-up', () => {
  async function endedCall(options: Parameters<typeof deskHarness>[0] = {}) {
    const h = deskHarness(options);
    await answeredOffer(h, 'c1');
    await h.clock.tick(30_000);
    const endedAt = h.clock.now();
    h.engine.hangUp('c1');
    return { h, endedAt };
  }

  it('is 30 s unless configured (003)', async () => {
    expect(createAgentDesk({ agent: { id: 'agent-ann' } }).config.wrapUp.durationMs).toBe(30_000);
    const { wrapUp: _configured, ...withoutWrapUp } = deskConfig;
    const desk = createAgentDesk(withoutWrapUp);
    const h = harness({ loopback: { capabilities: { recording: true } }, engine: { extension: desk } });
    h.engine.send({ type: 'setDuty', onDuty: true });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    h.engine.accept('c1');
    await h.clock.tick(10);
    h.engine.hangUp('c1');
    expect(h.engine.getSnapshot().desk?.wrapUp?.deadline).toBe(h.clock.now() + 30_000);
    await h.clock.tick(30_000);
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeUndefined();
  });

  it('opens on end with a 30 s countdown from an absolute deadline; the agent is in wrap-up', async () => {
    const { h, endedAt } = await endedCall();
    let state = h.engine.getSnapshot();
    expect(wrapUpView(state, h.desk.config, h.clock.now())).toEqual({
      callId: 'c1', conversationId: 'conv-c1', remainingMs: 30_000, notes: '', canAddTenSeconds: true, canAddMoreTime: false, canRate: true,
    });
    expect(agentAvailability(state)).toBe('wrapUp');
    expect(h.engine.pendingTimers()).toEqual([{ timer: 'wrapUp', callId: 'c1', at: endedAt + 30_000 }]);

    // The clock jumps (a sleeping laptop): the countdown reads from the deadline, not from ticks.
    h.clock.advanceBy(12_345);
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, h.clock.now())?.remainingMs).toBe(17_655);
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, endedAt + 30_000 - 1)?.remainingMs).toBe(1);
    // At 0 the window is over, as agentAvailability says, before its timer has run: no buttons that would be refused.
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, endedAt + 30_000)).toBeUndefined();
    expect(agentAvailability(h.engine.getSnapshot(), endedAt + 30_000)).toBe('available');

    expect(codeOf(h.engine.send({ type: 'extendWrapUp', by: 'tenSeconds' }))).toBe('ok');
    state = h.engine.getSnapshot();
    expect(state.desk?.wrapUp).toMatchObject({ deadline: endedAt + 40_000, extendedMs: 10_000 });
    expect(wrapUpView(state, h.desk.config, h.clock.now())?.remainingMs).toBe(27_655);
    expect(h.engine.pendingTimers()).toEqual([{ timer: 'wrapUp', callId: 'c1', at: endedAt + 40_000 }]);
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at: endedAt + 12_345, kind: 'wrapUpExtended', callId: 'c1', durationMs: 10_000 });

    // The old deadline passes without ending it.
    await h.clock.tick(17_655);
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeDefined();
    await h.clock.tick(10_000);
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeUndefined();
    expect(notices(h, 'wrapUpEnded')).toEqual([{ type: 'wrapUpEnded', callId: 'c1', conversationId: 'conv-c1', how: 'timedOut', notes: '', at: endedAt + 40_000 }]);
  });

  it('"more time" is refused where not enabled, and granted where it is', async () => {
    const strict = await endedCall();
    const before = strict.h.engine.getSnapshot();
    expect(codeOf(strict.h.engine.send({ type: 'extendWrapUp', by: 'moreTime' }))).toBe('notExtendable');
    expect(strict.h.engine.getSnapshot()).toBe(before);

    const generous = await endedCall({ config: { wrapUp: { durationMs: 30_000, allowTenSeconds: false, allowMoreTime: true, moreTimeMs: 120_000 } } });
    expect(codeOf(generous.h.engine.send({ type: 'extendWrapUp', by: 'tenSeconds' }))).toBe('notExtendable');
    expect(codeOf(generous.h.engine.send({ type: 'extendWrapUp', by: 'moreTime' }))).toBe('ok');
    expect(wrapUpView(generous.h.engine.getSnapshot(), generous.h.desk.config, generous.h.clock.now())).toMatchObject({
      remainingMs: 150_000, canAddTenSeconds: false, canAddMoreTime: true,
    });
  });

  it('notes and a 1–5 rating go out with the close; closing ends the conversation', async () => {
    const { h, endedAt } = await endedCall();
    expect(codeOf(h.engine.send({ type: 'setWrapUpNotes', notes: 'Refund approved; email the label.' }))).toBe('ok');
    for (const bad of [0, 6, 2.5]) expect(codeOf(h.engine.send({ type: 'rateCall', rating: bad }))).toBe('invalidInput');
    for (const edge of [1, 5]) expect(codeOf(h.engine.send({ type: 'rateCall', rating: edge }))).toBe('ok');
    expect(codeOf(h.engine.send({ type: 'rateCall', rating: 4 }))).toBe('ok');
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, h.clock.now())).toMatchObject({ notes: 'Refund approved; email the label.', rating: 4 });

    await h.clock.tick(8_000);
    expect(codeOf(h.engine.send({ type: 'closeWrapUp', conversation: 'close' }))).toBe('ok');
    const state = h.engine.getSnapshot();
    expect(state.desk?.wrapUp).toBeUndefined();
    expect(conversation(state, 'conv-c1')?.status).toBe('closed');
    expect(agentAvailability(state)).toBe('available');
    expect(h.engine.pendingTimers()).toEqual([]);
    const closedAt = endedAt + 8_000;
    expect(notices(h)).toEqual([
      { type: 'wrapUpEnded', callId: 'c1', conversationId: 'conv-c1', how: 'closed', notes: 'Refund approved; email the label.', rating: 4, at: closedAt },
      { type: 'conversationStatus', conversationId: 'conv-c1', status: 'closed', at: closedAt },
    ]);
    expect(timelineOf(h, 'conv-c1').slice(-3)).toEqual([
      { at: endedAt, kind: 'wrapUpStarted', callId: 'c1' },
      // The notes and the rating stay on the conversation, to be reviewed later (003).
      { at: closedAt, kind: 'wrapUpEnded', callId: 'c1', detail: 'closed', notes: 'Refund approved; email the label.', rating: 4 },
      { at: closedAt, kind: 'statusChanged', detail: 'closed' },
    ]);
    // The window is gone: nothing more to do to it.
    expect(codeOf(h.engine.send({ type: 'rateCall', rating: 5 }))).toBe('noWrapUp');
  });

  it('rating is refused where the region has none', async () => {
    const { h } = await endedCall({ config: { wrapUp: { durationMs: 30_000, rating: false } } });
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, h.clock.now())?.canRate).toBe(false);
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send({ type: 'rateCall', rating: 5 }))).toBe('forbidden');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('left open: the conversation stays open and a follow-up message from the customer routes to it', async () => {
    const { h } = await endedCall();
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).toBe('open');
    expect(notices(h, 'wrapUpEnded')).toMatchObject([{ how: 'leftOpen' }]);
    expect(notices(h, 'conversationStatus')).toEqual([]);

    await h.clock.tick(60_000);
    const at = h.clock.now();
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'sms', messageId: 'm-1' });
    const state = h.engine.getSnapshot();
    expect(state.desk?.conversations.map((known) => known.id)).toEqual(['conv-c1']);
    expect(conversation(state, 'conv-c1')?.pending).toBe(1);
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at, kind: 'message', detail: 'sms' });

    // So does a call back from them.
    await h.clock.tick(1_000);
    h.adapter.remote.offer({ callId: 'c2', remote: { number: CUSTOMER }, queue: 'support' });
    expect(deskCall(h.engine.getSnapshot(), 'c2')?.conversationId).toBe('conv-c1');
    expect(h.engine.getSnapshot().desk?.conversations).toHaveLength(1);
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at: at + 1_000, kind: 'callOffered', callId: 'c2', detail: 'support' });
  });

  it('timed out: completes on its own and resolves the conversation when nothing is pending', async () => {
    const { h, endedAt } = await endedCall();
    h.engine.send({ type: 'setWrapUpNotes', notes: 'Sorted.' });
    await h.clock.tick(29_999);
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeDefined();
    await h.clock.tick(1);
    const state = h.engine.getSnapshot();
    expect(state.desk?.wrapUp).toBeUndefined();
    expect(conversation(state, 'conv-c1')?.status).toBe('resolved');
    expect(agentAvailability(state)).toBe('available');
    expect(notices(h)).toEqual([
      { type: 'wrapUpEnded', callId: 'c1', conversationId: 'conv-c1', how: 'timedOut', notes: 'Sorted.', at: endedAt + 30_000 },
      { type: 'conversationStatus', conversationId: 'conv-c1', status: 'resolved', at: endedAt + 30_000 },
    ]);
  });

  it('timed out with a message waiting: the conversation stays open', async () => {
    const { h, endedAt } = await endedCall();
    await h.clock.tick(5_000);
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'chat', messageId: 'm-1' });
    await h.clock.tick(25_000);
    const state = h.engine.getSnapshot();
    expect(state.desk?.wrapUp).toBeUndefined();
    expect(conversation(state, 'conv-c1')).toMatchObject({ status: 'open', pending: 1 });
    expect(notices(h, 'wrapUpEnded')).toMatchObject([{ how: 'timedOut', at: endedAt + 30_000 }]);
    expect(notices(h, 'conversationStatus')).toEqual([]);
  });

  it("the agent's own wrap-up length overrides the system's", async () => {
    const { h, endedAt } = await endedCall({ config: { wrapUp: { durationMs: 30_000, agentDurationMs: 45_000 } } });
    expect(h.engine.getSnapshot().desk?.wrapUp?.deadline).toBe(endedAt + 45_000);
    expect(wrapUpView(h.engine.getSnapshot(), h.desk.config, h.clock.now())?.remainingMs).toBe(45_000);
    await h.clock.tick(30_000);
    expect(agentAvailability(h.engine.getSnapshot())).toBe('wrapUp');
    await h.clock.tick(15_000);
    expect(agentAvailability(h.engine.getSnapshot())).toBe('available');
  });
});

// ---- 003 "Write messages during a call" ------------------------------------

describe('003 — messages during a call', () => {
  it("the customer on the call writes: the message joins the call's conversation", async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const at = h.clock.now();
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'chat', messageId: 'm-1' });
    const state = h.engine.getSnapshot();
    expect(state.desk?.conversations.map((known) => known.id)).toEqual(['conv-c1']);
    expect(conversation(state, 'conv-c1')?.pending).toBe(1);
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at, kind: 'message', callId: 'c1', detail: 'chat' });
  });

  it('another customer writes: a new conversation, unassigned, and the call is untouched', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const at = h.clock.now();
    h.engine.send({ type: 'messageReceived', customer: { number: OTHER_CUSTOMER, name: 'Ola' }, channel: 'email', messageId: 'm-2' });
    const state = h.engine.getSnapshot();
    expect(conversation(state, 'conv-m-2')).toEqual({
      id: 'conv-m-2', customer: { number: OTHER_CUSTOMER, name: 'Ola' }, assignee: null, status: 'open', tags: [], pending: 1,
      timeline: [{ at, kind: 'message', detail: 'email' }],
    });
    expect(conversation(state, 'conv-c1')?.pending).toBe(0);
    expect(getCall(state, 'c1')?.phase).toBe('connected');
  });
});

// ---- 003 "Call recordings" -------------------------------------------------

describe('003 — recordings', () => {
  it('a recording of my call is listed for me; deleting it is forbidden and changes nothing', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    await h.clock.tick(42_000);
    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    await h.clock.tick(90_000);
    const at = h.clock.now();
    expect(codeOf(h.engine.send({ type: 'recordingAvailable', callId: 'c1', recordingId: 'rec-1', media: 'audio', durationMs: 42_000, url: 'https://rec.example/rec-1.ogg' }))).toBe('ok');
    const recording = { id: 'rec-1', callId: 'c1', conversationId: 'conv-c1', agentId: 'agent-ann', media: 'audio', durationMs: 42_000, url: 'https://rec.example/rec-1.ogg', at };
    expect(myRecordings(h.engine.getSnapshot())).toEqual([recording]);
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at, kind: 'recordingAvailable', callId: 'c1', durationMs: 42_000 });

    const before = h.engine.getSnapshot();
    const result = h.engine.send({ type: 'deleteRecording', recordingId: 'rec-1' });
    expect(codeOf(result)).toBe('forbidden');
    expect(!result.ok && result.error.remedy).toMatch(/administrator/);
    expect(h.engine.getSnapshot()).toBe(before);
    expect(myRecordings(h.engine.getSnapshot())).toEqual([recording]);
  });

  it('a recording of a call that rang here but was never answered is refused: it was never this agent\'s call', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    const recording = { type: 'recordingAvailable', callId: 'c1', recordingId: 'rec-1', media: 'audio', durationMs: 1_000, url: 'https://rec.example/1' } as const;
    expect(codeOf(h.engine.send(recording))).toBe('unknownCall');
    h.engine.decline('c1');
    expect(codeOf(h.engine.send(recording))).toBe('unknownCall');
    expect(myRecordings(h.engine.getSnapshot())).toEqual([]);
  });

  it('a recording of a call never handled here is refused', () => {
    const h = deskHarness();
    expect(codeOf(h.engine.send({ type: 'recordingAvailable', callId: 'nope', recordingId: 'rec-9', media: 'audio', durationMs: 1_000, url: 'https://rec.example/9' }))).toBe('unknownCall');
    expect(myRecordings(h.engine.getSnapshot())).toEqual([]);
  });
});

// ---- rehydration -----------------------------------------------------------

describe('a reload', () => {
  it('during a transfer re-arms its no-answer deadline: the transfer still fails on time and the call comes back', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: directory });
    await answeredOffer(h, 'c1');
    const startedAt = h.clock.now();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    await h.clock.tick(5_000);
    const snapshot = JSON.parse(JSON.stringify(h.engine.getSnapshot()));

    const clock = createVirtualClock(startedAt + 5_000);
    const desk = createAgentDesk(deskConfig);
    const reloaded: DeskHarness = {
      ...harness({ clock, loopback: { capabilities: { recording: true, transferTargets: ['agent', 'queue', 'external'] } }, engine: { extension: desk, initialState: snapshot } }),
      desk,
    };
    expect(reloaded.engine.pendingTimers()).toEqual([{ timer: 'transfer', callId: 'c1', at: startedAt + 20_000 }]);
    await clock.tick(15_000);
    expect(transferStatus(reloaded.engine.getSnapshot(), 'c1')).toEqual({ warning: { reason: 'noAnswer', at: startedAt + 20_000, target: bob } });
    expect(reloaded.adapter.log).toEqual([{ name: 'cancelTransfer', callId: 'c1', at: startedAt + 20_000, args: ['c1#1'] }]);
  });

  it('during wrap-up re-arms the wrap-up deadline from the snapshot, and it completes on time', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.engine.hangUp('c1');
    const endedAt = h.clock.now();
    await h.clock.tick(12_000);
    h.engine.send({ type: 'setWrapUpNotes', notes: 'Called about the invoice.' });
    // What a page keeps in storage is JSON.
    const snapshot = JSON.parse(JSON.stringify(h.engine.getSnapshot()));
    h.engine.dispose();

    const clock = createVirtualClock(endedAt + 12_000);
    const reloaded = harness({
      clock,
      loopback: { capabilities: { recording: true, transferTargets: ['agent', 'queue', 'external'] } },
      engine: { extension: createAgentDesk(deskConfig), initialState: snapshot },
    });
    expect(reloaded.engine.pendingTimers()).toEqual([{ timer: 'wrapUp', callId: 'c1', at: endedAt + 30_000 }]);
    expect(agentAvailability(reloaded.engine.getSnapshot())).toBe('wrapUp');
    expect(wrapUpView(reloaded.engine.getSnapshot(), createAgentDesk(deskConfig).config, clock.now())?.remainingMs).toBe(18_000);

    await clock.tick(17_999);
    expect(reloaded.engine.getSnapshot().desk?.wrapUp).toBeDefined();
    await clock.tick(1);
    const state = reloaded.engine.getSnapshot();
    expect(state.desk?.wrapUp).toBeUndefined();
    expect(conversation(state, 'conv-c1')?.status).toBe('resolved');
    const ended = reloaded.outputs.flatMap((output) => (output.type === 'desk' && output.action === 'notify' ? [output.notice] : []));
    expect(ended[0]).toEqual({ type: 'wrapUpEnded', callId: 'c1', conversationId: 'conv-c1', how: 'timedOut', notes: 'Called about the invoice.', at: endedAt + 30_000 });
    expect(reloaded.engine.pendingTimers()).toEqual([]);
  });
});

// ---- Edges found while reviewing -------------------------------------------

describe('offers and conversations at the edges', () => {
  it('going off duty or away while an offer rings: it ends as missed and the routing side hears why; a live call goes on', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    expect(h.engine.send({ type: 'setDuty', onDuty: false })).toEqual({ ok: true });
    const state = h.engine.getSnapshot();
    expect(state.calls).toEqual([]);
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'missed', endedBy: 'system' });
    expect(h.tone()).toBeUndefined();
    expect(notices(h, 'offerRefused')).toEqual([{ type: 'offerRefused', callId: 'c1', reason: 'offDuty', at: h.clock.now() }]);
    expect(state.desk?.wrapUp).toBeUndefined();

    const g = deskHarness();
    await answeredOffer(g, 'c2');
    g.engine.send({ type: 'setPresence', presence: 'away' });
    expect(getCall(g.engine.getSnapshot(), 'c2')?.phase).toBe('connected');
  });

  it('an outbound call logs its answer on the timeline', async () => {
    const h = deskHarness();
    expect(h.engine.send(outbound())).toEqual({ ok: true });
    await h.clock.tick(10);
    h.adapter.remote.answer('out-1');
    await h.clock.tick(10);
    expect(timelineOf(h, 'conv-out-1').map((event) => event.kind)).toEqual(['callPlaced', 'callAnswered']);
  });

  it('a refused offer for a known conversation is logged there', () => {
    const h = deskHarness({ onDuty: false });
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-9', null)] } as EngineInput);
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support', conversationId: 'conv-9' });
    expect(timelineOf(h, 'conv-9')).toEqual([{ at: h.clock.now(), kind: 'offerRefused', callId: 'c1', detail: 'offDuty' }]);
  });

  it('an offer reusing the id of an ended call is refused, not held and lost', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    h.engine.decline('c1');
    await h.clock.tick(10);
    await answeredOffer(h, 'c2');
    const result = h.engine.send({ type: 'offer', callId: 'c1', remote: { number: CUSTOMER }, media: 'audio', queue: 'support' });
    expect(codeOf(result)).toBe('invalidInput');
    expect(h.engine.getSnapshot().desk?.queuedOffers).toEqual([]);
  });

  it('messages answered after a wrap-up that timed out with them waiting: now nothing is pending, and the conversation resolves', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'chat', messageId: 'm1' });
    h.engine.hangUp('c1');
    await h.clock.tick(30_010);
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).toBe('open');
    const at = h.clock.now();
    expect(h.engine.send({ type: 'messagesHandled', conversationId: 'conv-c1' })).toEqual({ ok: true });
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')).toMatchObject({ status: 'resolved', pending: 0 });
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at, kind: 'statusChanged', detail: 'resolved' });
    expect(notices(h, 'conversationStatus').at(-1)).toEqual({ type: 'conversationStatus', conversationId: 'conv-c1', status: 'resolved', at });
  });

  it('messages answered in a conversation the agent left open: it stays open', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'chat', messageId: 'm1' });
    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    h.engine.send({ type: 'messagesHandled', conversationId: 'conv-c1' });
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).toBe('open');
  });

  it('messagesHandled clears what was pending, so the conversation resolves when wrap-up times out', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'chat', messageId: 'm1' });
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.pending).toBe(1);
    expect(h.engine.send({ type: 'messagesHandled', conversationId: 'conv-c1' })).toEqual({ ok: true });
    h.engine.hangUp('c1');
    await h.clock.tick(30_010);
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).toBe('resolved');
    expect(codeOf(h.engine.send({ type: 'messagesHandled', conversationId: 'nope' }))).toBe('unknownConversation');
  });

  it('002: the agent marks a conversation left open resolved by hand; not during its call or wrap-up, and not another agent\'s', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const resolve = (conversationId: string) => codeOf(h.engine.send({ type: 'resolveConversation', conversationId }));
    const before = h.engine.getSnapshot();
    expect(resolve('conv-c1')).toBe('invalidState');
    h.engine.hangUp('c1');
    expect(resolve('conv-c1')).toBe('invalidState'); // the wrap-up decides while it is open
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeDefined();
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    const at = h.clock.now();
    expect(resolve('conv-c1')).toBe('ok');
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).toBe('resolved');
    expect(timelineOf(h, 'conv-c1').at(-1)).toEqual({ at, kind: 'statusChanged', detail: 'resolved' });
    expect(notices(h, 'conversationStatus').at(-1)).toEqual({ type: 'conversationStatus', conversationId: 'conv-c1', status: 'resolved', at });
    // Again: nothing more happens.
    expect(resolve('conv-c1')).toBe('ok');
    expect(notices(h, 'conversationStatus')).toHaveLength(1);
    expect(resolve('nope')).toBe('unknownConversation');
    h.engine.send({ type: 'conversationsLoaded', conversations: [{ id: 'conv-bob', customer: { number: '+14155550177' }, assignee: 'agent-bob', status: 'open', tags: [], pending: 0, timeline: [] }] });
    expect(resolve('conv-bob')).toBe('notConversationOwner');
    expect(before.desk?.conversations.find((known) => known.id === 'conv-c1')?.status).toBe('open');
  });
});

describe('a tab that slept past a call\'s deadline', () => {
  it('a call whose media never came is over at its connect deadline, even before its timer ran: the next offer finds the agent in wrap-up, not busy', async () => {
    const h = deskHarness();
    h.adapter.setLatency('connect', 120_000);
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    h.engine.accept('c1');
    // The tab sleeps past the connect deadline: its timer has not run when the next offer comes.
    h.clock.jump(40_000);
    h.adapter.remote.offer({ callId: 'c2', remote: { number: OTHER_CUSTOMER }, queue: 'support' });
    const state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'failed' });
    expect(state.calls).toEqual([]);
    // 003: a call that ended opens wrap-up, answered or not; the agent is unavailable during it.
    expect(state.desk?.wrapUp?.callId).toBe('c1');
    expect(notices(h, 'offerRefused')).toEqual([{ type: 'offerRefused', callId: 'c2', reason: 'inWrapUp', at: h.clock.now() }]);
  });

  it('a call that dropped and gave up reconnecting while the tab slept ended then: its wrap-up counted from then, and the next offer rings', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.adapter.remote.dropNetwork('c1');
    h.clock.jump(65_000);
    h.adapter.remote.offer({ callId: 'c2', remote: { number: OTHER_CUSTOMER }, queue: 'support' });
    const state = h.engine.getSnapshot();
    const ended = state.history.find((entry) => entry.id === 'c1')!;
    expect(ended).toMatchObject({ endReason: 'dropped' });
    expect(timelineOf(h, 'conv-c1').filter((event) => event.kind === 'callEnded' || event.kind === 'wrapUpStarted').map((event) => event.at)).toEqual([ended.endedAt, ended.endedAt]);
    expect(getCall(state, 'c2')?.phase).toBe('ringing');
  });

  it('a transfer no one answered before the tab woke has failed: the call is back and Hold works at once', async () => {
    const { h } = await onCallWithDirectory();
    const startedAt = h.clock.now();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    h.clock.jump(25_000);
    expect(codeOf(h.engine.hold('c1'))).toBe('ok');
    expect(transferStatus(h.engine.getSnapshot(), 'c1').warning).toEqual({ reason: 'noAnswer', at: startedAt + 20_000, target: bob });
  });

  it('a transfer outcome that finds the call already over at its give-up deadline changes nothing more: no hold audio, no failure notice', async () => {
    const { h, audioBefore } = await heldTransferThenDrop();
    h.clock.jump(40_000);
    h.adapter.remote.transferFails('c1', 'busy');
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'dropped' });
    expect(notices(h, 'transferFailed')).toEqual([]);
    expect(deskOutputs(h, 'holdAudio')).toHaveLength(audioBefore);
    // The target's leg goes with the call, as for a hang-up during a transfer.
    expect(deskOutputs(h, 'cancelTransfer')).toEqual([{ type: 'desk', action: 'cancelTransfer', callId: 'c1', transferId: 'c1#1' }]);
  });

  it.each(['cancelTransfer', 'resume'] as const)('a %s click on a call already over at its give-up deadline is refused, and the call ends as the deadline decided', async (click) => {
    const { h, audioBefore } = await heldTransferThenDrop();
    h.clock.jump(40_000);
    const result = click === 'cancelTransfer' ? h.engine.send({ type: 'cancelTransfer', callId: 'c1' }) : h.engine.resume('c1');
    expect(result.ok).toBe(false);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'dropped' });
    expect(notices(h, 'transferFailed')).toEqual([]);
    expect(deskOutputs(h, 'holdAudio')).toHaveLength(audioBefore);
  });

  it('an offer whose ring deadline passed while the tab slept stops ringing when the agent next does anything, and the call out goes', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    expect(toneStarts(h)).toBe(1);
    h.clock.jump(31_000);
    expect(codeOf(h.engine.send(outbound({ to: { number: OTHER_CUSTOMER } })))).toBe('ok');
    const state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'missed' });
    expect(getCall(state, 'out-1')?.phase).toBe('calling');
    const tones = h.outputs.filter((output) => output.type === 'tone').map((output) => (output.type === 'tone' && output.action === 'start' ? output.tone : 'stop'));
    expect(tones).toEqual(['ringtone', 'stop', 'ringback']);
  });

});

describe("another agent's conversation", () => {
  it('an offer for a customer whose open conversation is another agent\'s gets a conversation of its own; that one stays theirs', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-bob', 'agent-bob')] });
    await answeredOffer(h, 'c1');
    expect(deskCall(h.engine.getSnapshot(), 'c1')?.conversationId).toBe('conv-c1');
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.assignee).toBe('agent-ann');
    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(conversation(h.engine.getSnapshot(), 'conv-bob')).toMatchObject({ assignee: 'agent-bob', status: 'open', timeline: [] });
  });

  it('a call the routing side brings into a closed conversation opens it again once answered', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-old', 'agent-ann', 'closed')] });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support', conversationId: 'conv-old' });
    expect(conversation(h.engine.getSnapshot(), 'conv-old')?.status).toBe('closed');
    h.engine.accept('c1');
    expect(conversation(h.engine.getSnapshot(), 'conv-old')).toMatchObject({ status: 'open', assignee: 'agent-ann' });
  });

  it('a call the routing side brings in with its conversation (a transfer) makes that conversation mine once answered', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-bob', 'agent-bob')] });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support', conversationId: 'conv-bob' });
    expect(conversation(h.engine.getSnapshot(), 'conv-bob')?.assignee).toBe('agent-bob');
    h.engine.accept('c1');
    expect(conversation(h.engine.getSnapshot(), 'conv-bob')?.assignee).toBe('agent-ann');
  });
});

describe('bad input to the desk gets a typed error and changes nothing', () => {
  it('an offer has the same one-day bound on its ring timeout as any incoming call', () => {
    const h = deskHarness();
    expect(codeOf(h.engine.send({ type: 'offer', callId: 'o1', remote: {}, media: 'audio', queue: 'support', ringTimeoutMs: 2 * 3_600_000 } as never))).toBe('ok');
    h.engine.decline('o1');
    expect(codeOf(h.engine.send({ type: 'offer', callId: 'o2', remote: {}, media: 'audio', queue: 'support', ringTimeoutMs: 24 * 3_600_000 + 1 } as never))).toBe('invalidAdapterEvent');
  });

  it.each([
    ['a form that is not text', { form: { name: 'x' } }],
    ['tags that are not a list', { tags: 'vip' }],
    ['an unknown priority', { priority: 'asap' }],
    ['an unknown status', { status: 'pending' }],
  ])('startOutbound with %s', (_, changes) => {
    const h = deskHarness();
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send(outbound(changes)))).toBe('invalidInput');
    expect(h.engine.getSnapshot()).toBe(before);
  });
});

// ---- 003 "call controls are dynamic" -----------------------------------------

describe('003 — call controls', () => {
  const visible = (controls: CallControls | undefined) => Object.entries(controls ?? {}).filter(([, c]) => c.visible).map(([name]) => name);
  const controlsOf = (h: DeskHarness) => agentCallControls(h.engine.getSnapshot(), h.engine.config, 'c1');

  it('a ringing offer shows accept and decline only; a connected call shows the rest the adapter can do, Transfer included', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: directory });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    expect(visible(controlsOf(h))).toEqual(['accept', 'decline']);
    await h.clock.tick(10);
    h.engine.accept('c1');
    await h.clock.tick(10);
    expect(visible(controlsOf(h))).toEqual(['hangUp', 'mute', 'camera', 'screenShare', 'hold', 'dialPad', 'settings', 'transfer']);
    expect(controlsOf(h)?.transfer).toEqual({ visible: true, enabled: true, active: false });
  });

  it('hold is not pressable while the network decides it, shows active once on hold, and is pinned while a transfer runs', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: directory });
    await answeredOffer(h);
    h.engine.hold('c1');
    expect(controlsOf(h)?.hold).toEqual({ visible: true, enabled: false, active: false });
    await h.clock.tick(10);
    expect(controlsOf(h)?.hold).toEqual({ visible: true, enabled: true, active: true });
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: bob }))).toBe('ok');
    expect(controlsOf(h)?.hold.enabled).toBe(false);
    expect(controlsOf(h)?.transfer).toEqual({ visible: true, enabled: false, active: true });
  });

  it('a camera starting cannot be pressed again until the browser answers', async () => {
    const h = deskHarness();
    await answeredOffer(h);
    h.engine.setCamera('c1', true);
    expect(controlsOf(h)?.camera).toEqual({ visible: true, enabled: false, active: false });
    await h.clock.tick(10);
    expect(controlsOf(h)?.camera).toEqual({ visible: true, enabled: true, active: true });
  });
});

// ---- the rules hold on every path -------------------------------------------

describe('003 — the rules hold on every path', () => {
  it('a follow-up or ring back that would reopen a finished conversation follows the pre-existing-conversation rule', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    // Meanwhile another agent has an open conversation with the same customer.
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-bob', 'agent-bob')] });
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send({ type: 'ringBack', callId: 'rb-1', historyCallId: 'c1', from: FROM }))).toBe('conversationAssigned');
    expect(codeOf(h.engine.send({ type: 'followUpCall', callId: 'fu-1', conversationId: 'conv-c1', from: FROM }))).toBe('conversationAssigned');
    expect(h.engine.getSnapshot()).toBe(before);

    // With an open conversation of mine instead, the follow-up goes into that one.
    h.engine.send({ type: 'conversationsLoaded', conversations: [loadedConversation('conv-bob', 'agent-ann')] });
    expect(codeOf(h.engine.send({ type: 'ringBack', callId: 'rb-2', historyCallId: 'c1', from: FROM }))).toBe('ok');
    expect(deskCall(h.engine.getSnapshot(), 'rb-2')?.conversationId).toBe('conv-bob');
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).toBe('closed');
  });

  it("a follow-up in a queue the agent is not a member of is refused", () => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [{ ...loadedConversation('conv-b', null), queue: 'billing' }] });
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send({ type: 'followUpCall', callId: 'fu-1', conversationId: 'conv-b', from: FROM }))).toBe('notInQueue');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it("a chat or email naming the caller by People id joins the live call's conversation", async () => {
    const h = deskHarness({ lookupContact: async () => ({ id: 'p-42', name: 'Jo', number: CUSTOMER }) });
    await answeredOffer(h, 'c1');
    h.engine.send({ type: 'messageReceived', customer: { id: 'p-42', name: 'Jo' }, channel: 'email', messageId: 'm-1' });
    const state = h.engine.getSnapshot();
    expect(state.desk?.conversations.map((known) => known.id)).toEqual(['conv-c1']);
    expect(timelineOf(h, 'conv-c1').at(-1)).toMatchObject({ kind: 'message', detail: 'email', callId: 'c1' });
  });

  it("a recording of another agent's call is refused, even when a loaded conversation names that call", () => {
    const h = deskHarness();
    h.engine.send({ type: 'conversationsLoaded', conversations: [{ ...loadedConversation('conv-bob', 'agent-bob'), timeline: [{ at: 1, kind: 'callAnswered', callId: 'bob-call' }] }] });
    const before = h.engine.getSnapshot();
    const result = h.engine.send({ type: 'recordingAvailable', callId: 'bob-call', recordingId: 'rec-b', media: 'audio', durationMs: 1_000, url: 'https://rec.example/b' });
    expect(codeOf(result)).toBe('unknownCall');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(myRecordings(h.engine.getSnapshot())).toEqual([]);
  });

  it('the network reporting the call transferred completes the transfer: logged with the target, recording stopped, timer gone', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: directory });
    await answeredOffer(h, 'c1');
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: bob }))).toBe('ok');
    await h.clock.tick(10);
    h.adapter.remote.hangUp('c1', 'transferred');
    const state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'transferred' });
    expect(timelineOf(h, 'conv-c1').map((event) => event.kind)).toContain('transferred');
    expect(deskOutputs(h, 'stopRecording')).toEqual([{ type: 'desk', action: 'stopRecording', callId: 'c1' }]);
    expect(notices(h, 'transferCompleted')).toHaveLength(1);
    expect(h.engine.pendingTimers().map((timer) => timer.timer)).toEqual(['wrapUp']);
  });

  it('contacts only: a number marked as a contact without its People id is refused like a typed one', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const before = h.engine.getSnapshot();
    const target: TransferTarget = { kind: 'external', number: '+19999999999', source: 'contact' };
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target }))).toBe('notInPhonebook');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('a +10 s click after the wrap-up deadline, before the late timer, finds wrap-up timed out at its deadline', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const endedAt = h.clock.now();
    h.engine.hangUp('c1');
    // A throttled tab: the click is stamped 5 s past the deadline and the timer has not run.
    const open = h.engine.getSnapshot();
    const late = reduceWithDesk(open, { type: 'extendWrapUp', by: 'tenSeconds', at: endedAt + 35_000 }, h.engine.config, h.desk.config);
    expect(late.rejected).toMatchObject({ code: 'wrapUpExpired', callId: 'c1' });
    // At the deadline itself the window is already over, as the views show it.
    expect(reduceWithDesk(open, { type: 'extendWrapUp', by: 'tenSeconds', at: endedAt + 30_000 }, h.engine.config, h.desk.config).rejected?.code).toBe('wrapUpExpired');
    expect(reduceWithDesk(open, { type: 'extendWrapUp', by: 'tenSeconds', at: endedAt + 29_999 }, h.engine.config, h.desk.config).rejected).toBeUndefined();
    expect(late.state.desk?.wrapUp).toBeUndefined();
    expect(late.effects).toContainEqual({ type: 'desk', action: 'notify', notice: expect.objectContaining({ type: 'wrapUpEnded', how: 'timedOut', at: endedAt + 30_000 }) });
    expect(agentAvailability(late.state)).not.toBe('wrapUp');
  });
});

describe('003 — what the views show is what the engine does', () => {
  it('a manual callback cannot be started while an offer rings: refused as busy, and the offer keeps ringing', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'callbackRequested', callbackId: 'cb-1', customer: { name: 'Jane Roe', number: OTHER_CUSTOMER }, mode: 'manual', queue: 'support' } as EngineInput);
    expect(codeOf(h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' }))).toBe('ok');
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support' });
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM }))).toBe('busy');
    expect(h.engine.getSnapshot()).toBe(before);
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('ringing');
  });

  it('duty off during a call: the agent still shows on the call, then in wrap-up, then off duty', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    h.engine.send({ type: 'setDuty', onDuty: false });
    expect(agentAvailability(h.engine.getSnapshot())).toBe('onCall');
    h.engine.hangUp('c1');
    expect(agentAvailability(h.engine.getSnapshot())).toBe('wrapUp');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(agentAvailability(h.engine.getSnapshot())).toBe('offDuty');
  });

  it('a wrap-up whose countdown ran out, its timer not run yet, no longer blocks: the offer rings and wrap-up times out at its deadline', async () => {
    const h = deskHarness();
    await answeredOffer(h, 'c1');
    const endedAt = h.clock.now();
    h.engine.hangUp('c1');
    const open = h.engine.getSnapshot();
    expect(agentAvailability(open, endedAt + 29_999)).toBe('wrapUp');
    expect(agentAvailability(open, endedAt + 30_000)).toBe('available');
    const offer = { type: 'offer', callId: 'c2', remote: { number: OTHER_CUSTOMER }, media: 'audio', queue: 'support', at: endedAt + 35_000 } as const;
    const late = reduceWithDesk(open, offer as never, h.engine.config, h.desk.config);
    expect(late.rejected).toBeUndefined();
    expect(getCall(late.state, 'c2')?.phase).toBe('ringing');
    // The same at the deadline itself; a moment before it, the agent is still in wrap-up.
    expect(getCall(reduceWithDesk(open, { ...offer, at: endedAt + 30_000 } as never, h.engine.config, h.desk.config).state, 'c2')?.phase).toBe('ringing');
    expect(getCall(reduceWithDesk(open, { ...offer, at: endedAt + 29_999 } as never, h.engine.config, h.desk.config).state, 'c2')).toBeUndefined();
    expect(late.state.desk?.wrapUp).toBeUndefined();
    expect(late.effects).toContainEqual({ type: 'desk', action: 'notify', notice: expect.objectContaining({ type: 'wrapUpEnded', how: 'timedOut', at: endedAt + 30_000 }) });
  });
});

describe('003 — a regular phone call shows no video options', () => {
  it('a call made over the phone network hides camera and screen share, and turning them on is refused', async () => {
    const h = deskHarness();
    expect(codeOf(h.engine.send({ type: 'startOutbound', callId: 'out-1', from: FROM, to: { number: CUSTOMER }, queue: 'support', channel: 'phone' } as EngineInput))).toBe('ok');
    await h.clock.tick(10);
    h.adapter.remote.answer('out-1');
    await h.clock.tick(10);
    const controls = agentCallControls(h.engine.getSnapshot(), h.engine.config, 'out-1')!;
    expect(controls.camera).toEqual({ visible: false, enabled: false, active: false });
    expect(controls.screenShare).toEqual({ visible: false, enabled: false, active: false });
    const before = h.engine.getSnapshot();
    expect(codeOf(h.engine.setCamera('out-1', true))).toBe('unsupported');
    expect(codeOf(h.engine.startScreenShare('out-1'))).toBe('unsupported');
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('an offer from the phone network is a phone call; a web visitor keeps the video options', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'p1', remote: { number: CUSTOMER }, queue: 'support', channel: 'phone' } as never);
    expect(deskCall(h.engine.getSnapshot(), 'p1')?.channel).toBe('phone');
    h.engine.decline('p1');
    await answeredOffer(h, 'w1', 'support', OTHER_CUSTOMER);
    expect(agentCallControls(h.engine.getSnapshot(), h.engine.config, 'w1')?.camera.visible).toBe(true);
  });
});

describe('003 — queues, lookups and transfers on every path', () => {
  it('leaving a queue stops its ringing offer, which goes elsewhere', () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 's1', remote: { number: CUSTOMER }, queue: 'sales' });
    expect(getCall(h.engine.getSnapshot(), 's1')?.phase).toBe('ringing');
    h.engine.send({ type: 'setQueues', queues: ['support'] });
    const state = h.engine.getSnapshot();
    expect(getCall(state, 's1')).toBeUndefined();
    expect(state.history[0]).toMatchObject({ id: 's1', endReason: 'missed' });
    expect(notices(h, 'offerRefused')).toEqual([expect.objectContaining({ callId: 's1', reason: 'notInQueue' })]);
    expect(codeOf(h.engine.accept('s1'))).toBe('unknownCall');
  });

  it('a lookup result keeps only text fields and never wipes what the offer carried', async () => {
    const h = deskHarness({ lookupContact: async () => ({ id: 'p1', name: undefined, phones: [1, 2], hook: () => 1 }) as never });
    h.adapter.remote.offer({ callId: 'c1', remote: { name: 'Alice (from AI)', number: CUSTOMER }, queue: 'support' });
    await h.clock.tick(10);
    expect(deskCall(h.engine.getSnapshot(), 'c1')?.contact).toEqual({ id: 'p1', name: 'Alice (from AI)', number: CUSTOMER });
    expect(JSON.parse(JSON.stringify(h.engine.getSnapshot().desk))).toEqual(h.engine.getSnapshot().desk);
  });

  it('a call with no queue is transferred only to an agent who shares one of my queues', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: [...directory, { id: 'agent-zed', name: 'Zed', queues: ['billing'], presence: 'available' }] });
    await answeredOffer(h, 'c1', null);
    const zed: TransferTarget = { kind: 'agent', agentId: 'agent-zed' };
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: zed }))).toBe('transferUnavailable');
    const options = transferOptions(h.engine.getSnapshot(), h.desk.config, h.engine.config, 'c1');
    expect(options.agents.map((option) => option.target.id)).not.toContain('agent-zed');
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: bob }))).toBe('ok');
  });
});

describe('what the views offer is what the engine accepts', () => {
  it('transfer options say which kinds the connection cannot carry', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: directory });
    await answeredOffer(h, 'c1');
    const only = (kinds: ('agent' | 'queue' | 'external')[]) =>
      transferOptions(h.engine.getSnapshot(), h.desk.config, { ...h.engine.config, capabilities: { ...h.engine.config.capabilities, transferTargets: kinds } }, 'c1');
    const agentsOnly = only(['agent']);
    expect(agentsOnly.queues.every((option) => !option.available && option.reason === 'This connection cannot transfer to queues')).toBe(true);
    expect(agentsOnly.queues.length).toBeGreaterThan(0);
    expect(agentsOnly.external).toMatchObject({ available: false, reason: 'This connection cannot transfer to phone numbers' });
    const queuesOnly = only(['queue']);
    expect(queuesOnly.agents.length).toBeGreaterThan(0);
    expect(queuesOnly.agents.every((option) => !option.available && option.reason === 'This connection cannot transfer to agents')).toBe(true);
  });

  it('Transfer is not pressable while a hold or resume is on its way, as the transfer itself is refused then', async () => {
    const h = deskHarness();
    h.engine.send({ type: 'directoryUpdated', agents: directory });
    await answeredOffer(h, 'c1');
    h.engine.hold('c1');
    expect(agentCallControls(h.engine.getSnapshot(), h.engine.config, 'c1')?.transfer.enabled).toBe(false);
    expect(codeOf(h.engine.send({ type: 'transfer', callId: 'c1', target: bob }))).toBe('invalidState');
    await h.clock.tick(10);
    expect(agentCallControls(h.engine.getSnapshot(), h.engine.config, 'c1')?.transfer.enabled).toBe(true);
    h.engine.resume('c1');
    expect(agentCallControls(h.engine.getSnapshot(), h.engine.config, 'c1')?.transfer.enabled).toBe(false);
  });

  it('the agent shows on a call while dialling and while reconnecting, not only once connected', async () => {
    const h = deskHarness();
    expect(codeOf(h.engine.send({ type: 'startOutbound', callId: 'out-1', from: FROM, to: { number: CUSTOMER }, queue: 'support' } as EngineInput))).toBe('ok');
    expect(getCall(h.engine.getSnapshot(), 'out-1')?.phase).toBe('calling');
    expect(agentAvailability(h.engine.getSnapshot())).toBe('onCall');
    await h.clock.tick(10);
    h.adapter.remote.answer('out-1');
    await h.clock.tick(10);
    h.adapter.remote.dropNetwork('out-1');
    expect(getCall(h.engine.getSnapshot(), 'out-1')?.phase).toBe('reconnecting');
    expect(agentAvailability(h.engine.getSnapshot())).toBe('onCall');
  });

  it('a recording of another agent is neither playable nor downloadable; none is deletable', async () => {
    const h = deskHarness();
    const other = { callId: 'x', agentId: 'agent-bob', media: 'audio', durationMs: 1_000, url: 'https://rec.example/x' } as never;
    expect(recordingActions(h.engine.getSnapshot(), other)).toEqual({ play: false, download: false, delete: false });
  });

  it("callbacks: Assign to me only for the agent's queues, Start not while a wrap-up is open", async () => {
    const h = deskHarness();
    h.engine.send({ type: 'callbackRequested', callbackId: 'cb-billing', customer: { number: OTHER_CUSTOMER }, mode: 'manual', queue: 'billing' } as EngineInput);
    const billing = () => callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now()).find((entry) => entry.callback.id === 'cb-billing')!;
    expect(billing().canAssignToMe).toBe(false);
    expect(codeOf(h.engine.send({ type: 'assignCallback', callbackId: 'cb-billing' }))).toBe('notInQueue');

    h.engine.send({ type: 'callbackRequested', callbackId: 'cb-1', customer: { number: '+14155550188' }, mode: 'manual', queue: 'support' } as EngineInput);
    expect(codeOf(h.engine.send({ type: 'assignCallback', callbackId: 'cb-1' }))).toBe('ok');
    await answeredOffer(h, 'c1');
    h.engine.hangUp('c1');
    const mine = () => callbackList(h.engine.getSnapshot(), h.desk.config, h.clock.now()).find((entry) => entry.callback.id === 'cb-1')!;
    expect(mine().canStart).toBe(false);
    expect(codeOf(h.engine.send({ type: 'startCallback', callbackId: 'cb-1', from: FROM }))).toBe('wrapUpOpen');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    expect(mine().canStart).toBe(true);
  });
});

// Deadlines passed while the tab slept are settled in the order they fell, whatever the input that wakes it.
describe('a tab that slept past a drop and then its transfer\'s deadline', () => {
  for (const [label, act] of [
    ['input about something else', (h: DeskHarness) => h.engine.send({ type: 'setPresence', presence: 'away' })],
    ['hangUp click on c1', (h: DeskHarness) => h.engine.hangUp('c1')],
    ['networkRestored news for c1', (h: DeskHarness) => h.adapter.remote.emitRaw({ type: 'networkRestored', callId: 'c1' })],
    ['remoteEnded news for c1', (h: DeskHarness) => h.adapter.remote.emitRaw({ type: 'remoteEnded', callId: 'c1', reason: 'hangup' })],
  ] as const) {
    it(`woken by ${label}: the call dropped first, and nothing is returned to the agent`, async () => {
      const { h, audioBefore } = await heldTransferThenDrop();
      h.clock.jump(150_000);
      act(h);
      expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'c1', endReason: 'dropped' });
      expect(timelineOf(h, 'conv-c1').map((event) => event.kind)).not.toContain('transferFailed');
      expect(notices(h, 'transferFailed')).toEqual([]);
      expect(deskOutputs(h, 'holdAudio')).toHaveLength(audioBefore);
    });
  }
});

describe('a transfer canceled at once', () => {
  it('reaches the adapter after the transfer itself, so the target\'s leg is dropped', async () => {
    const { h } = await onCallWithDirectory();
    h.engine.send({ type: 'transfer', callId: 'c1', target: bob });
    h.engine.send({ type: 'cancelTransfer', callId: 'c1' });
    await h.clock.tick(50);
    expect(logged(h, 'c1').filter((name) => name === 'transfer' || name === 'cancelTransfer')).toEqual(['transfer', 'cancelTransfer']);
  });
});
