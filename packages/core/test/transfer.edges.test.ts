// Transfer edges (003): a no-answer deadline whose timer ran late decides at
// the deadline, as any input after it would; and after a completed transfer
// the customer talks on with the target, so the wrap-up timing out resolves
// nothing.
import { describe, expect, it } from 'vitest';
import { conversation, getCall, transferStatus, type DeskNotice, type DeskEffect, type EngineInput } from '../src/index.js';
import { deskOnCallWithBob } from './deskSupport.js';

const notices = (h: { outputs: unknown[] }) => (h.outputs as { type: string; action?: string; notice?: DeskNotice }[])
  .flatMap((o) => (o.type === 'desk' && o.action === 'notify' ? [o.notice!] : []));

describe('transfer edges', () => {
  it('a transfer no-answer timer that fires late (throttled tab) fails the transfer at its deadline, as an input would', async () => {
    const h = await deskOnCallWithBob(); // transfer.noAnswerMs = 20 s
    expect(getCall(h.engine.getSnapshot(), 'c1')?.phase).toBe('connected');
    const startedAt = h.clock.now();
    h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-bob', name: 'Bob' } });
    await h.clock.tick(10);
    h.clock.jump(60_000); // the tab sleeps past the 20 s deadline; the timer runs 40 s late
    await h.clock.tick(0);
    const state = h.engine.getSnapshot();
    const notice = h.outputs.flatMap((o) => (o.type === 'desk' && (o as DeskEffect).action === 'notify' ? [(o as Extract<DeskEffect, { action: 'notify' }>).notice] : []))
      .find((n): n is Extract<DeskNotice, { type: 'transferFailed' }> => n.type === 'transferFailed');
    expect(transferStatus(state, 'c1').warning).toMatchObject({ reason: 'noAnswer', at: startedAt + 20_000 });
    expect(conversation(state, 'conv-c1')!.timeline.at(-1)).toMatchObject({ kind: 'transferFailed', at: startedAt + 20_000 });
    expect(notice?.at).toBe(startedAt + 20_000);
  });

  it('after a completed transfer, the wrap-up timing out does not resolve the conversation the customer is still on with the target', async () => {
    const h = await deskOnCallWithBob();
    h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-bob', name: 'Bob' } });
    await h.clock.tick(10);
    h.adapter.remote.transferAnswered('c1'); // the customer now talks with Bob
    expect(h.engine.getSnapshot().desk?.wrapUp?.after).toBe('transferred');
    await h.clock.tick(31_000); // Ann does nothing; wrap-up times out
    expect(h.engine.getSnapshot().desk?.wrapUp).toBeUndefined();
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')?.status).not.toBe('resolved');
    const statusNotices = h.outputs.filter((o) => o.type === 'desk' && (o as DeskEffect).action === 'notify'
      && (o as Extract<DeskEffect, { action: 'notify' }>).notice.type === 'conversationStatus');
    expect(statusNotices).toEqual([]);
  });

  it('the network saying "transferred" after it said the transfer failed is no transfer of this desk: nothing logged as completed, as for a stale transferCompleted', async () => {
    const h = await deskOnCallWithBob();
    h.engine.send({ type: 'transfer', callId: 'c1', target: { kind: 'agent', agentId: 'agent-bob', name: 'Bob' } });
    await h.clock.tick(10);
    h.adapter.remote.transferFails('c1', 'busy');
    await h.clock.tick(10);
    // The desk's own news for that attempt is dropped as stale...
    const stale = h.engine.getSnapshot();
    h.engine.send({ type: 'transferCompleted', callId: 'c1', transferId: 'c1#1' } as EngineInput);
    expect(h.engine.getSnapshot()).toBe(stale);
    // ...but the same news from the network path claims the failed transfer completed after all.
    h.engine.send({ type: 'remoteEnded', callId: 'c1', reason: 'transferred' });
    await h.clock.tick(10);
    expect(notices(h).map((n) => n.type)).not.toContain('transferCompleted');
    expect(conversation(h.engine.getSnapshot(), 'conv-c1')!.timeline.map((e) => e.kind)).not.toContain('transferred');
    expect(getCall(h.engine.getSnapshot(), 'c1')).toBeUndefined();
  });
});
