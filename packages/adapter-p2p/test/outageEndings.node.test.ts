// Hang-up races with a signaling outage must end with one outcome at both sides.
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { SignalingError } from '../src/index.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server, sockets } = useSignalingServer();
const sides = disposedAfterEach();
let calls = 0;

async function pairWithSlowNear(tag: string) {
  const near = createNodeSide({ url: `${server().url}?side=near-${tag}` }, 'Agent', {}, 1_500);
  const far = createNodeSide({ url: `${server().url}?side=far-${tag}` }, 'Visitor');
  sides.push(near, far);
  const callId: CallId = `outage-${process.pid}-${++calls}`;
  await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
  const errors: SignalingError[] = [];
  near.signaling.errors$.subscribe((error) => errors.push(error));
  sockets.filter((s) => s.side === `near-${tag}`).at(-1)!.socket.destroy();
  await waitFor(() => errors.some((error) => error.code === 'closed'), 'the near client noticed the drop');
  return { near, far, callId };
}

describe('a hang-up during a signaling outage', () => {
  it('dispose while the signaling connection is down still reaches the far side as a hang-up', async () => {
    const { near, far, callId } = await pairWithSlowNear('dispose');
    near.adapter.dispose(); // the signaling client stays open: the caller owns it
    await pause(6_000);
    expect(far.seen.filter((e) => e.type !== 'remoteMedia').map((e) => e.type)).toEqual(expect.arrayContaining(['remoteEnded']));
    expect(far.seen.find((e) => e.type === 'remoteEnded')).toMatchObject({ callId, reason: 'hangup' });
  });

  it('the far side hanging up while this side\'s signaling is down ends the call here too', async () => {
    const { near, far, callId } = await pairWithSlowNear('farbye');
    await far.adapter.disconnect(callId, 'completed');
    // near's signaling reopens after 1.5 s and joins the room again: the call has ended there.
    await pause(6_000);
    expect(near.seen.filter((e) => e.type !== 'remoteMedia').map((e) => e.type)).toEqual(expect.arrayContaining(['remoteEnded']));
    expect(near.seen.find((e) => e.type === 'remoteEnded')).toMatchObject({ callId });
  });

  it('a hang-up during the outage, then dispose before the connection is back, still reaches the far side as a hang-up', async () => {
    const { near, far, callId } = await pairWithSlowNear('hangup-dispose');
    await near.adapter.disconnect(callId, 'completed');
    near.adapter.dispose(); // the app closes the adapter before the connection is back
    await pause(5_000);
    expect(far.seen.find((e) => e.type === 'remoteEnded')).toMatchObject({ callId, reason: 'hangup' });
  });
});
