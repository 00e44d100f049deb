// The page side of the Chromium suite: two adapters (near and far) built from
// the package's browser entry, driven from Node through `window.p2p`.
import { createSelfieSegmentationProcessor, type SegmentationVideoProcessor } from '../../src/effects/index.js';
import { createP2PAdapter, createWebSocketSignaling, type P2PAdapter } from '../../src/index.js';
import { measureFrame } from './frameMetrics.js';

declare global {
  interface Window {
    tokenFor(room: string): Promise<string>;
    reportEvent(side: string, event: unknown): void;
    p2p: typeof api;
  }
}

const sides = new Map<string, P2PAdapter>();
const faults = new Map<string, Set<string>>();
let processor: SegmentationVideoProcessor | undefined;
const localTracksSeen = new Map<string, Set<MediaStreamTrack>>();
/** Every track a test looked at, by id, so that it can later ask whether the track was stopped. */
const tracks = new Map<string, MediaStreamTrack>();

// Every peer connection the page makes, so that a test can read a call's getStats().
const connections: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
    super(...args);
    connections.push(this);
  }
};

function connectionOf(side: string, callId: string): RTCPeerConnection | undefined {
  const remote = sides.get(side)?.getStreams(callId).remote?.getTracks() ?? [];
  return connections.find((pc) => pc.connectionState !== 'closed' && pc.getReceivers().some((r) => remote.includes(r.track)));
}

const viewers = new Map<string, HTMLVideoElement>();
async function viewerOf(stream: MediaStream, key: string): Promise<HTMLVideoElement> {
  let video = viewers.get(key);
  if (!video || video.srcObject !== stream) {
    video = document.createElement('video');
    video.muted = true;
    video.srcObject = stream;
    await video.play();
    viewers.set(key, video);
  }
  return video;
}

function describeTrack(track: MediaStreamTrack | null | undefined) {
  if (!track) return undefined;
  tracks.set(track.id, track);
  return { id: track.id, kind: track.kind, readyState: track.readyState, canvas: track.constructor.name === 'CanvasCaptureMediaStreamTrack' };
}

function serializeError(thrown: unknown) {
  const error = thrown as { name?: string; code?: string; message?: string; device?: string };
  return { name: error?.name, code: error?.code, message: error?.message ?? String(thrown), device: error?.device };
}

const api = {
  create(side: string, signalingUrl: string, withEffects = false) {
    if (withEffects) processor ??= createSelfieSegmentationProcessor({ assetsBaseUrl: '/mediapipe/', inference: 'cpu', frameRate: 15 });
    faults.set(side, new Set());
    const adapter = createP2PAdapter({
      ...(withEffects ? { videoProcessor: processor } : {}),
      unstable_faultHook: (command) => {
        if (faults.get(side)?.delete(command)) throw new Error(`an injected fault in ${command}`);
      },
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
    // Every local track a call ever had, to ask afterwards whether each was stopped.
    adapter.streams$.subscribe(({ callId, local }) => {
      const key = `${side}\u0000${callId}`;
      const seen = localTracksSeen.get(key) ?? new Set<MediaStreamTrack>();
      for (const track of local?.getTracks() ?? []) seen.add(track);
      localTracksSeen.set(key, seen);
    });
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
  failNext(side: string, command: string) {
    faults.get(side)?.add(command);
  },
  async processorReady() {
    await processor!.ready();
    return processor!.state;
  },
  processorStats: () => processor!.stats(),
  /** A processor whose model files are not where it was told: what does `ready` say? */
  async misplacedModel() {
    const misplaced = createSelfieSegmentationProcessor({ assetsBaseUrl: '/nowhere/', inference: 'cpu' });
    try {
      await misplaced.ready();
      return { state: misplaced.state };
    } catch (thrown) {
      return { state: misplaced.state, error: serializeError(thrown) };
    } finally {
      misplaced.close();
    }
  },
  processorState: () => processor?.state,
  /** Sharpness and colour of the video `side` shows for the call: its self view or what the far side sends it. */
  async frame(side: string, callId: string, which: 'local' | 'remote') {
    const streams = sides.get(side)?.getStreams(callId);
    const stream = which === 'local' ? streams?.local : streams?.remote;
    if (!stream?.getVideoTracks().length) return undefined;
    const video = await viewerOf(stream, `${side}/${callId}/${which}`);
    await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
    return measureFrame(video);
  },
  localVideo: (side: string, callId: string) => describeTrack(sides.get(side)?.getStreams(callId).local?.getVideoTracks()[0]),
  trackState: (id: string) => tracks.get(id)?.readyState,
  /** What the call's senders carry, and the microphone in the self view. */
  senders(side: string, callId: string) {
    const pc = connectionOf(side, callId);
    const sent = (kind: string) => describeTrack(pc?.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender.track);
    return { audio: sent('audio'), microphone: describeTrack(sides.get(side)?.getStreams(callId).local?.getAudioTracks()[0]) };
  },
  /** The call's inbound audio as getStats() reports it. */
  async inboundAudio(side: string, callId: string) {
    const stats = await connectionOf(side, callId)?.getStats();
    let energy = 0;
    let packets = 0;
    stats?.forEach((report: { type: string; kind?: string; totalAudioEnergy?: number; packetsReceived?: number }) => {
      if (report.type !== 'inbound-rtp' || report.kind !== 'audio') return;
      energy += report.totalAudioEnergy ?? 0;
      packets += report.packetsReceived ?? 0;
    });
    return { energy, packets };
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
  /** The local tracks a call has had that are still live: none once it ended, whatever became of its streams. */
  liveLocalTracks(side: string, callId: string) {
    const current = sides.get(side)?.getStreams(callId).local?.getTracks() ?? [];
    const seen = new Set([...(localTracksSeen.get(`${side}\u0000${callId}`) ?? []), ...current]);
    return [...seen].filter((t) => t.readyState === 'live').map((t) => `${t.kind}:${t.label || t.id}`);
  },
  localTracks(side: string, callId: string) {
    return sides.get(side)?.getStreams(callId).local?.getTracks().map((t) => `${t.kind}:${t.readyState}`) ?? [];
  },
};

window.p2p = api;
