// Background effects and hold audio in a real Chromium page: the MediaPipe
// selfie segmentation model served from 127.0.0.1 out of its npm package,
// Chromium's fake camera (a synthetic pattern with no person in it, so the
// mask is background nearly everywhere), and a hold tone written by the test.
import type { ConnectRequest, VideoEffect } from '@ringline/core';
import { describe, expect, it } from 'vitest';
import { ensureChromium } from './browser/chromium.js';
import { usePageSides } from './browser/pageSides.js';
import { createRemoteDriver, pause, waitFor } from './nodeHarness.js';
import { sineWav } from './sineWav.js';

const missing = ensureChromium();
if (missing && process.env.CI === 'true') throw new Error(`The Chromium suite cannot be skipped under CI: ${missing}`);
if (missing) console.warn(`Skipping the Chromium media suite: ${missing}`);
const suite = missing ? describe.skip : describe;

const magentaSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90"><rect width="160" height="90" fill="#ff00ff"/></svg>';
const none: VideoEffect = { kind: 'none' };

suite('p2p media in Chromium', () => {
  const { side, page } = usePageSides([
    (path) => (path === '/assets/background.svg' ? { type: 'image/svg+xml', body: magentaSvg } : undefined),
    (path) => (path === '/assets/hold.wav' ? { type: 'audio/wav', body: sineWav({ hz: 440, seconds: 1, amplitude: 0.5 }) } : undefined),
  ]);
  let calls = 0;

  /** A connected call from `near` (which has the effects processor) to a plain far side. */
  async function connectedCall(media: 'audio' | 'video', videoEffect: VideoEffect = none) {
    const n = ++calls;
    const near = await side(`near-media-${n}`, true);
    const far = await side(`far-media-${n}`, false);
    const callId = `media-${n}`;
    const request: ConnectRequest = { callId, direction: 'outbound', media, remote: {}, preferences: { volume: 1, videoEffect } };
    await near.adapter.connect(request);
    const atConnect = await localVideo(near.name, callId);
    await createRemoteDriver(near.driven, far.driven).answer(callId);
    await waitFor(() => near.driven.seen.some((e) => e.type === 'mediaConnected'), 'mediaConnected');
    await waitFor(() => far.driven.seen.some((e) => e.type === 'mediaConnected'), 'far mediaConnected');
    return { near, far, callId, atConnect, end: () => { near.adapter.dispose(); far.adapter.dispose(); } };
  }

  const localVideo = (s: string, c: string) => page().evaluate(([a, b]) => window.p2p.localVideo(a!, b!), [s, c]);
  const frame = (s: string, c: string, which: 'local' | 'remote') => page().evaluate(([a, b, w]) => window.p2p.frame(a!, b!, w as 'local' | 'remote'), [s, c, which] as const);
  const trackState = (id: string) => page().evaluate((t) => window.p2p.trackState(t), id);
  /** What the far side shows, once its decoder has caught up with the latest change. */
  async function settledFarFrame(farName: string, callId: string) {
    await pause(1_500);
    const frames = [];
    for (let i = 0; i < 3; i++) frames.push((await frame(farName, callId, 'remote'))!);
    return {
      laplacianVariance: Math.min(...frames.map((f) => f.laplacianVariance)),
      magentaShare: Math.max(...frames.map((f) => f.magentaShare)),
    };
  }

  it('loads the real selfie segmentation model from the local server and reports it ready', async () => {
    await side('probe', true);
    expect(await page().evaluate(() => window.p2p.processorReady())).toBe('ready');
    const capabilities = await page().evaluate(() => window.p2p.create('plain', 'ws://127.0.0.1:1', false));
    expect(capabilities.videoEffects).toEqual(['none']);
    const withEffects = await page().evaluate(() => window.p2p.create('fx', 'ws://127.0.0.1:1', true));
    expect(withEffects.videoEffects).toEqual(['none', 'blur', 'image', 'faceTrace']);
  });

  it('reports a model that cannot be loaded as a typed error instead of hanging', async () => {
    const outcome = await page().evaluate(() => window.p2p.misplacedModel());
    expect(outcome).toMatchObject({ state: 'failed', error: { name: 'RinglineError', code: 'environment' } });
  });

  it('blurs the live call at once, keeps the effect across camera off/on, restores the raw camera with none, and stops what it made', async () => {
    const call = await connectedCall('video');
    const { near, far, callId } = call;
    expect(call.atConnect?.canvas).toBe(false);
    const raw = await settledFarFrame(far.name, callId);

    await near.adapter.setVideoEffect!({ kind: 'blur' });
    const blurredTrack = (await localVideo(near.name, callId))!;
    expect(blurredTrack.canvas).toBe(true); // the self view shows what is sent
    const blurred = await settledFarFrame(far.name, callId);
    expect(blurred.laplacianVariance).toBeLessThan(raw.laplacianVariance * 0.5);
    console.info(`Laplacian variance at the far side: raw camera ${raw.laplacianVariance.toFixed(1)}, blurred ${blurred.laplacianVariance.toFixed(1)}`);

    const before = await page().evaluate(() => window.p2p.processorStats());
    await pause(2_000);
    const after = await page().evaluate(() => window.p2p.processorStats());
    console.info(`blur: ${((after.frames - before.frames) / 2).toFixed(1)} processed frames/s, ${after.meanSegmentMs.toFixed(1)} ms per mask`);
    expect(after.frames).toBeGreaterThan(before.frames);

    await near.adapter.setCamera(callId, false);
    expect(await trackState(blurredTrack.id)).toBe('ended');
    await near.adapter.setCamera(callId, true);
    const again = (await localVideo(near.name, callId))!;
    expect(again.canvas).toBe(true);
    expect(again.id).not.toBe(blurredTrack.id);

    await near.adapter.setVideoEffect!(none);
    const restored = (await localVideo(near.name, callId))!;
    expect(restored.canvas).toBe(false);
    expect(await trackState(again.id)).toBe('ended');
    expect((await settledFarFrame(far.name, callId)).laplacianVariance).toBeGreaterThan(blurred.laplacianVariance * 2);

    await near.adapter.disconnect(callId, 'completed');
    expect(await trackState(restored.id)).toBe('ended');
    call.end();
  });

  it('applies the effect chosen before the call at connect: an image background fills the frame where no person is', async () => {
    const call = await connectedCall('video', { kind: 'image', url: '/assets/background.svg' });
    expect(call.atConnect?.canvas).toBe(true);
    const seen = await settledFarFrame(call.far.name, call.callId);
    expect(seen.magentaShare).toBeGreaterThan(0.8);
    const processed = call.atConnect!.id;
    await call.near.adapter.disconnect(call.callId, 'completed');
    expect(await trackState(processed)).toBe('ended');
    call.end();
  });

  it('runs face trace and sends its frames', async () => {
    const call = await connectedCall('video', { kind: 'faceTrace' });
    expect(call.atConnect?.canvas).toBe(true);
    const before = await page().evaluate(() => window.p2p.processorStats());
    const seen = await frame(call.far.name, call.callId, 'remote');
    expect(seen?.width).toBeGreaterThan(0);
    await pause(1_000);
    expect((await page().evaluate(() => window.p2p.processorStats())).frames).toBeGreaterThan(before.frames);
    // No person in the fake camera's picture: face trace shows the whole frame, as sharp as the camera.
    expect((await frame(call.near.name, call.callId, 'local'))!.magentaShare).toBe(0);
    call.end();
  });

  it('a background image that does not load fails the change and leaves the call as it was', async () => {
    const call = await connectedCall('video');
    const outcome = call.near.adapter.setVideoEffect!({ kind: 'image', url: '/assets/missing.png' });
    await expect(outcome).rejects.toMatchObject({ code: 'commandFailed' });
    expect((await localVideo(call.near.name, call.callId))?.canvas).toBe(false);
    call.end();
  });

  it('plays the hold tone to the held side, then gives the microphone back on resume', async () => {
    const { near, far, callId, end } = await connectedCall('audio');
    const energy = async (ms: number) => {
      const a = await page().evaluate(([s, c]) => window.p2p.inboundAudio(s!, c!), [far.name, callId]);
      await pause(ms);
      const b = await page().evaluate(([s, c]) => window.p2p.inboundAudio(s!, c!), [far.name, callId]);
      return { energy: b.energy - a.energy, packets: b.packets - a.packets };
    };
    const senders = () => page().evaluate(([s, c]) => window.p2p.senders(s!, c!), [near.name, callId]);

    await near.adapter.hold(callId);
    await pause(300); // what was in flight before the hold drains
    const silent = await energy(1_500);
    expect(silent.packets).toBe(0);

    await near.adapter.raw('setHoldAudio', callId, { kind: 'music', url: '/assets/hold.wav' });
    const onHold = await senders();
    expect(onHold.audio?.id).not.toBe(onHold.microphone?.id);
    await pause(300);
    const tone = await energy(1_500);
    expect(tone.packets).toBeGreaterThan(20);
    // A 0.5-amplitude sine has a mean square of 0.125: about 0.19 energy in 1.5 s.
    expect(tone.energy).toBeGreaterThan(0.05);

    await near.adapter.resume(callId);
    expect(await trackState(onHold.audio!.id)).toBe('ended');
    const resumed = await senders();
    expect(resumed.audio?.id).toBe(resumed.microphone?.id);
    expect(resumed.audio?.readyState).toBe('live');
    expect((await energy(1_000)).packets).toBeGreaterThan(20);
    end();
  });
});
