// A signaling connection that dies without the server noticing (a Wi-Fi
// switch, a NAT rebinding): the client reopens, but the server still counts
// the dead connection in the call's room and refuses the rejoin as full. Its
// heartbeat closes the dead connection; the adapter asks again, is let back
// in, and the hang-up reaches the far side as a hang-up.
import { connect, createServer, type Socket } from 'node:net';
import type { CallId, MediaPreferences } from '@ringline/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalingError } from '../src/index.js';
import { createSignalingServer, type SignalingServer } from '../src/server/index.js';
import { createNodeSide, createRemoteDriver, disposedAfterEach, pause, tokens, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const sides = disposedAfterEach();
let server: SignalingServer;

// A relay in front of the server whose client half can be cut while the half to the server stays open.
const pairs: { client: Socket; upstream: Socket }[] = [];
const relay = createServer((client) => {
  const upstream = connect(server.port, '127.0.0.1');
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => undefined);
  upstream.on('error', () => undefined);
  pairs.push({ client, upstream });
});
beforeAll(async () => {
  server = await createSignalingServer({ authorize: tokens.authorize, heartbeatMs: 300 });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const { client, upstream } of pairs) {
    client.destroy();
    upstream.destroy();
  }
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  await server.close();
});

describe('a signaling connection that dies without the server noticing', () => {
  it('is let back into the call\'s room once the heartbeat closed the dead one, so the hang-up still reaches the far side', async () => {
    const near = createNodeSide({ url: `ws://127.0.0.1:${(relay.address() as { port: number }).port}` } as SignalingServer, 'Agent');
    const far = createNodeSide(server, 'Visitor');
    sides.push(near, far);
    const errors: SignalingError[] = [];
    near.adapter.protocolErrors$.subscribe((error) => errors.push(error));
    const callId: CallId = `half-open-${process.pid}`;
    await near.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
    await createRemoteDriver(near, far).answer(callId);
    await waitFor(() => near.seen.some((e) => e.type === 'mediaConnected') && far.seen.some((e) => e.type === 'mediaConnected'), 'connected');
    const before = pairs.length;
    const { client, upstream } = pairs.at(-1)!;
    upstream.unpipe(client);
    client.unpipe(upstream);
    client.destroy(); // the server's half of the old connection stays open, and answers no ping
    await waitFor(() => pairs.length > before, 'the client reopened through the relay');
    await pause(2_500); // refused as full, then let in again
    await near.adapter.disconnect(callId, 'completed');
    // The hang-up arrives as one: the far side's call ends as hung up, not as a network loss it would retry until it gave up.
    // (Its peer may notice the closed media a moment before the bye comes through the relay.)
    await waitFor(() => far.seen.some((e) => e.type === 'remoteEnded'), 'the hang-up at the far side', 5_000);
    expect(far.seen.find((e) => e.type === 'remoteEnded')).toMatchObject({ callId, reason: 'hangup' });
    expect(errors.filter((e) => e.code !== 'closed').map((e) => e.code)).toEqual([]);
  });
});
