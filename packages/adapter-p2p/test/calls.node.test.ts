// Call features between two real peers in Node (@roamhq/wrtc) through the
// reference signaling server: hold with hold audio, DTMF, remote media state,
// reconnection after the peer connection dies, and teardown on every ending.
import wrtc from '@roamhq/wrtc';
import type { CallId, MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import type { P2PAdapterOptions } from '../src/index.js';
import { createNodeSide, disposedAfterEach, createRemoteDriver, recordingDevices, recordingWrtc, tokenFor, useSignalingServer, waitFor, type NodeSide } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();

let calls = 0;
async function connectedPair(nearExtra: Partial<P2PAdapterOptions> = {}, farExtra: Partial<P2PAdapterOptions> = {}, media: 'audio' | 'video' = 'audio') {
  const near = createNodeSide(server(), 'Agent', nearExtra);
  const far = createNodeSide(server(), 'Visitor', farExtra);
  sides.push(near, far);
  const callId: CallId = `call-${process.pid}-${++calls}`;
  await near.adapter.connect({ callId, direction: 'outbound', media, remote: {}, preferences });
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'both sides connected');
  return { near, far, callId };
}

describe('a p2p call in Node', () => {
  it('a ring the caller stops for no answer is a missed call at the callee (000); a hang-up while ringing is a cancel', async () => {
    const reasons: string[] = [];
    for (const reason of ['noAnswer', 'canceled'] as const) {
      const near = createNodeSide(server(), 'Agent');
      const far = createNodeSide(server(), 'Visitor');
      sides.push(near, far);
      const callId = `rang-out-${reason}-${process.pid}`;
      await far.adapter.watchRoom({ room: callId, token: tokenFor(callId) });
      await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
      await waitFor(() => far.seen.some((event) => event.type === 'incoming'), 'ringing');
      await near.adapter.disconnect(callId, reason);
      await waitFor(() => far.seen.some((event) => event.type === 'remoteEnded'), 'the end of the ring');
      const ended = far.seen.find((event) => event.type === 'remoteEnded');
      reasons.push(ended?.type === 'remoteEnded' ? ended.reason : 'none');
    }
    expect(reasons).toEqual(['noAnswer', 'canceled']);
  });

  it('holds with the engine\'s hold audio, resumes, and stops the hold track', async () => {
    const made: { url: string; stopped: boolean }[] = [];
    const holdTrack: P2PAdapterOptions['holdTrack'] = async (audio) => {
      const source = new wrtc.nonstandard.RTCAudioSource();
      const track = source.createTrack() as unknown as MediaStreamTrack;
      const record = { url: audio.url, stopped: false };
      made.push(record);
      return { track, stop: () => { record.stopped = true; track.stop(); } };
    };
    const { near, far, callId } = await connectedPair({ holdTrack });
    const heldAtFarSide = () => far.seen.flatMap((event) => (event.type === 'remoteMedia' && event.held !== undefined ? [event.held] : []));
    await near.adapter.hold(callId);
    // The person held sees it (001): their engine hears the far side hold and resume.
    expect(heldAtFarSide()).toEqual([true]);
    await near.adapter.setHoldAudio(callId, { kind: 'music', url: 'https://example.test/queue.mp3' });
    expect(made).toEqual([{ url: 'https://example.test/queue.mp3', stopped: false }]);
    await near.adapter.resume(callId);
    expect(made[0]!.stopped).toBe(true);
    expect(heldAtFarSide()).toEqual([true, false]);
    // Hold audio for a call that is not on hold plays nothing.
    await near.adapter.setHoldAudio(callId, { kind: 'announcement', url: 'https://example.test/a.mp3' });
    expect(made).toHaveLength(1);
  });

  it('sends dial-pad digits over the data channel and refuses anything else', async () => {
    const { near, far, callId } = await connectedPair();
    const heard: string[] = [];
    far.adapter.dtmf$.subscribe(({ digits }) => heard.push(digits));
    await near.adapter.sendDtmf(callId, '12#');
    await waitFor(() => heard.length === 1, 'the digits at the far side');
    expect(heard).toEqual(['12#']);
    await expect(near.adapter.sendDtmf(callId, '9x')).rejects.toMatchObject({ code: 'invalidDtmf' });
  });

  it('tells the far side about mute, camera and screen share', async () => {
    const { near, far, callId } = await connectedPair();
    const last = () => far.seen.filter((e) => e.type === 'remoteMedia').at(-1);
    await near.adapter.setMuted(callId, true);
    await waitFor(() => (last() as { muted?: boolean } | undefined)?.muted === true, 'remote muted');
    await near.adapter.setCamera(callId, true);
    await waitFor(() => (last() as { camera?: boolean } | undefined)?.camera === true, 'remote camera on (an audio call renegotiates)');
    await near.adapter.startScreenShare(callId);
    await waitFor(() => (last() as { screenShare?: boolean } | undefined)?.screenShare === true, 'remote sharing');
    await near.adapter.stopScreenShare(callId);
    await waitFor(() => (last() as { screenShare?: boolean } | undefined)?.screenShare === false, 'remote sharing stopped');
  });

  it('reconnects after the peer connection dies, from either side, within the engine\'s attempts', async () => {
    const nearRtc = recordingWrtc();
    const { near, far, callId } = await connectedPair({ wrtc: nearRtc.wrtc });
    nearRtc.connections.at(-1)!.close();
    await waitFor(() => near.seen.some((e) => e.type === 'networkLost'), 'networkLost on the calling side');
    await waitFor(() => far.seen.some((e) => e.type === 'networkLost'), 'networkLost on the answering side');
    await near.adapter.reconnect(callId, 1);
    await waitFor(() => far.seen.some((e) => e.type === 'networkRestored'), 'networkRestored on the answering side');
    expect(nearRtc.connections).toHaveLength(2);
    await near.adapter.sendDtmf(callId, '5'); // the data channel is back

    // The answering side asks; the calling side rebuilds.
    nearRtc.connections.at(-1)!.close();
    await waitFor(() => far.seen.filter((e) => e.type === 'networkLost').length === 2, 'the second loss');
    await far.adapter.reconnect(callId, 1);
    expect(nearRtc.connections).toHaveLength(3);
    await waitFor(() => near.seen.filter((e) => e.type === 'networkRestored').length === 2, 'restored again');
  });

  it('fails a reconnect attempt whose far side never comes back', async () => {
    const { near, far, callId } = await connectedPair();
    far.signaling.close(); // the far side's page is gone: nobody to rebuild with
    far.adapter.dispose();
    await waitFor(() => near.seen.some((e) => e.type === 'networkLost' || e.type === 'remoteEnded'), 'the loss');
    if (near.seen.some((e) => e.type === 'remoteEnded')) return; // the far side's dispose said goodbye first
    await expect(near.adapter.reconnect(callId, 1)).rejects.toMatchObject({ code: 'commandFailed' });
  });

  it.each(['local hang-up', 'remote hang-up', 'dispose'] as const)('stops every track and destroys the peer on %s', async (ending) => {
    const nearDevices = recordingDevices();
    const nearRtc = recordingWrtc();
    const { near, far, callId } = await connectedPair({ mediaDevices: nearDevices.devices, wrtc: nearRtc.wrtc }, {}, 'video');
    await near.adapter.startScreenShare(callId);
    expect(nearDevices.tracks.length).toBeGreaterThanOrEqual(3);
    if (ending === 'local hang-up') await near.adapter.disconnect(callId, 'completed');
    if (ending === 'remote hang-up') await far.adapter.disconnect(callId, 'completed');
    if (ending === 'dispose') near.adapter.dispose();
    await waitFor(() => nearDevices.tracks.every((t) => t.readyState === 'ended'), 'every track stopped');
    await waitFor(() => nearRtc.connections.every((pc) => pc.connectionState === 'closed' || pc.signalingState === 'closed'), 'the peer connection closed');
    if (ending !== 'dispose') await expect(near.adapter.hold(callId)).rejects.toMatchObject({ code: 'unknownCall' });
  });

  it('stops a microphone chosen while the call ends, instead of leaving it open', async () => {
    const handedOut: MediaStreamTrack[] = [];
    let release: (() => void) | undefined;
    const slowChoice = {
      async getUserMedia(constraints: MediaStreamConstraints) {
        // The chosen device (a deviceId) takes its time, like a permission prompt.
        if (typeof constraints.audio === 'object') await new Promise<void>((resolve) => (release = resolve));
        const stream = await wrtc.mediaDevices.getUserMedia(constraints) as unknown as MediaStream;
        handedOut.push(...stream.getTracks());
        return stream;
      },
    } as unknown as P2PAdapterOptions['mediaDevices'];
    const { near, callId } = await connectedPair({ mediaDevices: slowChoice });
    const choosing = near.adapter.selectDevice!('microphone', 'headset');
    await waitFor(() => release !== undefined, 'the headset requested');
    await near.adapter.disconnect(callId, 'completed');
    release!();
    await choosing.catch(() => undefined);
    expect(handedOut.map((track) => track.readyState)).toEqual(['ended', 'ended']);
  });

  it('applies background effects to the live call in the order they were chosen, and a failed one changes nothing', async () => {
    type Pending = { effect: string; output: MediaStreamTrack; stopped: boolean; settle(fail?: boolean): void };
    const pending: Pending[] = [];
    const { RTCVideoSource } = (wrtc as unknown as { nonstandard: { RTCVideoSource: new () => { createTrack(): MediaStreamTrack } } }).nonstandard;
    const videoProcessor: NonNullable<P2PAdapterOptions['videoProcessor']> = {
      effects: ['blur', 'image'],
      apply: (_camera, effect) => new Promise((resolve, reject) => {
        const entry: Pending = {
          effect: effect.kind, output: new RTCVideoSource().createTrack(), stopped: false,
          settle: (fail) => (fail ? reject(new Error('the model failed')) : resolve({ track: entry.output, stop: () => { entry.stopped = true; entry.output.stop(); } })),
        };
        pending.push(entry);
      }),
    };
    const { near, callId } = await connectedPair({ videoProcessor }, {}, 'video');
    expect(near.adapter.capabilities.videoEffects).toEqual(['none', 'blur', 'image']);
    const sentVideo = () => near.adapter.getStreams(callId).local?.getVideoTracks()[0];
    const camera = sentVideo()!;

    // Two changes in flight; the earlier one finishes last and must not win.
    const blur = near.adapter.setVideoEffect!({ kind: 'blur' });
    const image = near.adapter.setVideoEffect!({ kind: 'image', url: 'https://example.invalid/bg.png' });
    await waitFor(() => pending.length === 2, 'both effects started');
    pending[1]!.settle();
    await image;
    pending[0]!.settle();
    await blur;
    expect(sentVideo()).toBe(pending[1]!.output);
    expect(pending[0]!.stopped).toBe(true);
    expect(pending[1]!.stopped).toBe(false);

    const failing = near.adapter.setVideoEffect!({ kind: 'blur' });
    await waitFor(() => pending.length === 3, 'the third effect started');
    pending[2]!.settle(true);
    await expect(failing).rejects.toMatchObject({ name: 'RinglineError', code: 'commandFailed', callId });
    expect(sentVideo()).toBe(pending[1]!.output);

    await near.adapter.setVideoEffect!({ kind: 'none' });
    expect(sentVideo()).toBe(camera);
    expect(pending[1]!.stopped).toBe(true);
    await expect(near.adapter.setVideoEffect!({ kind: 'faceTrace' })).rejects.toMatchObject({ code: 'unsupported' });
  });
});
