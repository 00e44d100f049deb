// The demo end to end, as a visitor and agents would use it, in real Chromium
// with fake camera and microphone and real WebRTC on loopback. Assertions are
// on the media (getStats, track states), not only on what the pages say.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropSignaling, everythingStopped, mediaGrowth, openSignalingSockets, stopSharingFromBrowser } from './media.js';
import { openDesk, openVisitor, screenshot, waitForStatus } from './pages.js';
import { demoSuite } from './suite.js';

const suite = demoSuite();

const visitorPage = async (options: { id?: string; ring?: number } = {}) => suite.keep(await openVisitor(suite.browser, suite.demo, options)).page;
const deskPage = async (agent: string) => suite.keep(await openDesk(suite.browser, suite.demo, agent)).page;

/** 002's path: the assistant takes the call, the visitor asks for a person, the agent takes the hand-off, the visitor accepts the takeover. */
async function handOff(visitor: Page, desk: Page, media: 'audio' | 'video' = 'audio'): Promise<void> {
  await visitor.getByTestId(media === 'audio' ? 'call-audio' : 'call-video').click();
  await visitor.getByTestId('ask-for-person').click();
  const card = desk.getByTestId('handoff-card');
  await card.waitFor();
  await expect.poll(() => desk.getByTestId('handoff-summary').textContent()).not.toBe('No summary');
  await desk.getByTestId('offer-accept').click();
  await visitor.getByTestId('takeover').waitFor();
  await visitor.getByTestId('takeover-accept').click();
  await waitForStatus(visitor, /connected/i);
  await waitForStatus(desk, /connected/i);
}

/** 000's path: the agent calls a visitor who is on the site; the widget rings and the visitor answers. */
async function agentCalls(visitor: Page, desk: Page, visitorId: string, media: 'audio' | 'video'): Promise<void> {
  await desk.getByTestId(`call-visitor-${media}-${visitorId}`).click();
  await visitor.getByTestId('incoming-call').waitFor();
  await visitor.getByTestId('accept').click();
  await waitForStatus(visitor, /connected/i);
  await waitForStatus(desk, /connected/i);
}

/** Both directions carry audio: the far side's inbound packets keep growing. */
async function expectAudioBothWays(a: Page, b: Page): Promise<void> {
  const [fromB, fromA] = await Promise.all([mediaGrowth(a, 1_500), mediaGrowth(b, 1_500)]);
  expect(fromB.audioPacketsReceived, 'audio packets arriving at the first page').toBeGreaterThan(20);
  expect(fromA.audioPacketsReceived, 'audio packets arriving at the second page').toBeGreaterThan(20);
}

