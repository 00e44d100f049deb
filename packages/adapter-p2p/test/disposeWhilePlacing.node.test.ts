// dispose() while an outbound connect waits for roomForCall: the connect
// rejects as disposed, and nothing is joined or opened after.
import wrtc from '@roamhq/wrtc';
import type { MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { P2PAdapterOptions } from '../src/index.js';
import { createNodeSide, disposedAfterEach, pause, tokenFor, useSignalingServer } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();

describe('dispose while connect waits for its room', () => {
  it('acquires nothing, joins nothing, and rejects the connect as disposed', async () => {
    const tracks: MediaStreamTrack[] = [];
    const mediaDevices = {
      async getUserMedia(constraints: MediaStreamConstraints) {
        const stream = await wrtc.mediaDevices.getUserMedia(constraints) as unknown as MediaStream;
        tracks.push(...stream.getTracks());
        return stream;
      },
    } as unknown as P2PAdapterOptions['mediaDevices'];
    let giveRoom!: () => void;
    const roomReady = new Promise<void>((resolve) => (giveRoom = resolve));
    const callId = `dispose-during-room-${process.pid}`;
    const side = createNodeSide(server(), 'Agent', {
      mediaDevices,
      // The backend takes its time to mint the room (a fetch).
      roomForCall: async () => { await roomReady; return { room: callId, token: tokenFor(callId) }; },
    });
    sides.push(side);

    const outcome = side.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences })
      .then(() => 'resolved', (error: { code?: string }) => `rejected:${error.code}`);
    await pause(50);
    side.adapter.dispose(); // the user closes the widget
    giveRoom();

    const settled = await Promise.race([outcome, pause(1_500).then(() => 'still pending after 1.5 s')]);
    expect({
      settled,
      liveTracks: tracks.filter((t) => t.readyState === 'live').length,
      serverRooms: server().rooms,
    }).toEqual({ settled: 'rejected:disposed', liveTracks: 0, serverRooms: 0 });
  });
});
