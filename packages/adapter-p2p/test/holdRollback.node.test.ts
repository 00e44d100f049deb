// A hold (or resume) this side gave up on because its acknowledgement came
// too late: the far side applied it all the same, so it is told what stands.
// Otherwise the agent sees "connected" while the visitor's microphone stays
// silent (or the reverse after a resume).
import wrtc from '@roamhq/wrtc';
import type { MediaPreferences } from '@ringline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, recordingWrtc, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();

const channel = (wrtc as unknown as { RTCDataChannel: { prototype: { send(data: unknown): void } } }).RTCDataChannel.prototype;
const send = channel.send;
/** Acknowledgements reach the holder 300 ms late, as over a congested data channel. */
function slowAcks(slow: boolean): void {
  channel.send = !slow ? send : function (this: unknown, data: unknown) {
    if (typeof data === 'string' && data.includes('"t":"ack"')) setTimeout(() => send.call(this, data), 300);
    else send.call(this, data);
  };
}
afterEach(() => slowAcks(false));

async function connectedPair(name: string) {
  const farWrtc = recordingWrtc();
  const near = createNodeSide(server(), 'Agent', { timeouts: { ackMs: 100 } });
  const far = createNodeSide(server(), 'Visitor', { wrtc: farWrtc.wrtc });
  sides.push(near, far);
  const errors: string[] = [];
  near.adapter.protocolErrors$.subscribe((error) => errors.push(error.code));
  const callId = `${name}-${process.pid}`;
  await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
  const farMicrophone = () => farWrtc.connections.at(-1)!.getSenders().find((sender) => sender.track?.kind === 'audio' || sender.track === null)?.track ?? null;
  return { near, callId, farMicrophone, errors };
}

describe('a hold or resume given up on for a late acknowledgement', () => {
  it('hold: the far side is told it is not held, and sends its microphone again', async () => {
    const { near, callId, farMicrophone, errors } = await connectedPair('late-hold');
    expect(farMicrophone()).not.toBeNull();
    slowAcks(true);
    await expect(near.adapter.hold(callId)).rejects.toMatchObject({ code: 'holdRefused' });
    await pause(500);
    expect(farMicrophone()).not.toBeNull();
    // The late acknowledgements, of the hold and of the correction, are not protocol errors.
    expect(errors).toEqual([]);
  });

  it('resume: the far side is told it is still held, and stays silent', async () => {
    const { near, callId, farMicrophone } = await connectedPair('late-resume');
    await near.adapter.hold(callId);
    await waitFor(() => farMicrophone() === null, 'far side held');
    slowAcks(true);
    await expect(near.adapter.resume(callId)).rejects.toMatchObject({ code: 'resumeRefused' });
    await pause(500);
    expect(farMicrophone()).toBeNull();
  });
});
