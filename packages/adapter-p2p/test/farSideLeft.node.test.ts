// 004: when the client leaves, the agent's status says so. A far side that
// closes its page (a closed tab says 1001, a client's close() 1000) is
// `remoteLeft`, and the call waits for it: its media going with it is no
// network loss to reconnect from. A connection that died (1006) stays a loss.
// When the far side is in the room again, it has joined again, and media it
// took along is then a loss the engine recovers from. Races: a far side back
// while our own signaling was down, and a clean close that was only a blip.
import { createCallEngine, getCall, type CallEngine, type CallId, type MediaPreferences } from '@ringline/core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, recordingWrtc, tokenFor, useSignalingServer, waitFor, type NodeSide } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server, sockets } = useSignalingServer();
const sides = disposedAfterEach();
const engines: CallEngine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose();
});

/**
 * The near side places the call through its engine; the far side answers on its adapter alone.
 * `nearReopenMs`: how long the near side's signaling takes to reopen. `farSockets`: the far side's WebSockets, as made.
 */
async function connectedCall(callId: CallId, nearReopenMs = 50) {
  const nearRtc = recordingWrtc();
  const farRtc = recordingWrtc();
  const farSockets: WebSocket[] = [];
  class RecordedSocket extends WebSocket {
    constructor(address: string) {
      super(address);
      farSockets.push(this);
    }
  }
  const near = createNodeSide({ url: `${server().url}?side=near-${callId}` }, 'Agent', { wrtc: nearRtc.wrtc }, nearReopenMs);
  const far = createNodeSide({ url: server().url }, 'Client', { wrtc: farRtc.wrtc }, 50, RecordedSocket);
  sides.push(near, far);
  const engine = createCallEngine({ adapter: near.adapter });
  engines.push(engine);
  expect(engine.placeCall({ name: 'Client' }, 'audio', { callId }).ok).toBe(true);
  await createRemoteDriver(near, far).answer(callId);
  await waitFor(() => getCall(engine.getSnapshot(), callId)?.phase === 'connected' && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
  return { near, far, nearRtc, farRtc, engine, farSockets };
}

/** The far side's page goes away without hanging up: its socket closes cleanly and its peer connection with it. */
function closePage(far: NodeSide, connections: RTCPeerConnection[]): void {
  far.signaling.close();
  for (const connection of connections) connection.close();
}

const types = (side: NodeSide) => side.seen.map((event) => event.type);

/** The client's page, back on a socket of its own, joins the call's room again (the test closes it). */
async function clientJoinsAgain(callId: CallId): Promise<WebSocket> {
  const back = new WebSocket(server().url);
  back.on('error', () => undefined);
  await new Promise((resolve) => back.once('open', resolve));
  back.send(JSON.stringify({ type: 'join', room: callId, token: tokenFor(callId), party: { name: 'Client' }, answered: true }));
  return back;
}

describe('the far side leaves', () => {
  it('is remoteLeft: the call waits for the client, connected, instead of reconnecting to nobody', async () => {
    const callId: CallId = `left-${process.pid}`;
    const { near, farRtc, nearRtc, far, engine } = await connectedCall(callId);
    closePage(far, farRtc.connections);

    await waitFor(() => near.seen.some((e) => e.type === 'remoteLeft'), 'remoteLeft at the near side');
    expect(near.seen.find((e) => e.type === 'remoteLeft')).toEqual({ type: 'remoteLeft', callId });
    // The near peer notices its far end is gone, before or after the leave arrives: either way it is the leave.
    await waitFor(() => nearRtc.connections.every((pc) => pc.connectionState !== 'connected'), 'the near peer connection lost its far end', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', remoteMedia: { presence: 'left' } });
    expect(near.seen.filter((e) => e.type === 'networkLost').length).toBeLessThanOrEqual(1);
    expect(near.seen.slice(near.seen.findIndex((e) => e.type === 'remoteLeft')).map((e) => e.type)).not.toContain('networkLost');
    expect(types(near)).not.toContain('remoteEnded');
  });

  it('coming back into the room is remoteJoined, and the media it took along is then recovered like a network loss', async () => {
    const callId: CallId = `back-${process.pid}`;
    const { near, farRtc, nearRtc, far, engine } = await connectedCall(callId);
    closePage(far, farRtc.connections);
    await waitFor(() => near.seen.some((e) => e.type === 'remoteLeft'), 'remoteLeft');
    await waitFor(() => nearRtc.connections.every((pc) => pc.connectionState !== 'connected'), 'the near peer lost its far end', 15_000);

    // The client's page is back and joins the call's room again.
    const back = await clientJoinsAgain(callId);
    await waitFor(() => getCall(engine.getSnapshot(), callId)?.remoteMedia.presence === 'joined', 'the client joined again');
    await waitFor(() => getCall(engine.getSnapshot(), callId)?.phase === 'reconnecting', 'the engine recovering the media');
    back.close();
    const afterLeft = types(near).slice(types(near).indexOf('remoteLeft'));
    expect(afterLeft.slice(0, 3)).toEqual(['remoteLeft', 'remoteJoined', 'networkLost']);
  });

  it('a far side whose connection died (no close) is a network loss, not a leave', async () => {
    const callId: CallId = `died-${process.pid}`;
    const { near, farRtc } = await connectedCall(callId);
    // The peer connection dies; the signaling connection is left open and never closed cleanly.
    for (const connection of farRtc.connections) connection.close();
    await waitFor(() => near.seen.some((e) => e.type === 'networkLost'), 'networkLost at the near side', 15_000);
    expect(types(near)).not.toContain('remoteLeft');
  });

  it('a far side that came back while our own signaling was down is seen as joined once we rejoin', async () => {
    const callId: CallId = `back-while-away-${process.pid}`;
    const { far, engine } = await connectedCall(callId, 1_500);
    // The client's page closes without hanging up: its signaling closes cleanly (1000).
    far.signaling.close();
    await waitFor(() => getCall(engine.getSnapshot(), callId)?.remoteMedia.presence === 'left', 'remoteLeft');
    // Our own signaling connection dies; while it is down the client's page comes back into the room.
    sockets.filter((s) => s.side === `near-${callId}`).at(-1)!.socket.destroy();
    await pause(100);
    const back = await clientJoinsAgain(callId);
    await pause(200);
    // We reopen (1.5 s later) and the server says the client is in the room ('joined', others: [Client]).
    try {
      await waitFor(() => getCall(engine.getSnapshot(), callId)?.remoteMedia.presence === 'joined', 'the client seen as back', 6_000);
    } finally {
      back.close();
    }
  });

  it('a signaling blip on the far side whose old socket closes cleanly (1001, a proxy going away) is not a leave', async () => {
    const callId: CallId = `blip-${process.pid}`;
    const { near, engine, farSockets } = await connectedCall(callId);
    const before = farSockets.length;
    farSockets.at(-1)!.close(1001, 'going away'); // the client reopens at once, the media path is untouched
    await waitFor(() => farSockets.length > before, 'the far side reopened');
    await pause(2_500); // past leftAfterMs
    expect(getCall(engine.getSnapshot(), callId)).toMatchObject({ phase: 'connected', remoteMedia: { presence: 'joined' } });
    expect(types(near)).not.toContain('remoteLeft');
  });

  it('a far side back within leftAfterMs, seen in our own rejoin after a drop, is never remoteLeft', async () => {
    const callId: CallId = `back-in-grace-${process.pid}`;
    const { near, far, engine } = await connectedCall(callId, 300);
    far.signaling.close(); // peerLeft, how: 'left': the grace period starts
    await pause(100);
    // Our own signaling dies; while it is down the client is back in the room.
    sockets.filter((s) => s.side === `near-${callId}`).at(-1)!.socket.destroy();
    await pause(50);
    const back = await clientJoinsAgain(callId);
    try {
      // We reopen after 300 ms: 'joined' with the client there. The grace period must not end in a leave anyway.
      await pause(3_000);
      expect(types(near)).not.toContain('remoteLeft');
      expect(getCall(engine.getSnapshot(), callId)?.remoteMedia.presence).toBe('joined');
    } finally {
      back.close();
    }
  });
});
