// A member that stops reading its socket (a stalled tab, a hostile client)
// is cut off once what waits for it passes sendBufferBytes: the server does
// not hold without bound what the other member of its room keeps sending.
import type { Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createSignalingServer, type SignalingServer } from '../src/server/index.js';

let signaling: SignalingServer | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await signaling?.close();
});

async function member(room: string) {
  const socket = new WebSocket(signaling!.url);
  clients.push(socket);
  const received: string[] = [];
  socket.on('message', (data) => received.push((JSON.parse(data.toString()) as { type: string }).type));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('open', resolve));
  const until = async (type: string) => {
    while (!received.includes(type)) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  send({ type: 'join', room, token: 't', party: {} });
  await until('joined');
  return { socket, received, until, send };
}

it('cuts off a member that stops reading; the other is told it was lost', async () => {
  signaling = await createSignalingServer({ authorize: () => true, sendBufferBytes: 256 * 1024 });
  const room = 'stalled';
  const caller = await member(room);
  const callee = await member(room);
  caller.send({ type: 'ring', room, media: 'audio' });
  await callee.until('ring');
  callee.send({ type: 'answer', room, media: 'audio' });
  await caller.until('answer');

  // The callee's tab stalls; the caller sends legal ~55 KB signals, within the message rate.
  (callee.socket as unknown as { _socket: Socket })._socket.pause();
  const sdp = `v=0 ${'x'.repeat(55_000)}`;
  for (let i = 0; i < 150; i++) caller.send({ type: 'signal', room, generation: 1, data: { type: 'offer', sdp } });
  await caller.until('peerLeft');
  expect(signaling.rooms).toBe(1); // the caller is still in its room, waiting for the callee's rejoin
});
