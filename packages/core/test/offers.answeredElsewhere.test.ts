// An offer this tab accepted but another tab or device got first (remoteEnded
// answeredElsewhere before media flowed here) goes on there: no wrap-up here,
// and no conversation status sent for it.
import { describe, expect, it } from 'vitest';
import { agentAvailability, getCall, type DeskNotice, type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

describe('answered elsewhere after Accept', () => {
  it('opens no wrap-up and resolves nothing: the call is handled in the other tab', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support' });
    await h.clock.tick(1_000);
    // Both tabs clicked Accept; the network gives the call to the other one.
    expect(h.engine.accept('c1').ok).toBe(true);
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('connecting');
    h.engine.send({ type: 'remoteEnded', callId: 'c1', reason: 'answeredElsewhere' } as EngineInput);

    const state = h.engine.getSnapshot();
    expect(state.history[0]).toMatchObject({ id: 'c1', endReason: 'answeredElsewhere' });
    // Before the fix: a 30 s wrap-up opens for a call this tab never had; offers are refused inWrapUp meanwhile.
    expect(state.desk?.wrapUp).toBeUndefined();
    expect(agentAvailability(state)).toBe('available');

    await h.clock.tick(30_000);
    const statusNotices = h.outputs.flatMap((o) => (o.type === 'desk' && o.action === 'notify' && (o.notice as DeskNotice).type === 'conversationStatus' ? [o.notice] : []));
    // Before the fix: the timed-out wrap-up tells the backend the conversation is resolved while the call is live in the other tab.
    expect(statusNotices).toEqual([]);
  });
});
