// A hang-up while roomForCall is still making the room (a backend fetch):
// the call is canceled, nothing rings at the far side and no microphone opens.
import wrtc from '@roamhq/wrtc';
import type { MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { P2PAdapterOptions } from '../src/index.js';
import { createNodeSide, disposedAfterEach, pause, tokenFor, useSignalingServer } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();

describe('a hang-up while the room is being minted', () => {
  it('neither rings the far side nor keeps the microphone', async () => {
    const tracks: MediaStreamTrack[] = [];
    const mediaDevices = {
      async getUserMedia(constraints: MediaStreamConstraints) {
        const stream = await wrtc.mediaDevices.getUserMedia(constraints) as unknown as MediaStream;
        tracks.push(...stream.getTracks());
        return stream;
      },
    } as unknown as P2PAdapterOptions['mediaDevices'];
    const callId = `cancel-during-room-${process.pid}`;
    let giveRoom!: () => void;
    const roomReady = new Promise<void>((resolve) => (giveRoom = resolve));
    const near = createNodeSide(server(), 'Agent', {
      mediaDevices,
      roomForCall: async () => { await roomReady; return { room: callId, token: tokenFor(callId) }; },
    });
    const far = createNodeSide(server(), 'Visitor');
    sides.push(near, far);
    await far.adapter.watchRoom({ room: callId, token: tokenFor(callId) }); // the visitor has the link open

    const dialing = near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences })
      .then(() => 'resolved', (error: { code?: string }) => `rejected:${error.code}`);
    await pause(50);
    await near.adapter.disconnect(callId, 'canceled'); // the engine ends the call
    giveRoom();
    const outcome = await Promise.race([dialing, pause(1_000).then(() => 'pending')]);
    await pause(300);

    expect({
      connect: outcome,
      farRung: far.seen.some((e) => e.type === 'incoming'),
      liveMicrophones: tracks.filter((t) => t.readyState === 'live').length,
    }).toEqual({ connect: expect.stringMatching(/^rejected:/), farRung: false, liveMicrophones: 0 });
  });
});
