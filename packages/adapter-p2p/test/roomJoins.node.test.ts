// Joining a call's room takes a round trip (and an authorization that may be
// slow). Whatever happens meanwhile, every promise that waits for the join
// settles: a second watch of the same room, leaving it, hanging up, dispose,
// and the signaling connection dropping before the server answered.
import type { MediaPreferences } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import { createNodeSide, disposedAfterEach, pause, tokenFor, tokens, useSignalingServer, type NodeSide } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const authorizeMs = 300;
// A slow token check, so that there is time to act while a join is pending.
const { server, sockets: serverSockets } = useSignalingServer(async (token, room) => {
  await pause(authorizeMs);
  return tokens.authorize(token, room);
});
const sides = disposedAfterEach();

function side(): NodeSide {
  const created = createNodeSide(server(), 'Visitor');
  sides.push(created);
  return created;
}

/** Settles within `ms` or says it hung; the default join timeout (10 s) is far longer. */
function settledWithin<T>(pending: Promise<T>, ms = 2_000): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return Promise.race([
    pending.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })),
    pause(ms).then(() => { throw new Error(`still pending after ${ms} ms`); }),
  ]);
}

let rooms = 0;
const nextRoom = () => `join-${process.pid}-${++rooms}`;

describe('joining a room', () => {
  it('lets two watches of one room share the join', async () => {
    const { adapter } = side();
    const room = nextRoom();
    const outcomes = await Promise.all([
      settledWithin(adapter.watchRoom({ room, token: tokenFor(room) })),
      settledWithin(adapter.watchRoom({ room, token: tokenFor(room) })),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
  });

  it('settles a watch that is given up before the server answered', async () => {
    const { adapter } = side();
    const room = nextRoom();
    const watching = settledWithin(adapter.watchRoom({ room, token: tokenFor(room) }));
    adapter.unwatchRoom(room);
    expect(await watching).toMatchObject({ ok: false, error: { code: 'connectFailed' } });
  });

  it('settles a dial that is hung up before the server let it into the room', async () => {
    const { adapter } = side();
    const callId = nextRoom();
    const dialing = settledWithin(adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences }));
    await pause(50); // the microphone is in, the join is not
    await adapter.disconnect(callId, 'canceled');
    expect(await dialing).toMatchObject({ ok: false, error: { name: 'RinglineError', callId } });
  });

  it('settles a pending join on dispose', async () => {
    const { adapter } = side();
    const room = nextRoom();
    const watching = settledWithin(adapter.watchRoom({ room, token: tokenFor(room) }));
    adapter.dispose();
    expect(await watching).toMatchObject({ ok: false });
  });

  it('asks again after the signaling connection dropped before the server answered', async () => {
    const { adapter } = side();
    const room = nextRoom();
    const before = serverSockets.length;
    await pause(100); // the socket is open
    const watching = settledWithin(adapter.watchRoom({ room, token: tokenFor(room) }), 4_000);
    await pause(50);
    serverSockets[before]!.socket.destroy();
    expect(await watching).toMatchObject({ ok: true });
  });
});
