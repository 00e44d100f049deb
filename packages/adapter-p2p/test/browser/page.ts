// The page side of the Chromium suite: two adapters (near and far) built from
// the package's browser entry, driven from Node through `window.p2p`.
import { createP2PAdapter, createWebSocketSignaling, type P2PAdapter } from '../../src/index.js';

declare global {
  interface Window {
    tokenFor(room: string): Promise<string>;
    reportEvent(side: string, event: unknown): void;
    p2p: typeof api;
  }
}

const sides = new Map<string, P2PAdapter>();

function serializeError(thrown: unknown) {
  const error = thrown as { name?: string; code?: string; message?: string; device?: string };
  return { name: error?.name, code: error?.code, message: error?.message ?? String(thrown), device: error?.device };
}

const api = {
  create(side: string, signalingUrl: string) {
    const adapter = createP2PAdapter({
      signaling: createWebSocketSignaling({ url: signalingUrl, reopenDelayMs: 50 }),
      self: { name: side },
      rtcConfig: { iceServers: [] },
      roomForCall: async (request) => {
        const room = request.callId.replace(/^far-/, '');
        return { room, token: await window.tokenFor(room) };
      },
      timeouts: { ackMs: 2_000, reconnectAttemptMs: 3_000 },
    });
    adapter.events$.subscribe({ next: (event) => window.reportEvent(side, event), complete: () => window.reportEvent(side, { type: '$complete' }) });
    sides.set(side, adapter);
    return adapter.capabilities;
  },
  async call(side: string, method: string, args: unknown[]) {
    const adapter = sides.get(side) as unknown as Record<string, (...a: unknown[]) => Promise<void>>;
    try {
      await adapter[method]!(...args);
      return { ok: true as const };
    } catch (thrown) {
      return { ok: false as const, error: serializeError(thrown) };
    }
  },
  dispose(side: string) {
    sides.get(side)?.dispose();
  },
  /** What a user would see: are frames arriving from the far side? */
  async inbound(side: string, callId: string) {
    const remote = sides.get(side)?.getStreams(callId).remote;
    return remote ? remote.getTracks().map((t) => `${t.kind}:${t.readyState}`) : [];
  },
  /** The browser's own "Stop sharing" button ends the screen track. */
  stopSharingFromBrowser(side: string, callId: string) {
    const local = sides.get(side)?.getStreams(callId).local;
    const screen = local?.getVideoTracks().find((t) => t.label.toLowerCase().includes('screen') || t.getSettings().displaySurface);
    if (!screen) return false;
    screen.stop();
    screen.dispatchEvent(new Event('ended'));
    return true;
  },
  localTracks(side: string, callId: string) {
    return sides.get(side)?.getStreams(callId).local?.getTracks().map((t) => `${t.kind}:${t.readyState}`) ?? [];
  },
};

window.p2p = api;
