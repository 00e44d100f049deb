// 002's hand-off from the AI, step by step on an agent's engine, and 000's
// takeover as the visitor sees it.
import { describe, expect, it } from 'vitest';
import {
  agentCallControls, conversation, createAgentDesk, getCall, handoffHistory, offerCards, type EngineOutput, type SendResult,
} from '../src/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskConfig, deskHarness, type DeskHarness } from './deskSupport.js';
import { createClaimArbiter } from './handoffSupport.js';
import { harness } from './support.js';

const CALLER = '+14155550142';
const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const cards = (h: DeskHarness) => offerCards(h.engine.getSnapshot(), h.desk.config, h.clock.now());
const errors = (h: DeskHarness) => h.outputs.flatMap((output: EngineOutput) => (output.type === 'error' ? [output.error.code] : []));

function offerHandoff(h: DeskHarness, callId = 'ai-1') {
  h.adapter.remote.offer({ callId, remote: { name: 'Sam Lee', number: CALLER }, queue: 'support', handoff: true, summary: 'Asks about the price of the family plan', conversationId: 'conv-ai' });
}

/** Tab A shows the hand-off card, Accept was clicked, and its claim is on its way to the backend. */
async function claimOnItsWay() {
  const arbiter = createClaimArbiter();
  const h = deskHarness({ config: { tabId: 'tab-a' } });
  arbiter.attach(h, 0);
  offerHandoff(h);
  expect(code(h.engine.accept('ai-1'))).toBe('ok');
  await h.clock.tick(0);
  return { arbiter, h };
}

