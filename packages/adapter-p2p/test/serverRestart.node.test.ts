// The signaling server restarts while a call rings and the callee accepts
// during the outage: whichever side reconnects first, the call connects once
// both are back. The callee's answer never reached the old server, so neither
// side may recreate the room as answered, or the answer sent again on the
// caller's new ring would be refused as out of order.
import type { MediaPreferences } from '@ringline/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSignalingServer, type SignalingServer } from '../src/server/index.js';
import { createNodeSide, pause, tokenFor, tokens, waitFor, type NodeSide } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const sides: NodeSide[] = [];
const servers: SignalingServer[] = [];
afterAll(async () => {
  for (const side of sides) {
    side.adapter.dispose();
    side.signaling.close();
  }
  await Promise.all(servers.map((server) => server.close()));
  setTimeout(() => process.exit(0), 100).unref();
});

const connected = (side: NodeSide) => side.seen.some((event) => event.type === 'mediaConnected');

describe('accept while the signaling server restarts', () => {
  for (const [first, callerReopenMs, calleeReopenMs] of [['callee', 800, 50], ['caller', 50, 800]] as const) {
    it(`connects once both are back, the ${first} reconnecting first`, async () => {
      const before = await createSignalingServer({ authorize: tokens.authorize });
      const { port } = before;
      const caller = createNodeSide({ url: before.url }, 'Agent', {}, callerReopenMs);
      const callee = createNodeSide({ url: before.url }, 'Visitor', {}, calleeReopenMs);
      sides.push(caller, callee);
      const callId = `restart-${first}-${process.pid}`;
      await callee.adapter.watchRoom({ room: callId, token: tokenFor(callId) });
      await caller.adapter.connect({ callId, direction: 'outbound', media: 'audio', remote: {}, preferences });
      await waitFor(() => callee.seen.some((event) => event.type === 'incoming'), 'ringing');

      await before.close();
      await pause(100);
      // The visitor clicks Accept while the server is away (the widget still rings).
      await callee.adapter.connect({ callId, direction: 'inbound', media: 'audio', remote: {}, preferences });
      servers.push(await createSignalingServer({ authorize: tokens.authorize, port }));

      await waitFor(() => connected(caller) && connected(callee), 'media connected on both sides', 8_000);
      expect(caller.seen.map((event) => event.type)).toContain('remoteJoined');
    });
  }
});
