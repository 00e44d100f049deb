// The calling side's signaling drops while its call rings: on reopen the
// adapter rings again, so a callee who opens the link afterwards is rung, and
// a callee already rung goes on ringing (the caller is given callerGoneMs to
// come back) and can answer, even in the gap.
import type { AdapterEvent, CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { SignalingServer } from '../src/server/index.js';
import { createNodeSide, disposedAfterEach, tokenFor, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server, sockets } = useSignalingServer();
const sides = disposedAfterEach();

async function dropAndReopen(side: string) {
  const before = sockets.filter((s) => s.side === side).length;
  sockets.filter((s) => s.side === side).at(-1)!.socket.destroy();
  await waitFor(() => sockets.filter((s) => s.side === side).length > before, 'reopened');
  await new Promise((r) => setTimeout(r, 200)); // the rejoin is processed
}
const incomings = (seen: AdapterEvent[], callId: CallId) => seen.filter((e) => e.type === 'incoming' && e.callId === callId).length;

describe('a ringing call whose caller\'s signaling blips', () => {
  it('still rings a callee who opens the link after the blip', async () => {
    const near = createNodeSide({ url: `${server().url}?side=near-a` } as SignalingServer, 'Agent');
    const far = createNodeSide({ url: `${server().url}?side=far-a` } as SignalingServer, 'Visitor');
    sides.push(near, far);
    const callId: CallId = `ring-blip-a-${process.pid}`;
    await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences }); // the ring is out
    await dropAndReopen('near-a');
    await far.adapter.watchRoom({ room: callId, token: tokenFor(callId) });
    await waitFor(() => incomings(far.seen, callId) === 1, 'the late callee rung', 3_000);
  });

  const ended = (seen: AdapterEvent[], callId: CallId) => seen.filter((e) => e.type === 'remoteEnded' && e.callId === callId);
  const connected = (side: { seen: AdapterEvent[] }, callId: CallId) => side.seen.some((e) => e.type === 'mediaConnected' && e.callId === callId);
  const answer = (side: { adapter: { connect(request: object): Promise<void> } }, callId: CallId) =>
    side.adapter.connect({ callId, direction: 'inbound', media: 'audio', remote: {}, preferences });

  /** A caller's call ringing at a callee watching its room; `near-<tag>` / `far-<tag>` name their server-side sockets. */
  async function ringing(tag: string, nearReopenDelayMs?: number, farOptions: Parameters<typeof createNodeSide>[2] = {}) {
    const near = createNodeSide({ url: `${server().url}?side=near-${tag}` } as SignalingServer, 'Agent', {}, nearReopenDelayMs);
    const far = createNodeSide({ url: `${server().url}?side=far-${tag}` } as SignalingServer, 'Visitor', farOptions);
    sides.push(near, far);
    const callId: CallId = `ring-blip-${tag}-${process.pid}`;
    await far.adapter.watchRoom({ room: callId, token: tokenFor(callId) });
    await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
    await waitFor(() => incomings(far.seen, callId) === 1, 'the callee rung');
    return { near, far, callId };
  }

  it('keeps ringing a callee already rung, who then answers and is connected', async () => {
    const { near, far, callId } = await ringing('b');
    await dropAndReopen('near-b');
    expect(ended(far.seen, callId)).toEqual([]);
    expect(incomings(far.seen, callId)).toBe(1);
    await answer(far, callId);
    await waitFor(() => connected(near, callId) && connected(far, callId), 'media connected on both sides', 10_000);
  });

  it('answered while the caller is away, the answer goes again when the caller rings again', async () => {
    const { near, far, callId } = await ringing('c', 1_500);
    const before = sockets.filter((s) => s.side === 'near-c').length;
    sockets.filter((s) => s.side === 'near-c').at(-1)!.socket.destroy();
    await new Promise((r) => setTimeout(r, 300)); // the server has dropped the caller, and its ring
    await answer(far, callId);
    await waitFor(() => sockets.filter((s) => s.side === 'near-c').length > before, 'the caller reopened', 5_000);
    await waitFor(() => connected(near, callId) && connected(far, callId), 'media connected on both sides', 10_000);
    expect(ended(far.seen, callId)).toEqual([]);
  });

  it('ends the ring as canceled when the caller does not come back within callerGoneMs', async () => {
    const { near, far, callId } = await ringing('d', undefined, { timeouts: { ackMs: 2_000, reconnectAttemptMs: 3_000, callerGoneMs: 500 } });
    const goneAt = Date.now();
    near.signaling.close(); // the caller's tab closed: no bye, no new socket
    await waitFor(() => ended(far.seen, callId).length > 0, 'the ring ended', 5_000);
    expect(Date.now() - goneAt).toBeGreaterThanOrEqual(450);
    expect(ended(far.seen, callId)).toEqual([{ type: 'remoteEnded', callId, reason: 'canceled' }]);
  });
});
