// A peer signal that is not one (an empty object, a candidate without one, a
// description that is no SDP) is refused as malformed, by the server or by the
// receiving side, and the call carries on: the peer is not destroyed. So is one
// that passes the wire schema but does not fit this side of the call.
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { SignalingError } from '../src/index.js';
import type { PeerSignal } from '../src/signaling/messages.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();
let calls = 0;

/** A connected call; `sender` sends the signal, the other side receives it. */
async function connectedCall(sender: 'near' | 'far') {
  const near = createNodeSide(server(), 'Agent');
  const far = createNodeSide(server(), 'Visitor');
  sides.push(near, far);
  const callId: CallId = `malformed-${process.pid}-${++calls}`;
  await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
  const [from, to] = sender === 'far' ? [far, near] : [near, far];
  const errors: SignalingError[] = [];
  for (const side of [from, to]) side.adapter.protocolErrors$.subscribe((e) => errors.push(e));
  return { callId, from, to, errors };
}

describe('a malformed peer signal at the current generation', () => {
  it.each([
    ['an empty signal, to the calling side', 'far', {}],
    ['a candidate with no candidate, to the calling side', 'far', { type: 'candidate' }],
    ['a garbage offer SDP, to the answering side', 'near', { type: 'offer', sdp: 'v=0' }],
  ] as const)('%s is refused as malformed and the call carries on', async (_label, sender, data) => {
    const { callId, from, to, errors } = await connectedCall(sender);
    // Valid for the server's schema (every field of a peer signal is optional): relayed as is.
    from.signaling.send({ type: 'signal', room: callId, generation: 1, data: data as PeerSignal });
    await pause(1_500);

    expect(to.seen.filter((e) => e.type === 'networkLost')).toEqual([]);
    expect(errors.map((e) => e.code)).toContain('malformed');
  });
});

describe('a schema-valid peer signal that does not fit the call', () => {
  it.each([
    ['a garbage offer for the next generation, to the answering side', 'near', 2, { type: 'offer', sdp: 'v=0' }],
    ['a rollback carrying an sdp, to the answering side', 'near', 1, { type: 'rollback', sdp: 'x' }],
    ['a pranswer to the answering side', 'near', 1, { type: 'pranswer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' }],
    ['an offer that only looks like SDP, to the answering side', 'near', 1, { type: 'offer', sdp: 'v=0\r\nm=x\r\n' }],
    ['an offer to the calling side', 'far', 1, { type: 'offer', sdp: 'v=0\r\nm=x\r\n' }],
    ['a candidate for an m-line that does not exist, to the calling side', 'far', 1, { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '99', sdpMLineIndex: 99 } }],
  ] as const)('%s changes nothing: the living peer carries the call on', async (_label, sender, generation, data) => {
    const { callId, from, to } = await connectedCall(sender);
    from.signaling.send({ type: 'signal', room: callId, generation, data: data as PeerSignal });
    await pause(1_500);

    expect(to.seen.filter((e) => e.type === 'networkLost')).toEqual([]);
    // The receiving side's media connection is still the working one.
    await expect(to.adapter.sendDtmf(callId, '1')).resolves.toBeUndefined();
  });
});
