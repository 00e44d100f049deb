// Overlapping setHoldAudio calls: the latest choice wins, and every hold
// track made is stopped.
import wrtc from '@roamhq/wrtc';
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { P2PAdapterOptions } from '../src/index.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();
let calls = 0;

function slowFirstHoldTrack() {
  const made: { url: string; stopped: boolean }[] = [];
  const holdTrack: P2PAdapterOptions['holdTrack'] = async (audio) => {
    if (audio.url.includes('slow')) await pause(300);
    const track = new wrtc.nonstandard.RTCAudioSource().createTrack() as unknown as MediaStreamTrack;
    const record = { url: audio.url, stopped: false };
    made.push(record);
    return { track, stop: () => { record.stopped = true; track.stop(); } };
  };
  return { made, holdTrack };
}

async function heldCall(holdTrack: P2PAdapterOptions['holdTrack']) {
  const near = createNodeSide(server(), 'Agent', { holdTrack });
  const far = createNodeSide(server(), 'Visitor');
  sides.push(near, far);
  const callId: CallId = `hold-audio-${process.pid}-${++calls}`;
  await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
  await near.adapter.hold(callId);
  return { near, callId };
}

describe('overlapping setHoldAudio calls', () => {
  it('stops every hold track it made, once the call resumes and ends', async () => {
    const { made, holdTrack } = slowFirstHoldTrack();
    const { near, callId } = await heldCall(holdTrack);
    await Promise.all([
      near.adapter.setHoldAudio(callId, { kind: 'music', url: 'https://example.test/slow-queue.mp3' }),
      near.adapter.setHoldAudio(callId, { kind: 'announcement', url: 'https://example.test/fast-announcement.mp3' }),
    ]);
    await near.adapter.resume(callId);
    await near.adapter.disconnect(callId, 'completed');
    expect(made.filter((m) => !m.stopped).map((m) => m.url)).toEqual([]);
  });

  it('plays nothing after setHoldAudio(null) overtook a slower choice', async () => {
    const { made, holdTrack } = slowFirstHoldTrack();
    const { near, callId } = await heldCall(holdTrack);
    await Promise.all([
      near.adapter.setHoldAudio(callId, { kind: 'music', url: 'https://example.test/slow-queue.mp3' }),
      near.adapter.setHoldAudio(callId, null),
    ]);
    expect(made.filter((m) => !m.stopped).map((m) => m.url)).toEqual([]);
  });
});
