// The calling side's signaling drops while its call rings: on reopen the
// adapter rings again, so a callee who opens the link afterwards is rung.
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
});
