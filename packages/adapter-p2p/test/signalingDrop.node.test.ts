// The signaling WebSocket dies mid-call (a proxy restart, a server-side
// kill) and comes back. The media path is peer to peer and does not go
// through signaling, so the call keeps flowing and the engine hears nothing:
// no networkLost, no networkRestored. What must recover is everything that
// does need signaling: renegotiation and a later ICE restart or peer rebuild.
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { P2PAdapterOptions } from '../src/index.js';
import type { SignalingServer } from '../src/server/index.js';
import { createNodeSide, disposedAfterEach, createRemoteDriver, recordingWrtc, useSignalingServer, waitFor, type NodeSide } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server, sockets: serverSockets } = useSignalingServer();
const sides = disposedAfterEach();

const connectionsOf = (side: string) => serverSockets.filter((entry) => entry.side === side).length;

/** Destroys the server's end of each side's current signaling connection and waits for the clients to open new ones. */
async function dropSignaling(...names: string[]): Promise<void> {
  const before = new Map(names.map((name) => [name, connectionsOf(name)]));
  for (const name of names) serverSockets.filter((entry) => entry.side === name).at(-1)!.socket.destroy();
  await waitFor(() => names.every((name) => connectionsOf(name) > before.get(name)!), 'the signaling connections reopened');
}

let calls = 0;
async function connectedPair(nearRtc: P2PAdapterOptions['wrtc']) {
  const near = createNodeSide({ url: `${server().url}?side=near` } as SignalingServer, 'Agent', { wrtc: nearRtc });
  const far = createNodeSide({ url: `${server().url}?side=far` } as SignalingServer, 'Visitor');
  sides.push(near, far);
  const callId: CallId = `drop-${process.pid}-${++calls}`;
  await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'both sides connected');
  return { near, far, callId };
}

const networkEvents = (side: NodeSide) => side.seen.filter((e) => e.type === 'networkLost' || e.type === 'networkRestored' || e.type === 'remoteEnded');

describe('a p2p call whose signaling connection drops', () => {
  it.each([
    ['the calling side\'s', ['near']],
    ['the answering side\'s', ['far']],
    ['both sides\'', ['near', 'far']],
  ] as const)('keeps flowing when %s connection is killed, and renegotiates and rebuilds over the new one', async (_label, dropped) => {
    const nearRtc = recordingWrtc();
    const { near, far, callId } = await connectedPair(nearRtc.wrtc);
    await dropSignaling(...dropped);

    // The peer never noticed: nothing for the engine to reconnect.
    await near.adapter.hold(callId);
    await near.adapter.resume(callId);
    expect(networkEvents(near)).toEqual([]);
    expect(networkEvents(far)).toEqual([]);

    // Renegotiation goes through signaling: an audio call turns its camera on.
    await near.adapter.setCamera(callId, true);
    await waitFor(() => (far.adapter.getStreams(callId).remote?.getVideoTracks().length ?? 0) > 0, 'the camera at the far side (renegotiated)');

    // So does rebuilding a dead peer, which the engine asks for.
    nearRtc.connections.at(-1)!.close();
    await waitFor(() => near.seen.some((e) => e.type === 'networkLost'), 'networkLost after the peer died');
    await near.adapter.reconnect(callId, 1);
    await waitFor(() => far.seen.some((e) => e.type === 'networkRestored'), 'networkRestored at the far side');
    await near.adapter.sendDtmf(callId, '1');
    expect(server().rooms).toBe(1);
  });
});
