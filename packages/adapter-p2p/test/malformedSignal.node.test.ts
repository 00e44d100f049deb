// A peer signal that is not one (an empty object, a candidate without one, a
// description that is no SDP) is refused as malformed, by the server or by the
// receiving side, and the call carries on: the peer is not destroyed.
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { SignalingError } from '../src/index.js';
import type { PeerSignal } from '../src/signaling/messages.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();
let calls = 0;

describe('a malformed peer signal at the current generation', () => {
  it.each([
    ['an empty signal, to the calling side', 'far', {}],
    ['a candidate with no candidate, to the calling side', 'far', { type: 'candidate' }],
    ['a garbage offer SDP, to the answering side', 'near', { type: 'offer', sdp: 'v=0' }],
  ] as const)('%s is refused as malformed and the call carries on', async (_label, sender, data) => {
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

    // Valid for the server's schema (every field of a peer signal is optional): relayed as is.
    from.signaling.send({ type: 'signal', room: callId, generation: 1, data: data as PeerSignal });
    await pause(1_500);

    expect(to.seen.filter((e) => e.type === 'networkLost')).toEqual([]);
    expect(errors.map((e) => e.code)).toContain('malformed');
  });
});
