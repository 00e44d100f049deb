// The reference server's room rules at their edges: a room whose call ended
// stays ended for a replayed link, and an oversized frame gets a typed error
// while the connection stays up.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../src/index.js';
import { longerThan } from '../src/signaling/messages.js';
import { tokenFor, useSignalingServer, waitFor } from './nodeHarness.js';

const { server } = useSignalingServer();

async function rawClient(url: string) {
  const socket = new WebSocket(url);
  const received: ServerMessage[] = [];
  let closed = false;
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as ServerMessage));
  socket.on('close', () => { closed = true; });
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, received, closed: () => closed, send: (value: unknown) => socket.send(typeof value === 'string' ? value : JSON.stringify(value)) };
}
const kinds = (messages: ServerMessage[]) => messages.map((m) => (m.type === 'error' ? `error:${m.code}` : m.type));

describe('server: an ended room', () => {
  it('refuses the same call link token after the call in its room ended', async () => {
    const room = `ended-${process.pid}`;
    const token = tokenFor(room); // still valid for 60 s, like a call link
    const agent = await rawClient(server().url);
    const visitor = await rawClient(server().url);
    agent.send({ type: 'join', room, token, party: { name: 'Agent' } });
    await waitFor(() => agent.received.length === 1, 'agent joined');
    agent.send({ type: 'ring', room, media: 'audio' });
    visitor.send({ type: 'join', room, token, party: { name: 'Visitor' } });
    await waitFor(() => visitor.received.some((m) => m.type === 'ring'), 'visitor rung');
    visitor.send({ type: 'answer', room, media: 'audio' });
    await waitFor(() => agent.received.some((m) => m.type === 'answer'), 'answered');
    // The call ends the way the adapter ends it: bye, then both leave.
    agent.send({ type: 'bye', room, reason: 'hangup' });
    agent.send({ type: 'leave', room });
    await waitFor(() => visitor.received.some((m) => m.type === 'bye'), 'bye relayed');
    visitor.send({ type: 'leave', room });
    await waitFor(() => server().rooms === 0, 'room gone');

    // Someone replays the link: the ended call's room must stay ended.
    const replay = await rawClient(server().url);
    replay.send({ type: 'join', room, token, party: { name: 'Replay' } });
    replay.send({ type: 'ring', room, media: 'video' });
    await waitFor(() => replay.received.length >= 1, 'an answer to the replayed join');
    await new Promise((r) => setTimeout(r, 100));
    expect(kinds(replay.received)).toEqual(['error:roomEnded', 'error:notJoined']);
    for (const c of [agent, visitor, replay]) c.socket.close();
  });
});

describe('server: frame size', () => {
  it('answers a frame above 64 KB with a typed error and keeps the connection, as the README says', async () => {
    const client = await rawClient(server().url);
    client.send('x'.repeat(200_000));
    await new Promise((r) => setTimeout(r, 300));
    expect(client.closed()).toBe(false);
    expect(kinds(client.received)).toEqual(['error:oversized']);
    client.socket.close();
  });

  it('counts bytes, not characters: 30,000 euro signs are 90 KB', async () => {
    const client = await rawClient(server().url);
    client.send(JSON.stringify({ type: 'leave', room: '€'.repeat(30_000) }));
    client.send(JSON.stringify({ type: 'leave', room: '€'.repeat(20_000) }));
    await new Promise((r) => setTimeout(r, 300));
    // The second, 60 KB, is read, and refused for what it says.
    expect(kinds(client.received)).toEqual(['error:oversized', 'error:malformed']);
    client.socket.close();
  });
});

describe('longerThan', () => {
  it('is the UTF-8 length against the limit', () => {
    const cases: [string, number][] = [['a'.repeat(10), 10], ['a'.repeat(11), 10], ['é'.repeat(5), 10], ['é'.repeat(6), 10], ['€'.repeat(4), 12], ['€'.repeat(5), 12], ['😀'.repeat(3), 12], ['😀'.repeat(4), 12]];
    expect(cases.map(([text, limit]) => longerThan(text, limit))).toEqual(cases.map(([text, limit]) => new TextEncoder().encode(text).length > limit));
    expect(cases.map(([text, limit]) => longerThan(text, limit))).toEqual([false, true, false, true, false, true, false, true]);
  });
});