describe('a visitor and an agent', () => {
  it('the assistant hands a live call to a person, and audio flows both ways', async () => {
    const desk = await deskPage('ann');
    const visitor = await visitorPage();
    await visitor.getByTestId('call-audio').click();
    await visitor.getByTestId('ask-for-person').click();
    await desk.getByTestId('handoff-card').waitFor();
    await screenshot(desk, 'desk-handoff-card');
    await desk.getByTestId('offer-accept').click();
    await visitor.getByTestId('takeover').waitFor();
    await screenshot(visitor, 'visitor-takeover');
    await visitor.getByTestId('takeover-accept').click();
    await waitForStatus(visitor, /connected/i);
    await waitForStatus(desk, /connected/i);
    await expectAudioBothWays(visitor, desk);
    await screenshot(visitor, 'visitor-call-connected');
    await screenshot(desk, 'desk-call-connected');
  });

  it('a video call decodes frames on both sides; a shared screen takes the primary place and the browser\'s Stop sharing ends it', async () => {
    const desk = await deskPage('ann');
    const visitor = await visitorPage({ id: 'v-video' });
    await desk.getByTestId('visitor-v-video').waitFor();
    await agentCalls(visitor, desk, 'v-video', 'video');
    const [atVisitor, atDesk] = await Promise.all([mediaGrowth(visitor, 1_500), mediaGrowth(desk, 1_500)]);
    expect(atVisitor.videoFramesDecoded, 'frames decoded by the visitor').toBeGreaterThan(5);
    expect(atDesk.videoFramesDecoded, 'frames decoded by the desk').toBeGreaterThan(5);
    expect(atVisitor.audioPacketsReceived).toBeGreaterThan(20);

    await desk.getByTestId('screen-share').click();
    await expect.poll(() => visitor.getByTestId('primary-view').getAttribute('data-source'), { timeout: 15_000 }).toBe('remoteScreen');
    await screenshot(visitor, 'visitor-remote-screen-share');
    expect(await stopSharingFromBrowser(desk)).toBe(1);
    await expect.poll(() => desk.getByTestId('screen-share').getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => visitor.getByTestId('primary-view').getAttribute('data-source'), { timeout: 15_000 }).toBe('remoteCamera');
  });

  it('mute stops the audio energy reaching the far side, and unmute brings it back', async () => {
    const desk = await deskPage('ann');
    const visitor = await visitorPage({ id: 'v-mute' });
    await desk.getByTestId('visitor-v-mute').waitFor();
    await agentCalls(visitor, desk, 'v-mute', 'audio');
    expect((await mediaGrowth(desk, 1_500)).audioEnergyReceived, 'energy from the visitor before mute').toBeGreaterThan(0.001);
    await visitor.getByTestId('mute').click();
    await expect.poll(() => visitor.getByTestId('mute').getAttribute('aria-pressed')).toBe('true');
    // Polled: on a busy machine the far side's jitter buffer may still play out a little of what came before the mute.
    await expect.poll(async () => (await mediaGrowth(desk, 1_000)).audioEnergyReceived, { message: 'energy from the visitor while muted', timeout: 10_000 }).toBeLessThan(1e-5);
    await visitor.getByTestId('mute').click();
    await expect.poll(async () => (await mediaGrowth(desk, 1_000)).audioEnergyReceived, { timeout: 10_000 }).toBeGreaterThan(0.001);
  });

  it('hold plays the queue\'s hold audio to the visitor, the status says so on both sides, and resume restores the call', async () => {
    const desk = await deskPage('ann');
    const visitor = await visitorPage();
    await handOff(visitor, desk);
    await desk.getByTestId('hold').click();
    await waitForStatus(desk, /on hold/i);
    await waitForStatus(visitor, /on hold/i);
    await screenshot(desk, 'desk-on-hold');
    await screenshot(visitor, 'visitor-on-hold');
    // The held party hears the hold music, not the agent's microphone.
    await expect.poll(async () => (await mediaGrowth(visitor, 1_000)).audioEnergyReceived, { timeout: 10_000 }).toBeGreaterThan(0.001);
    await desk.getByTestId('resume').click();
    await waitForStatus(desk, /connected/i);
    await waitForStatus(visitor, /connected/i);
    await expectAudioBothWays(visitor, desk);
  });

  it('digits pressed on the visitor\'s dial pad arrive at the agent', async () => {
    const desk = await deskPage('ann');
    const visitor = await visitorPage();
    await handOff(visitor, desk);
    await visitor.getByTestId('dialpad-toggle').click();
    for (const key of ['1', '2', 'hash']) await visitor.getByTestId(`dialpad-key-${key}`).click();
    await expect.poll(() => desk.getByTestId('dtmf-log').textContent(), { timeout: 10_000 }).toContain('12#');
    await screenshot(visitor, 'visitor-dial-pad');
  });

  it('an agent\'s call rings the widget with a countdown, dismisses itself into the missed-call screen, and Recall connects in the agent\'s other tab', async () => {
    const desk = await deskPage('ann');
    // The agent has a second desk tab open: the Recall rings in both, and the one that accepts takes the call.
    const otherTab = await deskPage('ann');
    const visitor = await visitorPage({ id: 'v-missed', ring: 5 });
    await desk.getByTestId('visitor-v-missed').waitFor();
    await desk.getByTestId('call-visitor-audio-v-missed').click();
    await visitor.getByTestId('incoming-call').waitFor();
    const first = Number(await visitor.getByTestId('incoming-countdown').textContent());
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(5);
    await screenshot(visitor, 'visitor-incoming-call');
    await visitor.getByTestId('missed-call').waitFor({ timeout: 15_000 });
    await screenshot(visitor, 'visitor-missed-call');
    // The unanswered call is logged in wrap-up (003); the agent is unavailable until it is closed.
    await desk.getByTestId('wrapup-leave-open').click();
    await visitor.getByTestId('recall').click();
    await desk.getByTestId('incoming-popup').waitFor();
    await otherTab.getByTestId('incoming-popup').waitFor();
    await otherTab.getByTestId('offer-accept').click();
    await waitForStatus(visitor, /connected/i);
    await waitForStatus(otherTab, /connected/i);
    await expectAudioBothWays(visitor, otherTab);
    // The first tab's offer goes: the call was taken in the other one.
    await desk.getByTestId('incoming-popup').waitFor({ state: 'detached' });
  });

  it('a transfer to another agent moves the visitor to that agent, and wrap-up opens for the first', async () => {
    const ann = await deskPage('ann');
    const bob = await deskPage('bob');
    const visitor = await visitorPage();
    await handOff(visitor, ann);
    await ann.getByTestId('transfer-toggle').click();
    await ann.getByTestId('transfer-agent-bob').click();
    await bob.getByTestId('incoming-popup').waitFor();
    await screenshot(ann, 'desk-transfer-ringing');
    await bob.getByTestId('offer-accept').click();
    await waitForStatus(bob, /connected/i);
    await ann.getByTestId('wrapup').waitFor();
    await screenshot(ann, 'desk-wrap-up');
    await waitForStatus(visitor, /connected/i);
    await expectAudioBothWays(visitor, bob);
  });

  it('hang-up leaves every track ended and every peer connection closed on both sides', async () => {
    const desk = await deskPage('ann');
    const visitor = await visitorPage({ id: 'v-end' });
    await desk.getByTestId('visitor-v-end').waitFor();
    await agentCalls(visitor, desk, 'v-end', 'video');
    await desk.getByTestId('hang-up').click();
    await desk.getByTestId('wrapup').waitFor();
    for (const page of [desk, visitor]) {
      await expect.poll(async () => {
        const left = await everythingStopped(page);
        return { liveTracks: left.liveTracks, openPeerConnections: left.openPeerConnections };
      }, { timeout: 10_000 }).toEqual({ liveTracks: [], openPeerConnections: 0 });
      expect((await everythingStopped(page)).capturedTracks, 'the call did capture media').toBeGreaterThan(0);
    }
  });

  it('a cut signaling connection mid-call comes back, and the call goes on', async () => {
    const desk = await deskPage('ann');
    const visitor = await visitorPage();
    await handOff(visitor, desk);
    expect(await dropSignaling(visitor)).toBeGreaterThan(0);
    expect(await dropSignaling(desk)).toBeGreaterThan(0);
    await expect.poll(() => openSignalingSockets(visitor), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => openSignalingSockets(desk), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectAudioBothWays(visitor, desk);
    // A camera turned on in an audio call renegotiates through signaling: it proves the path is back.
    // (The demo's desk offers the camera on video calls only, so the engine is asked directly.)
    expect(await desk.evaluate(() => {
      const { engine } = window.__ringline!;
      return engine.setCamera(engine.getSnapshot().calls[0]!.id, true).ok;
    })).toBe(true);
    await expect.poll(() => visitor.getByTestId('primary-view').getAttribute('data-source'), { timeout: 15_000 }).toBe('remoteCamera');
    expect((await mediaGrowth(visitor, 1_500)).videoFramesDecoded, 'frames from the camera turned on after the cut').toBeGreaterThan(5);
  });
});
