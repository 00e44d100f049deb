// Peer signals that pass the wire schema but are not usable must be
// refused and change nothing; the live call carries on.
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { SignalingError } from '../src/index.js';
import type { PeerSignal } from '../src/signaling/messages.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();
let calls = 0;

describe('a hostile but schema-valid peer signal', () => {
  it.each([
    ['a garbage offer for the next generation, to the answering side', 'near', 2, { type: 'offer', sdp: 'v=0' }],
    ['a rollback carrying an sdp, to the answering side', 'near', 1, { type: 'rollback', sdp: 'x' }],
    ['a pranswer to the answering side', 'near', 1, { type: 'pranswer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' }],
    ['an offer that only looks like SDP, to the answering side', 'near', 1, { type: 'offer', sdp: 'v=0\r\nm=x\r\n' }],
    ['an offer that only looks like SDP, to the calling side', 'far', 1, { type: 'offer', sdp: 'v=0\r\nm=x\r\n' }],
    ['a candidate for an m-line that does not exist, to the calling side', 'far', 1, { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '99', sdpMLineIndex: 99 } }],
  ] as const)('%s is refused and the call carries on', async (_label, sender, generation, data) => {
    const near = createNodeSide(server(), 'Agent');
    const far = createNodeSide(server(), 'Visitor');
    sides.push(near, far);
    const callId: CallId = `hostile-sig-${process.pid}-${++calls}`;
    await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
    await createRemoteDriver(near, far).answer(callId);
    await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
    const [from, to] = sender === 'far' ? [far, near] : [near, far];
    const errors: SignalingError[] = [];
    for (const side of [from, to]) side.adapter.protocolErrors$.subscribe((e) => errors.push(e));

    from.signaling.send({ type: 'signal', room: callId, generation, data: data as PeerSignal });
    await pause(1_500);

    expect(to.seen.filter((e) => e.type === 'networkLost')).toEqual([]);
    // The receiving side's media connection is still the working one.
    await expect(to.adapter.sendDtmf(callId, '1')).resolves.toBeUndefined();
  });
});
