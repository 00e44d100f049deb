import { describe, expect, it } from 'vitest';
import { callLinkState, conversation, createAgentDesk, getCall, type SendResult, type EngineInput } from '../src/index.js';
import { deskHarness, deskConfig, type DeskHarness } from './deskSupport.js';
import { spentCallLinksKept } from '../src/desk/callLinks.js';
import { createVirtualClock } from '../src/testing/index.js';
import { harness } from './support.js';
import { createClaimArbiter } from './handoffSupport.js';

const CUSTOMER = '+14155550142';
const code = (r: SendResult) => (r.ok ? 'ok' : r.error.code);

async function answered(h: DeskHarness, callId: string, extra: Record<string, unknown> = {}) {
  h.adapter.remote.offer({ callId, remote: { number: CUSTOMER }, queue: 'support', ...extra });
  await h.clock.tick(1_000);
  expect(code(h.engine.accept(callId))).toBe('ok');
  await h.clock.tick(10);
  expect(getCall(h.engine.getSnapshot(), callId)?.phase).toBe('connected');
}

/** A desk whose link signer issues links valid for `validMs`, or fails while told to; `create` makes one and lets it settle. */
function linkDesk(validMs: number) {
  let failing = false;
  let n = 0;
  const h = deskHarness({
    config: {
      callLinks: {
        kind: 'expiry',
        issue: async () => {
          if (failing) throw new Error('signing service down');
          return { url: `https://l.example/${++n}`, linkId: `lk-${n}`, expiresAt: h.clock.now() + validMs };
        },
      },
    },
  });
  const create = async (requestId: string, target: { guestName: string } | { conversationId: string }) => {
    expect(code(h.engine.send({ type: 'createCallLink', requestId, target } as EngineInput))).toBe('ok');
    await h.clock.tick(10);
  };
  return { h, create, fail: (on: boolean) => void (failing = on) };
}

