// The adapter contract with both adapters in a real Chromium page (fake
// camera and microphone, ICE on loopback only), bundled by esbuild from the
// package's browser entry, through the reference signaling server.
import { runAdapterContract } from '@ringline/core/testing';
import { describe, expect, it } from 'vitest';
import { ensureChromium } from './browser/chromium.js';
import { usePageSides } from './browser/pageSides.js';
import { createRemoteDriver, heardHoldAndMute, pause, waitFor } from './nodeHarness.js';

const missing = ensureChromium();
if (missing && process.env.CI === 'true') throw new Error(`The Chromium suite cannot be skipped under CI: ${missing}`);
if (missing) console.warn(`Skipping the Chromium suite: ${missing}`);

const suite = missing ? describe.skip : describe;

suite('p2p in Chromium', () => {
  const { side, page } = usePageSides();
  let sides = 0;

  runAdapterContract('p2p in Chromium', async () => {
    const n = ++sides;
    // With the selfie segmentation processor, so that the contract applies blur, image and face trace too.
    const near = await side(`near-${n}`, true);
    const far = await side(`far-${n}`);
    const remote = createRemoteDriver(near.driven, far.driven);
    return {
      adapter: near.adapter,
      remote: {
        ...remote,
        // The browser's own "Stop sharing" bar: the display track ends.
        stopSharingFromBrowser: async (callId) => {
          await page().evaluate(([s, c]) => window.p2p.stopSharingFromBrowser(s!, c!), [near.name, callId]);
        },
        // The far page's hold and mute as its adapter reported them; its dial pad is not relayed here.
        heard: async (callId) => heardHoldAndMute(far.driven.seen, callId),
      },
      settle: () => pause(20),
      failNext: (command) => near.adapter.failNext(command),
      // Every local track the call has had in the page (microphone, camera, its processed copy, the screen) that is still live.
      openTracks: (callId) => page().evaluate(([s, c]) => window.p2p.liveLocalTracks(s!, c!), [near.name, callId]),
      cleanup: () => far.adapter.dispose(),
    };
  }, { timeoutMs: 10_000 });

  it('carries audio and video both ways, and the browser\'s own Stop sharing reaches the engine', async () => {
    const n = ++sides;
    const near = await side(`near-${n}`);
    const far = await side(`far-${n}`);
    const driver = createRemoteDriver(near.driven, far.driven);
    const callId = `video-${n}`;
    await near.adapter.connect({ callId, direction: 'outbound', media: 'video', remote: {}, preferences: { volume: 1, videoEffect: { kind: 'none' } } });
    await driver.answer(callId);
    await waitFor(() => near.driven.seen.some((e) => e.type === 'mediaConnected' && e.callId === callId), 'mediaConnected');
    await waitFor(() => far.driven.seen.some((e) => e.type === 'mediaConnected'), 'far mediaConnected');
    const inbound = () => page().evaluate(([s, c]) => window.p2p.inbound(s!, c!), [near.name, callId]);
    await expect.poll(inbound, { timeout: 5_000 }).toEqual(expect.arrayContaining(['audio:live', 'video:live']));

    await near.adapter.startScreenShare(callId);
    await waitFor(() => far.driven.seen.some((e) => e.type === 'remoteMedia' && e.screenShare === true), 'the far side seeing the shared screen');
    expect(await page().evaluate(([s, c]) => window.p2p.stopSharingFromBrowser(s!, c!), [near.name, callId])).toBe(true);
    await waitFor(() => near.driven.seen.some((e) => e.type === 'localScreenShareEnded' && e.callId === callId), 'localScreenShareEnded');
    await waitFor(() => far.driven.seen.filter((e) => e.type === 'remoteMedia').at(-1)?.type === 'remoteMedia'
      && (far.driven.seen.filter((e) => e.type === 'remoteMedia').at(-1) as { screenShare?: boolean }).screenShare === false, 'the far side seeing sharing stop');

    await near.adapter.disconnect(callId, 'completed');
    expect(await page().evaluate(([s, c]) => window.p2p.localTracks(s!, c!), [near.name, callId])).toEqual([]);
    await waitFor(() => far.driven.seen.some((e) => e.type === 'remoteEnded'), 'the far side hearing the hang-up');
    near.adapter.dispose();
    far.adapter.dispose();
  });
});
