// An outbound call whose room the backend is still making (roomForCall, a
// fetch) when the caller hangs up or the widget is disposed: the call is
// canceled, nothing is joined or rung, and no microphone stays open.
import type { MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import { createNodeSide, disposedAfterEach, pause, recordingDevices, tokenFor, useSignalingServer } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();

/** The agent's side dialling `callId`, its room held back until `giveRoom()`; with the visitor's side watching that room. */
async function dialingWhileTheRoomIsMade(callId: string) {
  const { tracks, devices } = recordingDevices();
  let giveRoom!: () => void;
  const roomReady = new Promise<void>((resolve) => (giveRoom = resolve));
  const near = createNodeSide(server(), 'Agent', {
    mediaDevices: devices,
    roomForCall: async () => { await roomReady; return { room: callId, token: tokenFor(callId) }; },
  });
  const far = createNodeSide(server(), 'Visitor');
  sides.push(near, far);
  await far.adapter.watchRoom({ room: callId, token: tokenFor(callId) }); // the visitor has the link open
  const outcome = near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences })
    .then(() => 'resolved', (error: { code?: string }) => `rejected:${error.code}`);
  await pause(50);
  const settled = async () => {
    const result = await Promise.race([outcome, pause(1_500).then(() => 'still pending after 1.5 s')]);
    await pause(300);
    return { connect: result, farRung: far.seen.some((e) => e.type === 'incoming'), liveTracks: tracks.filter((t) => t.readyState === 'live').length };
  };
  return { near, giveRoom, settled };
}

describe('an outbound call ended while its room is being made', () => {
  it('a hang-up: nothing rings at the far side and no microphone stays open', async () => {
    const { near, giveRoom, settled } = await dialingWhileTheRoomIsMade(`cancel-during-room-${process.pid}`);
    await near.adapter.disconnect(`cancel-during-room-${process.pid}`, 'canceled'); // the engine ends the call
    giveRoom();
    expect(await settled()).toEqual({ connect: 'rejected:unknownCall', farRung: false, liveTracks: 0 });
  });

  it('a dispose: the connect rejects as disposed, and nothing is joined, rung or opened', async () => {
    const { near, giveRoom, settled } = await dialingWhileTheRoomIsMade(`dispose-during-room-${process.pid}`);
    near.adapter.dispose(); // the user closes the widget
    giveRoom();
    expect(await settled()).toEqual({ connect: 'rejected:disposed', farRung: false, liveTracks: 0 });
    expect(server().rooms).toBe(1); // only the visitor's watch
  });
});