describe('desk state across reloads, late news and a long day', () => {
  it('recordingsKept: 0 keeps no recordings in state', async () => {
    const h = deskHarness({ config: { recordingsKept: 0 } });
    await answered(h, 'c1');
    h.engine.hangUp('c1');
    await h.clock.tick(10);
    for (let i = 0; i < 5; i++) {
      expect(code(h.engine.send({ type: 'recordingAvailable', callId: 'c1', recordingId: `rec-${i}`, media: 'audio', durationMs: 1_000, url: `https://rec.example/${i}` }))).toBe('ok');
    }
    expect(h.engine.getSnapshot().desk!.recordings.length).toBe(0);
  });

  it('hand-off: the AI transcript that arrives only after the call ended is kept on the conversation (002)', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'ai-1', remote: { number: CUSTOMER }, queue: 'support', handoff: true, summary: 'wants pricing' });
    await h.clock.tick(1_000);
    expect(code(h.engine.accept('ai-1'))).toBe('ok');
    await h.clock.tick(50);
    expect(getCall(h.engine.getSnapshot(), 'ai-1')?.phase).toBe('connected');
    h.engine.hangUp('ai-1');
    await h.clock.tick(10);
    const r = h.engine.send({ type: 'handoffUpdated', callId: 'ai-1', lines: [{ at: h.clock.now() - 5_000, speaker: 'caller', text: 'How much is the family plan?' }] });
    expect(code(r)).toBe('ok');
  });

  it('hand-off: late transcript lines for an offer missed here, or answered by another agent, are refused and stored nowhere', async () => {
    const h = deskHarness();
    const late = (callId: string) => h.engine.send({ type: 'handoffUpdated', callId, lines: [{ at: h.clock.now() - 1_000, speaker: 'caller', text: 'My card number is 4111 1111 1111 1111' }] });
    h.adapter.remote.offer({ callId: 'ai-missed', remote: { number: CUSTOMER }, queue: 'support', handoff: true });
    await h.clock.tick(1_000);
    h.adapter.remote.cancel('ai-missed');
    await h.clock.tick(10);
    h.adapter.remote.offer({ callId: 'ai-taken', remote: { number: '+14155550199' }, queue: 'support', handoff: true });
    await h.clock.tick(1_000);
    h.adapter.remote.answerElsewhere('ai-taken');
    await h.clock.tick(10);
    expect(h.engine.getSnapshot().history.map((entry) => entry.id)).toEqual(['ai-taken', 'ai-missed']);
    const before = h.engine.getSnapshot().desk!;
    expect(code(late('ai-missed'))).toBe('unknownCall');
    expect(code(late('ai-taken'))).toBe('unknownCall');
    expect(h.engine.getSnapshot().desk).toBe(before);
    expect(before.transcripts).toEqual([]);
  });

  it('offers answered elsewhere leave no conversation each, forever; one with a message in it stays, and so does a missed one', async () => {
    const h = deskHarness();
    for (let i = 0; i < 300; i++) {
      h.adapter.remote.offer({ callId: `o-${i}`, remote: { number: `+1415555${String(1000 + i)}` }, queue: 'support' });
      await h.clock.tick(100);
      h.adapter.remote.answerElsewhere(`o-${i}`);
      await h.clock.tick(100);
    }
    expect(h.engine.getSnapshot().desk!.conversations).toEqual([]);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'o-299', endReason: 'answeredElsewhere' });
    h.adapter.remote.offer({ callId: 'missed', remote: { number: '+14155550199' }, queue: 'support' });
    await h.clock.tick(100);
    h.adapter.remote.cancel('missed');
    h.adapter.remote.offer({ callId: 'kept', remote: { number: CUSTOMER }, queue: 'support' });
    await h.clock.tick(100);
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'chat', messageId: 'm1' });
    h.adapter.remote.answerElsewhere('kept');
    await h.clock.tick(100);
    expect(h.engine.getSnapshot().desk!.conversations.map((c) => c.customer.number)).toEqual(['+14155550199', CUSTOMER]);
  });

  it('002 reload with the same tab id (e.g. kept in sessionStorage): Accept again is not refused as claimPending forever', async () => {
    const h = deskHarness({ config: { tabId: 'tab-a' } });
    const arbiter = createClaimArbiter();
    arbiter.attach(h, 0);
    h.adapter.remote.offer({ callId: 'ai-1', remote: { number: CUSTOMER }, queue: 'support', handoff: true, summary: 's' });
    await h.clock.tick(1_000);
    expect(code(h.engine.accept('ai-1'))).toBe('ok');
    await h.clock.tick(0);
    const snapshot = JSON.parse(JSON.stringify(h.engine.getSnapshot()));
    const at = h.clock.now();
    h.engine.dispose();
    const clock = createVirtualClock(at + 1_000);
    const desk = createAgentDesk({ ...deskConfig, tabId: 'tab-a' });
    const reloaded = { ...harness({ clock, loopback: { capabilities: { recording: true } }, engine: { extension: desk, initialState: snapshot } }), desk };
    arbiter.attach(reloaded, 1);
    expect(getCall(reloaded.engine.getSnapshot(), 'ai-1')?.phase).toBe('ringing');
    const again = reloaded.engine.accept('ai-1');
    await reloaded.clock.tick(0);
    expect(code(again)).toBe('ok');
    expect(arbiter.waiting.filter((claim) => claim.tab === 1)).toHaveLength(1);
  });

  it('003 People lookup still out when the page reloads: the reloaded desk asks again and the card gets the name', async () => {
    const h = deskHarness({ lookupContact: () => new Promise(() => undefined) }); // slow: no answer before the reload
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support', ringTimeoutMs: 60_000 });
    await h.clock.tick(500);
    expect(h.engine.getSnapshot().desk?.calls.map((call) => call.lookup)).toEqual(['pending']);
    const snapshot = JSON.parse(JSON.stringify(h.engine.getSnapshot()));
    const at = h.clock.now();
    h.engine.dispose();

    const asked: string[] = [];
    const desk = createAgentDesk({ ...deskConfig, lookupContact: async (number) => (asked.push(number), { id: 'p-1', name: 'Jane Roe' }) });
    const reloaded = harness({ clock: createVirtualClock(at + 1_000), engine: { extension: desk, initialState: snapshot } });
    await reloaded.clock.tick(0);
    expect(asked).toEqual([CUSTOMER]);
    expect(reloaded.engine.getSnapshot().desk?.calls[0]).toMatchObject({ callId: 'c1', lookup: 'found', contact: { name: 'Jane Roe', number: CUSTOMER } });
    // A fresh engine (no snapshot) has nothing to ask again.
    harness({ engine: { extension: desk } });
    await reloaded.clock.tick(0);
    expect(asked).toHaveLength(1);
  });

  it('callbacksLoaded keeps finished callbacks bounded (finishedCallbacksKept = 200)', async () => {
    const h = deskHarness();
    for (let page = 0; page < 3; page++) {
      const callbacks = Array.from({ length: 200 }, (_, i) => ({
        id: `cb-${page}-${i}`, conversationId: `conv-${page}-${i}`, customer: { number: '+14155550142' }, mode: 'manual', status: 'done',
        assignee: 'agent-ann', requestedAt: 1, attempts: 1,
      }));
      expect(code(h.engine.send({ type: 'callbacksLoaded', callbacks } as unknown as EngineInput))).toBe('ok');
    }
    expect(h.engine.getSnapshot().desk!.callbacks.length).toBeLessThanOrEqual(200);
  });

  it('ringBack of a held offer the caller gave up on: rings the customer back into their open conversation, not refused', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    const B = '+14155550177';
    h.engine.send({ type: 'messageReceived', customer: { number: B }, channel: 'chat', messageId: 'm1' });
    await answered(h, 'c1');
    h.adapter.remote.offer({ callId: 'q1', remote: { number: B }, queue: 'support' });
    await h.clock.tick(10);
    h.adapter.remote.hangUp('q1');
    await h.clock.tick(10);
    expect(h.engine.getSnapshot().history[0]?.id).toBe('q1');
    h.engine.hangUp('c1');
    await h.clock.tick(10);
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    const r = h.engine.send({ type: 'ringBack', historyCallId: 'q1', from: '+14155550100' });
    expect(code(r)).toBe('ok');
  });

  it('a callback the backend lists as this agent\'s active attempt, with no call here (a reload without snapshot), counts as a no reply and is retried', async () => {
    const h = deskHarness({ config: { callbacks: { maxAttempts: 3, retryDelaysMs: [60_000], agentRingMs: 20_000, customerNoAnswerMs: 25_000 } } });
    const row = (id: string, attempts: number, assignee = 'agent-ann') => ({
      id, conversationId: `conv-${id}`, customer: { number: CUSTOMER }, mode: 'automated', status: 'active', assignee, requestedAt: 1, attempts,
    });
    expect(code(h.engine.send({ type: 'callbacksLoaded', callbacks: [row('cb-1', 1), row('cb-2', 3), row('cb-3', 1, 'agent-bob')] } as unknown as EngineInput))).toBe('ok');
    await h.clock.tick(10);
    const byId = (id: string) => h.engine.getSnapshot().desk!.callbacks.find((callback) => callback.id === id)!;
    // Attempts left: its next attempt rings the agent now; none left: it is finished as no reply; another agent's stays theirs.
    expect(byId('cb-1')).toMatchObject({ status: 'active', calls: 2 });
    expect(h.engine.getSnapshot().calls.map((call) => call.id)).toEqual([byId('cb-1').callId]);
    expect(byId('cb-2')).toMatchObject({ status: 'noReply', attempts: 3 });
    expect(byId('cb-2').retryAt).toBeUndefined();
    expect(byId('cb-3')).toMatchObject({ status: 'active', assignee: 'agent-bob' });
  });

  it('a stale list still showing an attempt this desk saw end (done, or a no reply waiting for its retry) calls nobody', async () => {
    const policy = { maxAttempts: 3, retryDelaysMs: [60_000, 300_000], agentRingMs: 20_000, customerNoAnswerMs: 25_000 };
    const staleRow = (id: string) => ({
      id, conversationId: `conv-${id}`, customer: { number: CUSTOMER }, mode: 'automated', status: 'active', assignee: 'agent-ann', requestedAt: 1, attempts: 1,
    });
    const callbackOf = (h: DeskHarness, id: string) => h.engine.getSnapshot().desk!.callbacks.find((callback) => callback.id === id)!;
    const requested = (h: DeskHarness, id: string) =>
      expect(code(h.engine.send({ type: 'callbackRequested', callbackId: id, customer: { number: CUSTOMER }, mode: 'automated', queue: 'support' } as EngineInput))).toBe('ok');

    // Answered, hung up, wrapped up: done here; the list has not caught up.
    const done = deskHarness({ config: { callbacks: policy } });
    requested(done, 'cb-1');
    expect(code(done.engine.accept('cb-1/1'))).toBe('ok');
    await done.clock.tick(10);
    done.adapter.remote.answer('cb-1/1');
    await done.clock.tick(10);
    expect(getCall(done.engine.getSnapshot(), 'cb-1/1')?.phase).toBe('connected');
    done.engine.hangUp('cb-1/1');
    await done.clock.tick(10);
    done.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(callbackOf(done, 'cb-1').status).toBe('done');
    expect(code(done.engine.send({ type: 'callbacksLoaded', callbacks: [staleRow('cb-1')] } as unknown as EngineInput))).toBe('ok');
    await done.clock.tick(10);
    expect(done.engine.getSnapshot().calls).toEqual([]);
    expect(callbackOf(done, 'cb-1').status).toBe('done');

    // The customer did not answer: a no reply whose retry is a minute away is not retried at once.
    const noReply = deskHarness({ config: { callbacks: policy } });
    requested(noReply, 'cb-2');
    expect(code(noReply.engine.accept('cb-2/1'))).toBe('ok');
    await noReply.clock.tick(25_010);
    const retryAt = callbackOf(noReply, 'cb-2').retryAt!;
    expect(callbackOf(noReply, 'cb-2')).toMatchObject({ status: 'noReply', attempts: 1 });
    expect(code(noReply.engine.send({ type: 'callbacksLoaded', callbacks: [staleRow('cb-2')] } as unknown as EngineInput))).toBe('ok');
    await noReply.clock.tick(10);
    expect(noReply.engine.getSnapshot().calls).toEqual([]);
    expect(callbackOf(noReply, 'cb-2')).toMatchObject({ status: 'noReply', retryAt });
    // The retry still comes when the policy says.
    await noReply.clock.tick(retryAt - noReply.clock.now());
    expect(noReply.engine.getSnapshot().calls.map((call) => call.id)).toEqual(['cb-2/2']);
  });

  it('004 call link: a wait the client never joined does not use up the link (waitForLinkCall again is not linkUsed)', async () => {
    const h = deskHarness({ config: { callLinks: { kind: 'expiry', issue: async () => ({ url: 'https://l.example/x', linkId: 'lk-1', expiresAt: Date.UTC(2030, 0, 1) }) } } });
    expect(code(h.engine.send({ type: 'createCallLink', requestId: 'r1', target: { guestName: 'Jane' } } as EngineInput))).toBe('ok');
    await h.clock.tick(10);
    expect(h.engine.getSnapshot().desk!.callLinks[0]?.status).toBe('created');
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'w1' } as EngineInput))).toBe('ok');
    await h.clock.tick(5_000);
    // The client does not show up; the agent stops waiting.
    h.engine.hangUp('w1');
    await h.clock.tick(10);
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    const again = h.engine.send({ type: 'waitForLinkCall', requestId: 'r1', callId: 'w2' } as EngineInput);
    expect(code(again)).toBe('ok');
  });

  it('004 call links all day: spent links (expired, failed) and the guest conversations made only for them do not pile up', async () => {
    const { h, create: createFor, fail } = linkDesk(60_000);
    const create = (requestId: string, guestName: string) => createFor(requestId, { guestName });
    // The first guest joins by their link and talks: that conversation is the agent's record of a call, and stays.
    await create('talked', 'Jane');
    h.engine.send({ type: 'waitForLinkCall', requestId: 'talked', callId: 'w-talked' } as EngineInput);
    await h.clock.tick(10);
    h.adapter.remote.answer('w-talked');
    await h.clock.tick(10);
    h.engine.hangUp('w-talked');
    h.engine.send({ type: 'closeWrapUp', conversation: 'leaveOpen' });
    for (let i = 0; i < 150; i++) {
      fail(i % 3 === 0);
      await create(`r${i}`, `Guest ${i}`);
    }
    await h.clock.tick(24 * 3_600_000); // a day later every link has expired
    fail(false);
    await create('last', 'Last');
    const desk = h.engine.getSnapshot().desk!;
    expect(desk.callLinks.length).toBeLessThanOrEqual(spentCallLinksKept + 1);
    expect(desk.callLinks.at(-1)).toMatchObject({ requestId: 'last', status: 'created' });
    const guests = desk.conversations.filter((conversation) => conversation.id.startsWith('conv-link-'));
    expect(guests.length).toBeLessThanOrEqual(spentCallLinksKept + 2);
    expect(guests.map((conversation) => conversation.id)).toContain('conv-link-talked');
    // A recent spent link still says why it cannot be waited on.
    expect(code(h.engine.send({ type: 'waitForLinkCall', requestId: 'r149', callId: 'w-late' } as EngineInput))).toBe('linkExpired');
  });

  it('004 call links: a guest conversation whose first link is pruned stays while another link made from it can still be used', async () => {
    const { h, create, fail } = linkDesk(7 * 24 * 3_600_000);
    fail(true);
    await create('g1', { guestName: 'Grace' }); // fails to sign
    fail(false);
    await create('g2', { conversationId: 'conv-link-g1' }); // made again from her conversation: signed
    fail(true);
    for (let i = 0; i <= spentCallLinksKept; i++) await create(`x${i}`, { guestName: `Guest ${i}` });
    const state = h.engine.getSnapshot();
    expect(state.desk!.callLinks.some((link) => link.requestId === 'g1')).toBe(false);
    expect(callLinkState(state, 'g2', h.clock.now())).toBe('usable');
    expect(conversation(state, 'conv-link-g1')).toBeDefined();
  });

  it('004 call links: guest conversations go with their spent links also once a link was sent, or made again from the conversation', async () => {
    const { h, create, fail } = linkDesk(60_000);
    Object.assign(h.adapter, { sendCallLink: async () => undefined });
    for (let i = 0; i < 30; i++) {
      await create(`sent${i}`, { guestName: `Guest ${i}` });
      expect(code(h.engine.send({ type: 'sendCallLink', requestId: `sent${i}` } as EngineInput))).toBe('ok');
      await h.clock.tick(10);
    }
    fail(true);
    await create('g1', { guestName: 'Grace' });
    fail(false);
    await create('g2', { conversationId: 'conv-link-g1' });
    await h.clock.tick(120_000); // every link so far has expired
    fail(true);
    for (let i = 0; i < 2 * spentCallLinksKept; i++) await create(`x${i}`, { guestName: `Late ${i}` });
    const guests = h.engine.getSnapshot().desk!.conversations.filter((kept) => kept.id.startsWith('conv-link-')).map((kept) => kept.id);
    expect(guests.length).toBeLessThanOrEqual(spentCallLinksKept + 1);
    expect(guests).not.toContain('conv-link-sent0');
    expect(guests).not.toContain('conv-link-g1');
  });
});
