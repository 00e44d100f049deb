// The desk at its boundaries: an adapter desk method that throws instead of
// rejecting, and a snapshot saved by another agent (003: only your own
// recordings).
import { describe, expect, it } from 'vitest';
import { createAgentDesk, getCall, myRecordings, transferStatus, type DeskEffect, type EngineInput } from '../src/index.js';
import { deskConfig, deskHarness, deskOnCallWithBob } from './deskSupport.js';
import { harness } from './support.js';

describe('the desk at its boundaries', () => {
  it('an adapter desk method that throws synchronously does not throw out of send(), and the effects after it still run', async () => {
    const h = await deskOnCallWithBob();
    h.engine.hold('c1');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'c1')?.hold.status).toBe('on');
    h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-bob', name: 'Bob' } });
    await h.clock.tick(10);
    // A non-async adapter method that throws (the engine guards `transfer` and adapter commands against this, not these).
    (h.adapter as unknown as { cancelTransfer: () => never }).cancelTransfer = () => { throw new Error('sync boom'); };
    let result: unknown;
    expect(() => { result = h.engine.send({ type: 'cancelTransfer', callId: 'c1' }); }).not.toThrow();
    expect(result).toMatchObject({ ok: true });
    expect(transferStatus(h.engine.getSnapshot(), 'c1').warning?.reason).toBe('canceled');
    // Caught where the desk runs its effects, not by the engine's last-resort guard, which would report an error.
    expect(h.outputs.filter((o) => o.type === 'error')).toEqual([]);
    // The queue's hold music is played again after the cancel (second holdAudio effect).
    expect(h.outputs.filter((o) => o.type === 'desk' && (o as DeskEffect).action === 'holdAudio')).toHaveLength(2);
  });

  it("a snapshot saved by agent Ann, rehydrated into agent Bob's desk, is Bob's: his id and queues, not Ann's recordings", async () => {
    const h = deskHarness(); // agent-ann
    h.adapter.remote.offer({ callId: 'c1', remote: { number: '+14155550142' }, queue: 'support' });
    await h.clock.tick(1_000);
    h.engine.accept('c1');
    await h.clock.tick(10);
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('connected');
    h.engine.send({ type: 'recordingAvailable', callId: 'c1', recordingId: 'r1', media: 'audio', durationMs: 5_000, url: 'https://rec/r1' } as EngineInput);
    h.engine.hangUp('c1');
    await h.clock.tick(40_000);
    expect(myRecordings(h.engine.getSnapshot())).toHaveLength(1);
    const snapshot = JSON.parse(JSON.stringify(h.engine.getSnapshot()));
    const bobDesk = createAgentDesk({ ...deskConfig, agent: { id: 'agent-bob', name: 'Bob', queues: ['billing'] } });
    // A desk never starts from another agent's snapshot: a typed refusal at creation, not Ann's recordings on Bob's screen.
    expect(() => harness({ engine: { extension: bobDesk, initialState: snapshot } })).toThrow(/initialState is the desk of agent-ann, not of agent-bob/);
    // Ann's own desk starts from it, recordings and all.
    const again = harness({ engine: { extension: createAgentDesk(deskConfig), initialState: snapshot } });
    expect(myRecordings(again.engine.getSnapshot())).toHaveLength(1);
  });
});
