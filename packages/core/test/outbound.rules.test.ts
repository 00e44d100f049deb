// 003 "Make a call": the status picked for the conversation is kept once the
// customer answers, and the pre-existing-conversation rule puts another
// agent already talking with the customer before an unassigned thread.
import { describe, expect, it } from 'vitest';
import { conversation, getCall, outboundDecision, type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

const CUSTOMER = '+14155550142';
/** An open conversation with the customer, as the backend loads it. */
const loaded = (id: string, assignee: string | null) => ({ id, customer: { number: CUSTOMER }, assignee, status: 'open', queue: 'support', tags: [], pending: 0, timeline: [] });

/** A desk (agent-ann) with these conversations loaded, and the result of a follow-up call in one of them. */
function followUpAmong(conversations: ReturnType<typeof loaded>[], conversationId: string) {
  const h = deskHarness();
  h.engine.send({ type: 'conversationsLoaded', conversations } as EngineInput);
  return { h, result: h.engine.send({ type: 'followUpCall', callId: 'f1', conversationId, from: '+14155550100' } as EngineInput) };
}

describe('outbound rules', () => {
  it('the status picked in "Start conversation" is kept when the customer answers', async () => {
    const h = deskHarness();
    const start = { type: 'startOutbound', callId: 'out-1', from: '+14155550100', to: { number: '+14155550142' }, queue: 'support', status: 'resolved' } as EngineInput;
    expect(h.engine.send(start).ok).toBe(true);
    expect(conversation(h.engine.getSnapshot(), 'conv-out-1')?.status).toBe('resolved');
    await h.clock.tick(10);
    h.adapter.remote.answer('out-1');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'out-1')?.phase).toBe('connected');
    expect(conversation(h.engine.getSnapshot(), 'conv-out-1')?.status).toBe('resolved');
  });

  it("a customer another agent is already communicating with is not called, even when an old unassigned conversation of theirs is open too", () => {
    // An old unassigned email thread, and the live conversation Bob has with the same customer.
    const { h, result } = followUpAmong([loaded('conv-email', null), loaded('conv-bob', 'agent-bob')], 'conv-email');
    expect(outboundDecision(h.engine.getSnapshot(), CUSTOMER).kind).toBe('assignedElsewhere');
    expect(result.ok).toBe(false);
    expect(h.engine.getSnapshot().calls).toEqual([]);
  });

  it("a follow-up on another agent's open conversation is refused, also when I have an open conversation with that customer", () => {
    const { h, result } = followUpAmong([loaded('conv-bob', 'agent-bob'), loaded('conv-ann', 'agent-ann')], 'conv-bob');
    expect(result.ok).toBe(false);
    expect(h.engine.getSnapshot().calls).toEqual([]);
  });

  it('a follow-up on an open unassigned conversation is placed in that conversation, not moved to another of mine', () => {
    const { h, result } = followUpAmong([loaded('conv-new', null), loaded('conv-ann', 'agent-ann')], 'conv-new');
    expect(result.ok).toBe(true);
    expect(conversation(h.engine.getSnapshot(), 'conv-new')!.timeline.map((e) => e.kind)).toContain('callPlaced');
    expect(conversation(h.engine.getSnapshot(), 'conv-new')!.assignee).toBe('agent-ann');
  });
});
