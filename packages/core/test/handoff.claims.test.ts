// the AI hand-off (002) — a claim that can never be answered must not block Accept,
// and a claim the backend granted to a tab that has gone must be given back.
import { describe, expect, it } from 'vitest';
import { createAgentDesk, getCall, type SendResult } from '../src/index.js';
import { createVirtualClock } from '../src/testing/index.js';
import { deskConfig, deskHarness } from './deskSupport.js';
import { createClaimArbiter } from './handoffSupport.js';
import { harness } from './support.js';

const code = (result: SendResult) => (result.ok ? 'ok' : result.error.code);
const offerHandoff = (h: ReturnType<typeof deskHarness>) =>
  h.adapter.remote.offer({ callId: 'ai-1', remote: { name: 'Sam Lee', number: '+14155550142' }, queue: 'support', handoff: true, summary: 'Family plan', conversationId: 'conv-ai' });

describe('hand-off claims', () => {
  it('002 "Refresh the page once. If the card is still there, click Accept again": a reload during a claim does not leave Accept refused as claimPending', async () => {
    const arbiter = createClaimArbiter();
    const h = deskHarness({ config: { tabId: 'tab-a' } });
    arbiter.attach(h, 0);
    offerHandoff(h);
    expect(code(h.engine.accept('ai-1'))).toBe('ok');
    await h.clock.tick(0);
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
    const arbiter = createClaimArbiter();
    const h = deskHarness({ config: { tabId: 'tab-a' } });
    arbiter.attach(h, 0);
    const released: string[] = [];
    Object.assign(h.adapter, { releaseHandoff: async (callId: string) => void released.push(callId) });
    offerHandoff(h);
    expect(code(h.engine.accept('ai-1'))).toBe('ok');
    await h.clock.tick(0);
    // The tab closes while the claim is on its way; the backend had recorded it first.
    h.engine.dispose();
    expect(arbiter.answer(0)).toBe(true);
    await h.clock.tick(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(released).toEqual(['ai-1']);
  });
});
