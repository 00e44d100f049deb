// Automated callbacks go only to an agent who takes calls: on duty and not
// offline. One assigned before the agent went offline is handed back.
import { describe, expect, it } from 'vitest';
import { type EngineInput } from '../src/index.js';
import { deskHarness } from './deskSupport.js';

const request = { type: 'callbackRequested', callbackId: 'cb-1', customer: { number: '+14155550142' }, mode: 'automated', queue: 'support' } as EngineInput;

describe('automated callbacks and presence', () => {
  it('an automated callback requested while the agent is offline is not assigned to them', async () => {
    const h = deskHarness();
    expect(h.engine.send({ type: 'setPresence', presence: 'offline' }).ok).toBe(true);
    // An offer of the same queue is refused: the agent takes no calls.
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550177' }, queue: 'support' });
    expect(h.engine.getSnapshot().calls).toEqual([]);

    h.engine.send(request);
    await h.clock.tick(1_000);
    const callback = h.engine.getSnapshot().desk!.callbacks[0]!;
    
    expect(callback).toMatchObject({ status: 'queued', assignee: null });
  });

  it('an agent who goes offline hands back the automated callbacks waiting for them, as going off duty does', async () => {
    const h = deskHarness();
    // Assigned while the agent is on a call, so it waits for them.
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550177' }, queue: 'support' });
    await h.clock.tick(100);
    h.engine.accept('c1');
    await h.clock.tick(50);
    h.engine.send(request);
    expect(h.engine.getSnapshot().desk!.callbacks[0]).toMatchObject({ status: 'assigned', assignee: 'agent-ann' });

    expect(h.engine.send({ type: 'setPresence', presence: 'offline' }).ok).toBe(true);
    
    expect(h.engine.getSnapshot().desk!.callbacks[0]).toMatchObject({ status: 'queued', assignee: null });
  });
});
