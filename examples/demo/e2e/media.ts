// What the suite asserts on is the media itself, not the UI text: an init
// script records every RTCPeerConnection and every captured track a page
// makes, whatever adapter made them, and these helpers read their stats.
import type { Page } from 'playwright-core';

/** Runs in the page before any of its scripts. */
function recordMedia(): void {
  const w = window as unknown as { __pcs: RTCPeerConnection[]; __tracks: MediaStreamTrack[]; __screens: MediaStreamTrack[]; __sockets: WebSocket[] };
  w.__pcs = [];
  w.__tracks = [];
  w.__screens = [];
  w.__sockets = [];
  /** Replaces a constructor with one that keeps every instance it makes; sockets too, so a test can cut signaling. */
  function recorded<T extends new (...args: never[]) => object>(Native: T, into: InstanceType<T>[]): T {
    const Recording = function (this: unknown, ...args: ConstructorParameters<T>) {
      const made = new Native(...args) as InstanceType<T>;
      into.push(made);
      return made;
    } as unknown as T;
    Recording.prototype = Native.prototype;
    Object.setPrototypeOf(Recording, Native);
    return Recording;
  }
  window.RTCPeerConnection = recorded(window.RTCPeerConnection, w.__pcs);
  window.WebSocket = recorded(window.WebSocket, w.__sockets);
  const devices = navigator.mediaDevices;
  for (const method of ['getUserMedia', 'getDisplayMedia'] as const) {
    const original = devices[method].bind(devices) as (c?: MediaStreamConstraints) => Promise<MediaStream>;
    devices[method] = (async (constraints?: MediaStreamConstraints) => {
      const stream = await original(constraints);
      w.__tracks.push(...stream.getTracks());
      if (method === 'getDisplayMedia') w.__screens.push(...stream.getVideoTracks());
      return stream;
    }) as never;
  }
}

export async function recordMediaOn(page: Page): Promise<void> {
  await page.addInitScript(recordMedia);
}

export interface MediaTotals {
  audioPacketsReceived: number;
  audioEnergyReceived: number;
  videoFramesDecoded: number;
  audioPacketsSent: number;
  peerConnections: number;
  openPeerConnections: number;
}

/** Sums the inbound and outbound RTP stats of every peer connection the page still has open. */
export function mediaTotals(page: Page): Promise<MediaTotals> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const totals = { audioPacketsReceived: 0, audioEnergyReceived: 0, videoFramesDecoded: 0, audioPacketsSent: 0, peerConnections: pcs.length, openPeerConnections: 0 };
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      totals.openPeerConnections++;
      const report = await pc.getStats();
      report.forEach((stat: Record<string, unknown>) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
          totals.audioPacketsReceived += Number(stat.packetsReceived ?? 0);
          totals.audioEnergyReceived += Number(stat.totalAudioEnergy ?? 0);
        }
        if (stat.type === 'inbound-rtp' && stat.kind === 'video') totals.videoFramesDecoded += Number(stat.framesDecoded ?? 0);
        if (stat.type === 'outbound-rtp' && stat.kind === 'audio') totals.audioPacketsSent += Number(stat.packetsSent ?? 0);
      });
    }
    return totals;
  });
}

/** How much the totals grew over `ms` of real time. */
export async function mediaGrowth(page: Page, ms: number): Promise<MediaTotals> {
  const before = await mediaTotals(page);
  await page.waitForTimeout(ms);
  const after = await mediaTotals(page);
  return {
    audioPacketsReceived: after.audioPacketsReceived - before.audioPacketsReceived,
    audioEnergyReceived: after.audioEnergyReceived - before.audioEnergyReceived,
    videoFramesDecoded: after.videoFramesDecoded - before.videoFramesDecoded,
    audioPacketsSent: after.audioPacketsSent - before.audioPacketsSent,
    peerConnections: after.peerConnections,
    openPeerConnections: after.openPeerConnections,
  };
}

/** Every captured track stopped and every peer connection closed: nothing outlives the call. */
export function everythingStopped(page: Page): Promise<{ liveTracks: string[]; openPeerConnections: number; capturedTracks: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __tracks: MediaStreamTrack[] };
    const receivers = w.__pcs.flatMap((pc) => (pc.connectionState === 'closed' ? [] : pc.getReceivers().map((r) => r.track)));
    const live = [...w.__tracks, ...receivers].filter((track) => track.readyState !== 'ended').map((track) => `${track.kind}:${track.label}`);
    return { liveTracks: live, openPeerConnections: w.__pcs.filter((pc) => pc.connectionState !== 'closed').length, capturedTracks: w.__tracks.length };
  });
}

/** Cuts the page's open signaling sockets (the server sees the connection drop); returns how many were open. */
export function dropSignaling(page: Page): Promise<number> {
  return page.evaluate(() => {
    const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets.filter((socket) => socket.url.includes('/signal') && socket.readyState === WebSocket.OPEN);
    for (const socket of sockets) socket.close(4000, 'cut by the test');
    return sockets.length;
  });
}

export function openSignalingSockets(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.filter((socket) => socket.url.includes('/signal') && socket.readyState === WebSocket.OPEN).length);
}

/** The browser's own "Stop sharing" bar: the capture track ends and fires `ended`, as Chrome does. */
export function stopSharingFromBrowser(page: Page): Promise<number> {
  return page.evaluate(() => {
    const screens = (window as unknown as { __screens: MediaStreamTrack[] }).__screens.filter((track) => track.readyState === 'live');
    for (const track of screens) {
      track.stop();
      track.dispatchEvent(new Event('ended'));
    }
    return screens.length;
  });
}
