// Far-side presence races of remoteLeft (004): a far side back while our own signaling was down, and a clean close that was only a blip.
import wrtc from '@roamhq/wrtc';
import { createCallEngine, getCall, type AdapterEvent, type CallEngine, type CallId } from '@ringline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createP2PAdapter, createWebSocketSignaling, type P2PAdapterOptions } from '../src/index.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, recordingWrtc, tokenFor, useSignalingServer, waitFor, type NodeSide } from './nodeHarness.js';

const { server, sockets } = useSignalingServer();
const sides = disposedAfterEach();
const engines: CallEngine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose();
});

/** A far side whose WebSocket objects the test can reach. */
function farSide(url: string): NodeSide & { sockets: WebSocket[] } {
  const made: WebSocket[] = [];
  class Recorded extends WebSocket {
    constructor(address: string) {
      super(address);
      made.push(this);
    }
  }
  const signaling = createWebSocketSignaling({ url, WebSocket: Recorded, reopenDelayMs: 50 });
  const adapter = createP2PAdapter({
    signaling, self: { name: 'Client' },
    wrtc: wrtc as unknown as P2PAdapterOptions['wrtc'],
    mediaDevices: wrtc.mediaDevices as unknown as P2PAdapterOptions['mediaDevices'],
    rtcConfig: { iceServers: [] },
    roomForCall: (request) => ({ room: request.callId, token: tokenFor(request.callId) }),
    timeouts: { ackMs: 2_000, reconnectAttemptMs: 3_000 },
  });
  const seen: AdapterEvent[] = [];
  adapter.events$.subscribe((event) => seen.push(event));
  return { adapter, signaling, seen, sockets: made };
}

let n = 0;
async function connected(nearReopenMs: number) {
  const side = ++n;
  const callId: CallId = `race-${process.pid}-${side}`;
  const nearRtc = recordingWrtc();
  const near = createNodeSide({ url: `${server().url}?side=near${side}` }, 'Agent', { wrtc: nearRtc.wrtc }, nearReopenMs);
  const far = farSide(`${server().url}?side=far${side}`);
  sides.push(near, far);
  const engine = createCallEngine({ adapter: near.adapter });
  engines.push(engine);
  expect(engine.placeCall({ name: 'Client' }, 'audio', { callId }).ok).toBe(true);
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => getCall(engine.getSnapshot(), callId)?.phase === 'connected' && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
  return { callId, near, far, engine, side };
}

describe('far side presence', () => {
  it('a far side that came back while our own signaling was down is seen as joined once we rejoin', async () => {
    const { callId, far, engine, side } = await connected(1_500);
    // The client's page closes without hanging up: its signaling closes cleanly (1000).
    far.signaling.close();
    await waitFor(() => getCall(engine.getSnapshot(), callId)?.remoteMedia.presence === 'left', 'remoteLeft');
    // Our own signaling connection dies; while it is down the client's page comes back into the room.
    sockets.filter((s) => s.side === `near${side}`).at(-1)!.socket.destroy();
    await pause(100);
    const back = new WebSocket(server().url);
    back.on('error', () => undefined);
    await new Promise((resolve) => back.once('open', resolve));
    back.send(JSON.stringify({ type: 'join', room: callId, token: tokenFor(callId), party: { name: 'Client' }, answered: true }));
    await pause(200);
    // We reopen (1.5 s later) and the server says the client is in the room ('joined', others: [Client]).
    try {
      await waitFor(() => getCall(engine.getSnapshot(), callId)?.remoteMedia.presence === 'joined', 'the client seen as back', 6_000);
    } finally {
      back.close();
    }
  });

  it('a signaling blip on the far side whose old socket closes cleanly (1001, a proxy going away) is not a leave', async () => {
    const { callId, near, far, engine } = await connected(50);
    const before = far.sockets.length;
    far.sockets.at(-1)!.close(1001, 'going away'); // the client reopens at once, the media path is untouched
    await waitFor(() => far.sockets.length > before, 'the far side reopened');
    await pause(1_000);
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', remoteMedia: { presence: 'joined' } });
    expect(near.seen.map((e) => e.type)).not.toContain('remoteLeft');
  });
});
