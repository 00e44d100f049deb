// An offer that names its conversation goes into that conversation, even when
// another open conversation with the same customer is here.
import { describe, expect, it } from 'vitest';
import { conversation, deskCall, type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

const CUSTOMER = '+14155550142';

describe('offer conversation', () => {
  it('an offer naming its conversation goes into that conversation, not into another open one with the customer', async () => {
    const h = deskHarness();
    // A chat from the customer earlier opened an unassigned conversation here.
    h.engine.send({ type: 'messageReceived', customer: { number: CUSTOMER }, channel: 'chat', messageId: 'm1' } as EngineInput);
    expect(conversation(h.engine.getSnapshot(), 'conv-m1')?.status).toBe('open');

    // The routing side offers a call that belongs to conversation conv-backend-7 (not loaded on this desk).
    h.adapter.remote.offer({ callId: 'c1', remote: { number: CUSTOMER }, queue: 'support', conversationId: 'conv-backend-7' });
    await h.clock.tick(10);
    // Before the fix: the call is filed under 'conv-m1', and conv-backend-7 is never created.
    expect(deskCall(h.engine.getSnapshot(), 'c1')?.conversationId).toBe('conv-backend-7');
  });
});
