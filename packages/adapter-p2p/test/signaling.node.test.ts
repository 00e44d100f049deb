// The trust boundary: tokens open rooms, and malformed, oversized or
// out-of-order messages are dropped with a typed error on either end while
// the call carries on.
import type { MediaPreferences } from '@ringline/core';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createWebSocketSignaling, type ServerMessage, type SignalingError, type SignalingPort } from '../src/index.js';
import { createRoomTokens, type SignalingServer } from '../src/server/index.js';
import { createNodeSide, createRemoteDriver, tokenFor, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();

/** A raw client that says whatever the test wants and collects what the server answers. */
async function rawClient(url: string) {
  const socket = new WebSocket(url);
  const received: ServerMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as ServerMessage));
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, received, send: (value: unknown) => socket.send(typeof value === 'string' ? value : JSON.stringify(value)) };
}

describe('the reference signaling server', () => {
  it('opens a room only with a token that authorize accepts', async () => {
    const side = createNodeSide(server(), 'Visitor');
    await expect(side.adapter.watchRoom({ room: 'room-a', token: tokenFor('room-b') })).rejects.toMatchObject({ code: 'connectFailed' });
    await expect(side.adapter.watchRoom({ room: 'room-a', token: 'garbage' })).rejects.toMatchObject({ code: 'connectFailed' });
    expect(server().rooms).toBe(0);
    await side.adapter.watchRoom({ room: 'room-a', token: tokenFor('room-a') });
    expect(server().rooms).toBe(1);
    side.adapter.dispose();
    side.signaling.close();
  });

  it('answers malformed, oversized and out-of-order frames with typed errors and keeps the connection', async () => {
    const client = await rawClient(server().url);
    client.send('not json');
    client.send({ type: 'join', room: '', token: 'x', party: {} });
    client.send('x'.repeat(70_000));
    client.send({ type: 'signal', room: 'nowhere', generation: 1, data: { renegotiate: true } });
    client.send({ type: 'join', room: 'r1', token: tokenFor('r1'), party: { name: 'A' } });
    client.send({ type: 'answer', room: 'r1', media: 'audio' });
    client.send({ type: 'signal', room: 'r1', generation: 1, data: { type: 'offer', sdp: 'v=0' } });
    await waitFor(() => client.received.length >= 7, 'seven replies');
    expect(client.received.map((m) => (m.type === 'error' ? m.code : m.type))).toEqual([
      'malformed', 'malformed', 'oversized', 'notJoined', 'joined', 'outOfOrder', 'outOfOrder',
    ]);
    client.socket.close();
  });

  it('lets two members in a room and no third, and tells a late callee about the ring', async () => {
    const caller = await rawClient(server().url);
    caller.send({ type: 'join', room: 'r2', token: tokenFor('r2'), party: { name: 'Caller' } });
    caller.send({ type: 'ring', room: 'r2', media: 'video' });
    await waitFor(() => caller.received.length === 1, 'joined');
    const callee = await rawClient(server().url);
    callee.send({ type: 'join', room: 'r2', token: tokenFor('r2'), party: { name: 'Callee' } });
    await waitFor(() => callee.received.length === 2, 'joined and the pending ring');
    expect(callee.received[1]).toEqual({ type: 'ring', room: 'r2', media: 'video', from: { name: 'Caller' } });
    const third = await rawClient(server().url);
    third.send({ type: 'join', room: 'r2', token: tokenFor('r2'), party: {} });
    await waitFor(() => third.received.length === 1, 'refusal');
    expect(third.received[0]).toMatchObject({ type: 'error', code: 'roomFull' });
    for (const client of [caller, callee, third]) client.socket.close();
  });

  it('refuses a connection that floods it, says so at most once a second, and serves it again after a pause', async () => {
    const client = await rawClient(server().url);
    client.send({ type: 'join', room: 'flood', token: tokenFor('flood'), party: {} });
    await waitFor(() => client.received.length === 1, 'joined');
    for (let i = 0; i < 1_000; i++) client.send({ type: 'ring', room: 'flood-elsewhere', media: 'audio' });
    await waitFor(() => client.received.some((m) => m.type === 'error' && m.code === 'rateLimited'), 'the refusal');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const codes = client.received.map((m) => (m.type === 'error' ? m.code : m.type));
    // Far fewer answers than messages: the flood was dropped unread, and said so once.
    expect(codes.filter((code) => code === 'rateLimited')).toHaveLength(1);
    expect(codes.filter((code) => code === 'notJoined').length).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 500));
    client.send({ type: 'leave', room: 'flood' });
    client.send({ type: 'leave', room: 'flood' });
    await waitFor(() => client.received.at(-1)?.type === 'error' && (client.received.at(-1) as { code: string }).code === 'notJoined', 'served again');
    client.socket.close();
  });

  it('refuses tokens that expired', () => {
    let now = 1_000;
    const tokens = createRoomTokens('another secret long enough', () => now);
    const token = tokens.mint('r', 2_000);
    expect(tokens.authorize(token, 'r')).toBe(true);
    expect(tokens.authorize(token, 'other')).toBe(false);
    now = 2_001;
    expect(tokens.authorize(token, 'r')).toBe(false);
  });
});