describe('002 — taking over a call from the AI', () => {
  it('the card shows name, number and summary; Accept connects the same live call; the AI history stays beside it', async () => {
    const h = deskHarness();
    const t0 = h.clock.now();
    offerHandoff(h);
    // 1. The card: the caller's name if known, the number, the AI's summary.
    expect(cards(h)).toMatchObject([{ callId: 'ai-1', kind: 'handoff', name: 'Sam Lee', number: CALLER, summary: 'Asks about the price of the family plan' }]);

    // The AI keeps talking with the caller while the card shows: the summary and the transcript grow.
    const lines = [
      { at: t0 - 60_000, speaker: 'caller' as const, text: 'How much is the family plan?' },
      { at: t0 - 50_000, speaker: 'ai' as const, text: 'It depends on the number of lines. Let me get a colleague.' },
    ];
    expect(code(h.engine.send({ type: 'handoffUpdated', callId: 'ai-1', summary: 'Family plan price; wants four lines', lines }))).toBe('ok');
    expect(cards(h)[0]?.summary).toBe('Family plan price; wants four lines');
    expect(handoffHistory(h.engine.getSnapshot(), 'conv-ai')).toEqual(lines);

    // 2. Accept — 3. the line connects (one step, no second call, no callback).
    await h.clock.tick(1_000);
    expect(code(h.engine.accept('ai-1'))).toBe('ok');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'ai-1')).toMatchObject({ phase: 'connected', direction: 'inbound', local: { muted: false } });
    expect(h.adapter.log.filter((entry) => entry.name === 'connect').map((entry) => entry.callId)).toEqual(['ai-1']);
    expect(h.engine.getSnapshot().calls).toHaveLength(1);

    // While connected: mute, the duration, and the AI's part of the conversation beside the call.
    h.engine.setMuted('ai-1', true);
    expect(getCall(h.engine.getSnapshot(), 'ai-1')?.local.muted).toBe(true);
    h.engine.send({ type: 'handoffUpdated', callId: 'ai-1', lines: [{ at: h.clock.now(), speaker: 'ai', text: 'Handed over to Ann.' }] });
    expect(handoffHistory(h.engine.getSnapshot(), 'conv-ai')).toHaveLength(3);

    await h.clock.tick(90_000);
    h.engine.hangUp('ai-1');
    // After the call: the history has duration and outcome; the transcript is still there; the conversation resolves on its own.
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'ai-1', endReason: 'completed', durationMs: 90_000 });
    expect(handoffHistory(h.engine.getSnapshot(), 'conv-ai')).toHaveLength(3);
    // The AI's last line, sent as the call ended, still lands on the conversation; news of an unknown call does not.
    expect(code(h.engine.send({ type: 'handoffUpdated', callId: 'ai-1', lines: [{ at: h.clock.now(), speaker: 'ai', text: 'Call ended.' }] }))).toBe('ok');
    expect(handoffHistory(h.engine.getSnapshot(), 'conv-ai')).toHaveLength(4);
    expect(code(h.engine.send({ type: 'handoffUpdated', callId: 'ai-unknown', lines: [{ at: h.clock.now(), speaker: 'ai', text: 'x' }] }))).toBe('unknownCall');
    await h.clock.tick(30_000);
    expect(conversation(h.engine.getSnapshot(), 'conv-ai')?.status).toBe('resolved');
    expect(errors(h)).toEqual([]);
  });

  it('the card goes away with the outcome when the caller hangs up while it shows', async () => {
    const h = deskHarness();
    offerHandoff(h);
    await h.clock.tick(5_000);
    h.adapter.remote.cancel('ai-1');
    expect(cards(h)).toEqual([]);
    expect(h.engine.getSnapshot().history[0]).toMatchObject({ id: 'ai-1', endReason: 'canceled', endedBy: 'remote' });
    expect(conversation(h.engine.getSnapshot(), 'conv-ai')?.timeline.at(-1)).toMatchObject({ kind: 'callMissed', detail: 'canceled' });
    expect(code(h.engine.accept('ai-1'))).toBe('unknownCall');
  });

  it('a hand-off held while the agent is on a call rings with everything the AI said meanwhile; a held ordinary offer takes no lines', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550111' }, queue: 'support' });
    h.engine.accept('c1');
    await h.clock.tick(50);
    offerHandoff(h);
    h.adapter.remote.offer({ callId: 'plain', remote: { number: '+14155550122' }, queue: 'support' });
    expect(h.engine.getSnapshot().desk?.queuedOffers.map((queued) => queued.callId)).toEqual(['ai-1', 'plain']);
    const lines = [{ at: h.clock.now(), speaker: 'caller' as const, text: 'I want four lines' }, { at: h.clock.now(), speaker: 'ai' as const, text: 'A person will help you' }];
    expect(code(h.engine.send({ type: 'handoffUpdated', callId: 'ai-1', summary: 'Wants four lines on the family plan', lines: lines.slice(0, 1) }))).toBe('ok');
    expect(code(h.engine.send({ type: 'handoffUpdated', callId: 'ai-1', lines: lines.slice(1) }))).toBe('ok');
    expect(code(h.engine.send({ type: 'handoffUpdated', callId: 'plain', summary: 'no' }))).toBe('unknownCall');

    h.engine.hangUp('c1');
    h.engine.send({ type: 'closeWrapUp', conversation: 'close' });
    expect(cards(h)).toMatchObject([{ callId: 'ai-1', kind: 'handoff', summary: 'Wants four lines on the family plan' }]);
    expect(handoffHistory(h.engine.getSnapshot(), 'conv-ai')).toEqual(lines);
    expect(conversation(h.engine.getSnapshot(), 'conv-ai')?.timeline.map((entry) => entry.kind)).toEqual(['callOffered', 'aiTranscript']);
  });

  it('two tabs of the same agent: only the first claim connects; the other gets claimedElsewhere and its card goes', async () => {
    const arbiter = createClaimArbiter();
    const tabA = deskHarness({ config: { tabId: 'tab-a' } });
    const tabB = deskHarness({ config: { tabId: 'tab-b' }, clock: tabA.clock });
    arbiter.attach(tabA, 0);
    arbiter.attach(tabB, 1);
    offerHandoff(tabA);
    offerHandoff(tabB);

    expect(code(tabB.engine.accept('ai-1'))).toBe('ok');
    expect(code(tabA.engine.accept('ai-1'))).toBe('ok');
    expect(cards(tabA)[0]?.claiming).toBe(true);
    // The Accept button says so: in progress, not pressable.
    expect(agentCallControls(tabA.engine.getSnapshot(), tabA.engine.config, 'ai-1')?.accept).toEqual({ visible: true, enabled: false, active: true });
    // A second click while the claim is on its way is refused, not sent twice.
    expect(code(tabA.engine.accept('ai-1'))).toBe('claimPending');
    await tabA.clock.tick(0);
    expect(getCall(tabA.engine.getSnapshot(), 'ai-1')?.phase).toBe('ringing');
    expect(arbiter.waiting).toHaveLength(2);

    // The answers come back in the other order: tab A's first.
    expect(arbiter.answer(0)).toBe(true);
    await tabA.clock.tick(0);
    expect(getCall(tabA.engine.getSnapshot(), 'ai-1')).toBeUndefined();
    expect(tabA.engine.getSnapshot().history[0]).toMatchObject({ id: 'ai-1', endReason: 'answeredElsewhere' });
    expect(errors(tabA)).toEqual(['claimedElsewhere']);

    arbiter.answer(1);
    await tabA.clock.tick(10);
    expect(getCall(tabB.engine.getSnapshot(), 'ai-1')?.phase).toBe('connected');
    expect(cards(tabA)).toEqual([]);
    expect(tabA.adapter.log.some((entry) => entry.name === 'connect')).toBe(false);
  });

  it('a claim whose answer was lost can be made again: the backend knows the tab by its token, so the retry is the same claim and wins', async () => {
    const { arbiter, h } = await claimOnItsWay();
    // The backend recorded the claim, but the answer never came back.
    arbiter.lose(0);
    await h.clock.tick(0);
    expect(errors(h)).toEqual(['commandFailed']);
    expect(cards(h)[0]?.claiming).toBeFalsy();
    expect(getCall(h.engine.getSnapshot(), 'ai-1')?.phase).toBe('ringing');

    await h.clock.tick(1_000);
    expect(code(h.engine.accept('ai-1'))).toBe('ok');
    await h.clock.tick(0);
    arbiter.answer(0);
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'ai-1')?.phase).toBe('connected');
    expect(errors(h)).toEqual(['commandFailed']);
    // The backend repeating its answer changes nothing, and above all does not give the call back.
    expect(code(h.engine.send({ type: 'handoffClaimed', callId: 'ai-1', token: 'tab-a:ai-1' }))).toBe('ok');
    expect(h.outputs.some((output) => output.type === 'desk' && output.action === 'releaseHandoff')).toBe(false);
    expect(getCall(h.engine.getSnapshot(), 'ai-1')?.phase).toBe('connected');
  });

  it('002 "Refresh the page once. If the card is still there, click Accept again": a reload during a claim does not leave Accept refused as claimPending', async () => {
    const { arbiter, h } = await claimOnItsWay();
    // The Accept button does not respond (the claim's answer never comes): the agent refreshes the page.
    const snapshot = JSON.parse(JSON.stringify(h.engine.getSnapshot()));
    const at = h.clock.now();
    h.engine.dispose();

    const clock = createVirtualClock(at + 1_000);
    const desk = createAgentDesk({ ...deskConfig, tabId: 'tab-a-reloaded' });
    const reloaded = { ...harness({ clock, loopback: { capabilities: { recording: true, transferTargets: ['agent', 'queue', 'external'] } }, engine: { extension: desk, initialState: snapshot } }), desk };
    arbiter.attach(reloaded, 1);
    // The card is still there...
    expect(getCall(reloaded.engine.getSnapshot(), 'ai-1')?.phase).toBe('ringing');
    // ...so the agent clicks Accept again. Nothing is in flight in this page, so either the reload re-made the
    // stored claim or this click makes one: in both cases the reloaded page has a claim on its way to the backend.
    reloaded.engine.accept('ai-1');
    await reloaded.clock.tick(0);
    expect(arbiter.waiting.filter((claim) => claim.tab === 1)).toHaveLength(1);
  });

  it('a claim the backend grants after the engine was disposed is released, so the caller is not left with nobody', async () => {
    const { arbiter, h } = await claimOnItsWay();
    const released: string[] = [];
    Object.assign(h.adapter, { releaseHandoff: async (callId: string) => void released.push(callId) });
    // The tab closes while the claim is on its way; the backend had recorded it first.
    h.engine.dispose();
    expect(arbiter.answer(0)).toBe(true);
    await h.clock.tick(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(released).toEqual(['ai-1']);
  });
});

describe('hand-off transcripts over a day', () => {
  it('go with their conversation when it is no longer kept', async () => {
    const h = deskHarness({ config: { closedConversationsKept: 2 } });
    for (let i = 0; i < 4; i++) {
      h.adapter.remote.offer({ callId: `ai-${i}`, remote: { number: `+1415555014${i}` }, handoff: true, conversationId: `conv-ai-${i}` });
      h.engine.send({ type: 'handoffUpdated', callId: `ai-${i}`, lines: [{ at: h.clock.now(), speaker: 'caller', text: `question ${i}` }] });
      expect(code(h.engine.accept(`ai-${i}`))).toBe('ok');
      await h.clock.tick(10);
      h.engine.hangUp(`ai-${i}`);
      expect(code(h.engine.send({ type: 'closeWrapUp', conversation: 'close' }))).toBe('ok');
    }
    const desk = h.engine.getSnapshot().desk!;
    expect(desk.conversations.map((kept) => kept.id)).toEqual(['conv-ai-2', 'conv-ai-3']);
    expect(desk.transcripts.map((transcript) => transcript.conversationId)).toEqual(['conv-ai-2', 'conv-ai-3']);
  });
});
