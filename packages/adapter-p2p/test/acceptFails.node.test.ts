// The answering side's accept fails (microphone denied). The engine ends
// the call as failed and tells the adapter to disconnect; the calling side must
// hear that the call ended instead of ringing on with nobody there.
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { P2PAdapterOptions } from '../src/index.js';
import { createNodeSide, disposedAfterEach, pause, tokenFor, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();

const deniedDevices = {
  async getUserMedia() {
    throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
  },
} as unknown as P2PAdapterOptions['mediaDevices'];

describe('an accept that fails at the answering side', () => {
  it('ends the call at the calling side too', async () => {
    const near = createNodeSide(server(), 'Agent');
    const far = createNodeSide(server(), 'Visitor', { mediaDevices: deniedDevices });
    sides.push(near, far);
    const callId: CallId = `accept-fails-${process.pid}`;
    await far.adapter.watchRoom({ room: callId, token: tokenFor(callId) });
    await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
    await waitFor(() => far.seen.some((e) => e.type === 'incoming'), 'incoming at the far side');

    await expect(far.adapter.connect({ callId, direction: 'inbound', media: 'audio', remote: {}, preferences })).rejects.toThrow();
    // What the engine does next (endCall → adapter disconnect with the end reason).
    await far.adapter.disconnect(callId, 'failed');
    await pause(2_000);

    expect(near.seen.map((e) => e.type)).toEqual(expect.arrayContaining(['remoteEnded']));
  });
});