describe('the signaling client and the adapter', () => {
  it('drop what a hostile server sends, with typed errors', async () => {
    const hostile = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => hostile.once('listening', resolve));
    hostile.on('connection', (socket) => {
      socket.send('{"type":');
      socket.send(JSON.stringify({ type: 'ring', room: 'r', media: 'smell', from: {} }));
      socket.send(JSON.stringify({ type: 'joined', room: 'r', others: [], padding: 'x'.repeat(70_000) }));
      socket.send(JSON.stringify({ type: 'signal', room: 'r', generation: 1, data: { type: 'offer', sdp: 'v=0' } }));
    });
    const port = (hostile.address() as { port: number }).port;
    const side = createNodeSide({ url: `ws://127.0.0.1:${port}` } as SignalingServer, 'Target');
    const errors: SignalingError[] = [];
    side.adapter.protocolErrors$.subscribe((error) => errors.push(error));
    await waitFor(() => errors.length === 4, 'four dropped messages');
    expect(errors.map((e) => e.code)).toEqual(['malformed', 'malformed', 'oversized', 'outOfOrder']);
    expect(side.seen).toEqual([]);
    side.adapter.dispose();
    side.signaling.close();
    await new Promise((resolve) => hostile.close(resolve));
  });

  it('keep a call going through out-of-order and stale messages', async () => {
    // The near side's signaling with a tap through which the test slips messages in as if the server sent them.
    const injected = new Subject<ServerMessage>();
    let real: SignalingPort | undefined;
    const near = createNodeSide(server(), 'Agent', {
      signaling: (() => {
        real = createWebSocketSignaling({ url: server().url, WebSocket });
        const messages = new Subject<ServerMessage>();
        real.messages$.subscribe(messages);
        injected.subscribe(messages);
        return { ...real, messages$: messages.asObservable() };
      })(),
    });
    const far = createNodeSide(server(), 'Visitor');
    const errors: SignalingError[] = [];
    near.adapter.protocolErrors$.subscribe((error) => errors.push(error));
    const callId = 'tapped-call';
    await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
    injected.next({ type: 'signal', room: callId, generation: 1, data: { type: 'answer', sdp: 'v=0' } }); // before any answer
    await createRemoteDriver(near, far).answer(callId);
    await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected'), 'connected');
    injected.next({ type: 'answer', room: callId, media: 'audio' });
    injected.next({ type: 'ring', room: callId, media: 'audio', from: {} });
    injected.next({ type: 'signal', room: callId, generation: 0, data: { type: 'offer', sdp: 'v=0' } });
    injected.next({ type: 'signal', room: callId, generation: 9, data: { type: 'answer', sdp: 'v=0' } });
    await waitFor(() => errors.length === 5, 'five dropped messages');
    expect(errors.map((e) => e.code)).toEqual(['outOfOrder', 'outOfOrder', 'outOfOrder', 'outOfOrder', 'outOfOrder']);
    await near.adapter.hold(callId); // the far side still acknowledges over the same peer
    await near.adapter.resume(callId);
    expect(near.seen.filter((e) => e.type === 'networkLost' || e.type === 'remoteEnded')).toEqual([]);
    for (const side of [near, far]) side.adapter.dispose();
    real?.close();
    far.signaling.close();
  });
});
