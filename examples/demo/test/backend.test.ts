// The in-memory backend without HTTP: routing to agents who can take a call,
// first claim wins, transfers (agent, queue, external), callbacks shared
// between desks, and calls that only the owning desk can end.
import { describe, expect, it } from 'vitest';
import { setUp } from './backendSupport.js';

describe('demo backend', () => {
  it('offers a hand-off only to agents on duty, available and in the queue', () => {
    const { agents, agent, visitor, of, handOff } = setUp();
    agent('ann');
    agent('bob', 'away');
    agent('cara'); // sales only
    visitor('v1');
    handOff('v1');
    expect(of(agents.ann!, 'offer')).toHaveLength(1);
    expect(of(agents.bob!, 'offer')).toHaveLength(0);
    expect(of(agents.cara!, 'offer')).toHaveLength(0);
    expect(of(agents.ann!, 'offer')[0]).toMatchObject({ handoff: true, queue: 'support', roomRole: 'dial' });
  });

  it('tells the visitor nobody can take the call, and takes a callback request every desk sees', () => {
    const { backend, agents, visitors, agent, visitor, of, handOff } = setUp();
    agent('ann', 'away');
    visitor('v1');
    handOff('v1');
    expect(of(visitors.v1!, 'assistantState').at(-1)).toEqual({ type: 'assistantState', state: 'noOneOnDuty' });
    expect(backend.handle({ type: 'requestCallback', visitorId: 'v1', number: '+14155550199' })).toEqual({ ok: true });
    const list = of(agents.ann!, 'callbacks').at(-1)!.callbacks;
    expect(list).toEqual([expect.objectContaining({ status: 'queued', assignee: null, customer: expect.objectContaining({ number: '+14155550199' }) })]);
    // The first desk to assign it wins; another agent's claim on it is refused.
    const id = list[0]!.id;
    expect(backend.handle({ type: 'callbackStatus', agentId: 'ann', callbackId: id, status: 'assigned', assignee: 'ann', attempts: 0 })).toEqual({ ok: true });
    expect(backend.handle({ type: 'callbackStatus', agentId: 'bob', callbackId: id, status: 'assigned', assignee: 'bob', attempts: 0 })).toMatchObject({ ok: false });
  });

  it('gives the call to the first claim, and a declined offer to nobody else', () => {
    const { backend, agents, visitors, agent, visitor, of, handOff } = setUp();
    agent('ann');
    agent('bob');
    visitor('v1');
    handOff('v1');
    const callId = of(agents.ann!, 'offer')[0]!.callId;
    expect(backend.handle({ type: 'claimOffer', agentId: 'bob', callId, tab: 'tab-bob' })).toMatchObject({ ok: true, claimed: true });
    expect(backend.handle({ type: 'claimOffer', agentId: 'ann', callId, tab: 'tab-ann' })).toEqual({ ok: true, claimed: false });
    expect(of(agents.ann!, 'offerGone')).toEqual([{ type: 'offerGone', callId, reason: 'answeredElsewhere' }]);
    expect(of(visitors.v1!, 'personJoining')[0]).toMatchObject({ callId, forCallId: 'call-v1', agent: { id: 'bob' } });
    // Bob's claim holds when his desk asks again (the connect after the hand-off claim).
    expect(backend.handle({ type: 'claimOffer', agentId: 'bob', callId, tab: 'tab-bob' })).toMatchObject({ claimed: true });
    // Bob's second tab does not get the call his first tab won (002: one tab).
    expect(backend.handle({ type: 'claimOffer', agentId: 'bob', callId, tab: 'tab-bob-2' })).toEqual({ ok: true, claimed: false });
    // Ann's desk saw the offer end; her report does not end Bob's call.
    backend.handle({ type: 'callEnded', agentId: 'ann', callId, reason: 'answeredElsewhere', durationMs: 0, media: 'audio' });
    expect(backend.handle({ type: 'roomToken', party: { role: 'agent', id: 'bob' }, callId })).toMatchObject({ ok: true });
  });

  it('transfers to an agent in a new room, and reports the target declining', () => {
    const { backend, agents, agent, visitor, of, handOff } = setUp();
    agent('ann');
    agent('bob');
    visitor('v1');
    handOff('v1');
    const callId = of(agents.ann!, 'offer')[0]!.callId;
    backend.handle({ type: 'claimOffer', agentId: 'ann', callId, tab: 'tab-ann' });
    expect(backend.handle({ type: 'transfer', agentId: 'ann', callId, transferId: `${callId}#1`, target: { kind: 'agent', agentId: 'bob' } })).toEqual({ ok: true });
    const offer = of(agents.bob!, 'offer').at(-1)!;
    expect(offer.callId).not.toBe(callId);
    expect(offer).toMatchObject({ handoff: false, roomRole: 'dial', transferOf: { agentId: 'ann', transferId: `${callId}#1` } });
    expect(of(agents.ann!, 'transferUpdate').at(-1)).toMatchObject({ stage: 'ringing' });
    backend.handle({ type: 'declineOffer', agentId: 'bob', callId: offer.callId, tab: 'tab-bob' });
    expect(of(agents.ann!, 'transferUpdate').at(-1)).toMatchObject({ callId, stage: 'failed', reason: 'rejected' });
    // A second try that Bob takes completes the transfer.
    backend.handle({ type: 'transfer', agentId: 'ann', callId, transferId: `${callId}#2`, target: { kind: 'agent', agentId: 'bob' } });
    const again = of(agents.bob!, 'offer').at(-1)!;
    backend.handle({ type: 'claimOffer', agentId: 'bob', callId: again.callId, tab: 'tab-bob' });
    expect(of(agents.ann!, 'transferUpdate').at(-1)).toMatchObject({ callId, transferId: `${callId}#2`, stage: 'completed' });
  });

  it('fails external transfers (no phone gateway) and refuses queues without automatic assignment', () => {
    const { backend, agents, agent, visitor, of, handOff } = setUp();
    agent('ann');
    visitor('v1');
    handOff('v1');
    const callId = of(agents.ann!, 'offer')[0]!.callId;
    backend.handle({ type: 'claimOffer', agentId: 'ann', callId, tab: 'tab-ann' });
    backend.handle({ type: 'transfer', agentId: 'ann', callId, transferId: 't1', target: { kind: 'external', number: '+14155550123', source: 'contact', contactId: 'billing' } });
    expect(of(agents.ann!, 'transferUpdate').at(-1)).toMatchObject({ stage: 'failed', reason: 'error' });
    expect(backend.handle({ type: 'transfer', agentId: 'ann', callId, transferId: 't2', target: { kind: 'queue', queue: 'sales' } })).toMatchObject({ ok: false });
    // Nobody else free in support: the transfer fails as busy.
    backend.handle({ type: 'transfer', agentId: 'ann', callId, transferId: 't3', target: { kind: 'queue', queue: 'support' } });
    expect(of(agents.ann!, 'transferUpdate').at(-1)).toMatchObject({ transferId: 't3', stage: 'failed', reason: 'busy' });
    // Someone else's call cannot be transferred.
    expect(backend.handle({ type: 'transfer', agentId: 'bob', callId, transferId: 't4', target: { kind: 'agent', agentId: 'ann' } })).toMatchObject({ ok: false });
  });

  it('takes the hand-off card away when the visitor gives up (002)', () => {
    const { backend, agents, agent, visitor, of, handOff } = setUp();
    agent('ann');
    visitor('v1');
    handOff('v1');
    const callId = of(agents.ann!, 'offer')[0]!.callId;
    backend.handle({ type: 'endAssistant', visitorId: 'v1' });
    expect(of(agents.ann!, 'offerGone')).toEqual([{ type: 'offerGone', callId, reason: 'canceled' }]);
    expect(backend.handle({ type: 'claimOffer', agentId: 'ann', callId, tab: 'tab-ann' })).toEqual({ ok: true, claimed: false });
  });

  it('rings a visitor by the number People knows, and records history and recordings for the owner only', () => {
    const { backend, agents, visitors, agent, visitor, of } = setUp();
    agent('ann');
    visitor('v1');
    const number = of(visitors.v1!, 'welcome')[0]!.number;
    expect(backend.handle({ type: 'dialVisitor', agentId: 'ann', callId: 'out-1', number, media: 'video' })).toMatchObject({ ok: true });
    expect(of(visitors.v1!, 'incomingCall')[0]).toMatchObject({ callId: 'out-1', media: 'video', agent: { id: 'ann', name: 'Ann Lee' } });
    expect(backend.handle({ type: 'dialVisitor', agentId: 'ann', callId: 'out-2', number: '+14155550999', media: 'audio' })).toMatchObject({ ok: false });
    backend.handle({ type: 'callEnded', agentId: 'ann', callId: 'out-1', reason: 'completed', durationMs: 42_000, media: 'video' });
    expect(of(agents.ann!, 'recordings').at(-1)!.recordings).toEqual([expect.objectContaining({ callId: 'out-1', agentId: 'ann', durationMs: 42_000, media: 'video' })]);
    expect(of(agents.ann!, 'history').at(-1)!.calls[0]).toMatchObject({ callId: 'out-1', reason: 'completed' });
  });
});
