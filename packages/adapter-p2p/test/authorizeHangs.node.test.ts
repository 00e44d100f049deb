// A backend whose authorize hangs (a used-link store that stopped answering)
// must not keep a closed connection in its rooms, nor hold a live one's
// messages up forever.
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../src/index.js';
import { createSignalingServer } from '../src/server/index.js';
import { tokenFor, tokens, useSignalingServer, waitFor } from './nodeHarness.js';

const hangs = (room: string) => room.startsWith('slow-backend');
const { server } = useSignalingServer((token, room) => (hangs(room) ? new Promise<boolean>(() => undefined) : tokens.authorize(token, room)));

async function rawClient(url: string) {
  const socket = new WebSocket(url);
  const received: ServerMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as ServerMessage));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, received, send: (value: unknown) => socket.send(JSON.stringify(value)) };
}

describe('an authorize that never answers', () => {
  it('a connection closed while its join waits on it still leaves its other rooms, and the far side hears so', async () => {
    const room = `seat-${process.pid}`;
    const agent = await rawClient(server().url);
    agent.send({ type: 'join', room, token: tokenFor(room), party: { name: 'Agent' } });
    await waitFor(() => agent.received.some((m) => m.type === 'joined'), 'agent joined');
    const visitor = await rawClient(server().url);
    visitor.send({ type: 'join', room, token: tokenFor(room), party: { name: 'Visitor' } });
    await waitFor(() => visitor.received.some((m) => m.type === 'joined'), 'visitor joined');
    expect(visitor.received[0]).toEqual({ type: 'joined', room, others: [{ name: 'Agent' }] });
    agent.send({ type: 'join', room: 'slow-backend', token: 'x', party: {} });
    agent.socket.close();
    await waitFor(() => visitor.received.some((m) => m.type === 'peerLeft'), 'peerLeft for the agent');
    // The agent's tab comes back: the room has a place for it.
    const again = await rawClient(server().url);
    again.send({ type: 'join', room, token: tokenFor(room), party: { name: 'Agent' } });
    await waitFor(() => again.received.length > 0, 'an answer');
    expect(again.received[0]).toEqual({ type: 'joined', room, others: [{ name: 'Visitor' }] });
    visitor.socket.close();
    again.socket.close();
  });

  describe('with authorizeTimeoutMs', () => {
    let close: (() => Promise<void>) | undefined;
    afterAll(() => close?.());
    it('counts as no once the time is up, and the connection\'s next messages are read', async () => {
      const quick = await createSignalingServer({ authorize: (token, room) => (hangs(room) ? new Promise<boolean>(() => undefined) : tokens.authorize(token, room)), authorizeTimeoutMs: 200 });
      close = () => quick.close();
      const client = await rawClient(quick.url);
      const room = `seat-quick-${process.pid}`;
      client.send({ type: 'join', room: 'slow-backend-2', token: 'x', party: {} });
      client.send({ type: 'join', room, token: tokenFor(room), party: {} });
      await waitFor(() => client.received.length >= 2, 'two answers', 2_000);
      expect(client.received.map((m) => [m.type, 'code' in m ? m.code : undefined])).toEqual([['error', 'unauthorized'], ['joined', undefined]]);
      client.socket.close();
    });
  });
});
