// The agent hangs up while the signaling connection is down: the bye waits in
// the client's queue. On reopen the adapter first joins the call's room again,
// so the bye reaches the far side from a member of the room, and the far side
// ends the call as hung up instead of retrying a lost network until it gives up.
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { SignalingError } from '../src/index.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server, sockets } = useSignalingServer();
const sides = disposedAfterEach();

describe('a hang-up while the signaling connection is down', () => {
  it('reaches the far side as a hang-up once the connection is back', async () => {
    // Its signaling takes 1.5 s to reopen: long enough to hang up meanwhile.
    const near = createNodeSide({ url: `${server().url}?side=near-outage` }, 'Agent', {}, 1_500);
    const far = createNodeSide({ url: `${server().url}?side=far-outage` }, 'Visitor');
    sides.push(near, far);
    const callId: CallId = `bye-outage-${process.pid}`;
    await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
    await createRemoteDriver(near, far).answer(callId);
    await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
    const errors: SignalingError[] = [];
    near.signaling.errors$.subscribe((error) => errors.push(error));
    sockets.filter((s) => s.side === 'near-outage').at(-1)!.socket.destroy();
    await waitFor(() => errors.some((error) => error.code === 'closed'), 'the near client noticed the drop');
    await near.adapter.disconnect(callId, 'completed');
    await waitFor(() => far.seen.some((e) => e.type === 'remoteEnded'), 'the hang-up at the far side', 6_000);
    expect(far.seen.find((e) => e.type === 'remoteEnded')).toMatchObject({ callId, reason: 'hangup' });
  });
});
