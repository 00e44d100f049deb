// A held (queued) offer the network ends keeps the network's reason in the
// history, as a ringing one does.
import { describe, expect, it } from 'vitest';
import { getCall, type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

describe('queued offer outcome', () => {
  it('a held offer the routing side gave to another agent is answeredElsewhere in the history, as a ringing one is', async () => {
    const h = deskHarness({ config: { busyPolicy: 'queue' } });
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support' });
    await h.clock.tick(100);
    h.engine.accept('c1');
    await h.clock.tick(50);
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('connected');

    // Held while the agent is on c1 (busy policy 'queue').
    h.adapter.remote.offer({ callId: 'q1', remote: { number: '+14155550177' }, queue: 'support' });
    expect(h.engine.getSnapshot().desk?.queuedOffers.map((q) => q.callId)).toEqual(['q1']);
    await h.clock.tick(1_000);
    // The routing side hands it to another agent instead.
    h.engine.send({ type: 'remoteEnded', callId: 'q1', reason: 'answeredElsewhere' } as EngineInput);

    const entry = h.engine.getSnapshot().history.find((e) => e.id === 'q1');
    expect(entry?.endReason).toBe('answeredElsewhere'); // was 'canceled'
  });

  it('the same network news about a ringing offer is answeredElsewhere (control)', async () => {
    const h = deskHarness();
    h.adapter.remote.offer({ callId: 'r1', remote: { number: '+14155550177' }, queue: 'support' });
    await h.clock.tick(1_000);
    h.engine.send({ type: 'remoteEnded', callId: 'r1', reason: 'answeredElsewhere' } as EngineInput);
    expect(h.engine.getSnapshot().history.find((e) => e.id === 'r1')?.endReason).toBe('answeredElsewhere');
  });
});
