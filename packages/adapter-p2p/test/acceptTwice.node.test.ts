// An inbound connect issued twice for one call while the first is still
// getting the microphone (a double-clicked Accept, an engine retry): one
// microphone, one answer, and the second refused as invalidState.
import type { MediaPreferences } from '@ringline/core';
import { expect, it } from 'vitest';
import type { SignalingError } from '../src/index.js';
import { createNodeSide, disposedAfterEach, recordingDevices, tokenFor, useSignalingServer, waitFor } from './nodeHarness.js';

const preferences: MediaPreferences = { volume: 1, videoEffect: { kind: 'none' } };
const { server } = useSignalingServer();
const sides = disposedAfterEach();

it('answers once and refuses the second Accept', async () => {
  const microphones = recordingDevices();
  const near = createNodeSide(server(), 'Near', { mediaDevices: microphones.devices });
  const far = createNodeSide(server(), 'Far');
  sides.push(near, far);
  const refusals: SignalingError[] = [];
  near.adapter.protocolErrors$.subscribe((error) => refusals.push(error));
  const room = `accept-twice-${process.pid}`;
  await near.adapter.watchRoom({ room, token: tokenFor(room) });
  await far.adapter.connect({ callId: room, direction: 'outbound', media: 'audio', remote: {}, preferences });
  await waitFor(() => near.seen.some((event) => event.type === 'incoming'), 'the ring');

  const accept = () => near.adapter.connect({ callId: room, direction: 'inbound', media: 'audio', remote: {}, preferences });
  const outcomes = await Promise.allSettled([accept(), accept()]);
  await waitFor(() => near.seen.some((event) => event.type === 'mediaConnected'), 'media');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'ok' : (outcome.reason as { code?: string }).code))).toEqual(['ok', 'invalidState']);
  expect(microphones.tracks).toHaveLength(1);
  expect(refusals.map((error) => error.code)).toEqual([]);
});
