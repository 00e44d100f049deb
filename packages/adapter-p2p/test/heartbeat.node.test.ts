// A signaling connection that died without a close (a Wi-Fi switch, a laptop
// lid) stops answering the server's pings: the server closes it, and its
// member leaves its rooms, so the member's reconnect is not refused as full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSignalingServer, type SignalingServer } from '../src/server/index.js';
import { pause, tokenFor, tokens, waitFor } from './nodeHarness.js';

let server: SignalingServer;
beforeAll(async () => {
  server = await createSignalingServer({ authorize: tokens.authorize, heartbeatMs: 200 });
});
afterAll(() => server.close());

function client(options: { autoPong: boolean }) {
  const socket = new WebSocket(server.url, options);
  const received: { type: string; code?: string }[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  socket.on('error', () => undefined);
  return { socket, received, open: new Promise((resolve) => socket.once('open', resolve)) };
}

describe('the signaling server heartbeat', () => {
  it('closes a connection that stopped answering pings, and its room has a place again', async () => {
    const room = `heartbeat-${process.pid}`;
    const silent = client({ autoPong: false });
    const alive = client({ autoPong: true });
    await Promise.all([silent.open, alive.open]);
    silent.socket.send(JSON.stringify({ type: 'join', room, token: tokenFor(room), party: { name: 'Gone' } }));
    alive.socket.send(JSON.stringify({ type: 'join', room, token: tokenFor(room), party: { name: 'Here' } }));
    await waitFor(() => [silent, alive].every((c) => c.received.some((message) => message.type === 'joined')), 'both joined');
    await waitFor(() => silent.socket.readyState === WebSocket.CLOSED, 'the silent connection closed', 2_000);
    await waitFor(() => alive.received.some((message) => message.type === 'peerLeft'), 'its member left the room');
    // The member's reconnect takes the place.
    const back = client({ autoPong: true });
    await back.open;
    back.socket.send(JSON.stringify({ type: 'join', room, token: tokenFor(room), party: { name: 'Back' } }));
    await waitFor(() => back.received.length > 0, 'an answer to the join');
    expect(back.received[0]?.type).toBe('joined');
    // A connection that answers stays.
    await pause(600);
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    for (const c of [alive, back]) c.socket.close();
  });
});
