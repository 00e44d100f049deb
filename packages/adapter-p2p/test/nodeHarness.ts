// Two p2p adapters in one Node process, talking through the real signaling
// server on 127.0.0.1 with @roamhq/wrtc: the test's adapter, and a far side
// the RemoteDriver works like a second browser would.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import wrtc from '@roamhq/wrtc';
import type { AdapterEvent, CallId, MediaKind } from '@ringline/core';
import type { ContractSubject, RemoteDriver } from '@ringline/core/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { createP2PAdapter, createWebSocketSignaling, type P2PAdapter, type P2PAdapterOptions, type SignalingPort } from '../src/index.js';
import { createRoomTokens, createSignalingServer, type SignalingServer } from '../src/server/index.js';

export const tokens = createRoomTokens('a test secret of enough length');
export const tokenFor = (room: string) => tokens.mint(room, Date.now() + 60_000);

const defaultPreferences = { volume: 1, videoEffect: { kind: 'none' as const } };

export function startServer(): Promise<SignalingServer> {
  return createSignalingServer({ authorize: tokens.authorize });
}

/**
 * The signaling server of one test file, on an HTTP server of its own so that
 * a test can reach the server's end of each connection (`sockets`, with the
 * `side` query of the URL that opened it). After the file the process exits:
 * @roamhq/wrtc can crash on a natural exit once it has made media sources.
 */
export function useSignalingServer(authorize: (token: string, room: string) => boolean | Promise<boolean> = tokens.authorize) {
  let http: Server;
  let server: SignalingServer;
  const sockets: { side: string; socket: Socket }[] = [];
  beforeAll(async () => {
    http = createServer();
    http.on('upgrade', (request, socket) => {
      sockets.push({ side: new URL(request.url ?? '/', 'http://x').searchParams.get('side') ?? '', socket: socket as Socket });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    server = await createSignalingServer({ authorize, server: http, path: '/signaling' });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => http?.close(resolve));
    setTimeout(() => process.exit(0), 100).unref();
  });
  return { server: () => server, sockets };
}

/** Sides pushed here are disposed, and their signaling closed, after each test. */
export function disposedAfterEach(): NodeSide[] {
  const sides: NodeSide[] = [];
  afterEach(() => {
    for (const side of sides.splice(0)) {
      side.adapter.dispose();
      side.signaling.close();
    }
  });
  return sides;
}

/** RTCPeerConnections as they are made, so a test can kill one like a network failure would. */
export function recordingWrtc() {
  const connections: RTCPeerConnection[] = [];
  class RecordedConnection extends (wrtc.RTCPeerConnection as unknown as typeof RTCPeerConnection) {
    constructor(config?: RTCConfiguration) {
      super(config);
      connections.push(this);
    }
  }
  return { connections, wrtc: { ...wrtc, RTCPeerConnection: RecordedConnection } as unknown as P2PAdapterOptions['wrtc'] };
}

export interface NodeSide {
  adapter: P2PAdapter;
  signaling: SignalingPort;
  seen: AdapterEvent[];
}

/**
 * `reopenDelayMs`: how long the signaling client waits before reopening a dropped connection (50 ms).
 * `Socket`: the WebSocket class, for a test that needs to reach the client's end of each connection.
 */
export function createNodeSide(server: Pick<SignalingServer, 'url'>, name: string, extra: Partial<P2PAdapterOptions> = {}, reopenDelayMs = 50, Socket: new (url: string) => object = WebSocket): NodeSide {
  const signaling = createWebSocketSignaling({ url: server.url, WebSocket: Socket, reopenDelayMs });
  const adapter = createP2PAdapter({
    signaling,
    self: { name },
    wrtc: wrtc as unknown as P2PAdapterOptions['wrtc'],
    mediaDevices: wrtc.mediaDevices as unknown as P2PAdapterOptions['mediaDevices'],
    rtcConfig: { iceServers: [] },
    roomForCall: (request) => ({ room: request.callId, token: tokenFor(request.callId) }),
    timeouts: { ackMs: 2_000, reconnectAttemptMs: 3_000 },
    ...extra,
  });
  const seen: AdapterEvent[] = [];
  adapter.events$.subscribe((event) => seen.push(event));
  return { adapter, signaling, seen };
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await pause(10);
  }
}

let rooms = 0;

/** One side as the driver needs it: a Node adapter or a page's, seen from Node. */
export interface DrivenSide {
  adapter: Pick<P2PAdapter, 'watchRoom' | 'connect' | 'disconnect'>;
  seen: AdapterEvent[];
}

/** What the far side heard of our hold and mute: the last its adapter reported (remoteMedia). */
export function heardHoldAndMute(farSeen: readonly AdapterEvent[], callId: CallId): { held: boolean; muted: boolean } {
  const media = farSeen.filter((event): event is Extract<AdapterEvent, { type: 'remoteMedia' }> => event.type === 'remoteMedia' && event.callId === callId);
  const last = (key: 'held' | 'muted') => media.findLast((event) => event[key] !== undefined)?.[key] ?? false;
  return { held: last('held'), muted: last('muted') };
}

/** The far side: a second adapter that rings, answers and hangs up when told to. */
export function createRemoteDriver(near: DrivenSide, far: DrivenSide): RemoteDriver {
  const farCallOf = new Map<CallId, CallId>();
  const incoming = (side: DrivenSide, callId: CallId) => side.seen.some((e) => e.type === 'incoming' && e.callId === callId);
  return {
    async ring(media: MediaKind) {
      const room = `ring-${process.pid}-${++rooms}`;
      const farCallId = `far-${room}`;
      await near.adapter.watchRoom({ room, token: tokenFor(room) });
      farCallOf.set(room, farCallId);
      await far.adapter.connect({
        callId: farCallId, direction: 'outbound', media, remote: {}, preferences: defaultPreferences,
      });
      // The far side's roomForCall maps its call id to the room.
      await waitFor(() => incoming(near, room), `incoming in ${room}`);
      return room;
    },
    async answer(callId) {
      farCallOf.set(callId, callId);
      await far.adapter.watchRoom({ room: callId, token: tokenFor(callId) });
      await waitFor(() => incoming(far, callId), `the far side's offer for ${callId}`);
      const offer = far.seen.find((e) => e.type === 'incoming' && e.callId === callId) as Extract<AdapterEvent, { type: 'incoming' }>;
      await far.adapter.connect({ callId, direction: 'inbound', media: offer.media, remote: {}, preferences: defaultPreferences });
    },
    async hangUp(callId) {
      await far.adapter.disconnect(farCallOf.get(callId) ?? callId, 'completed');
    },
  };
}

export async function createNodeSubject(server: SignalingServer): Promise<ContractSubject & { near: NodeSide; far: NodeSide }> {
  const faults = new Set<string>();
  const near = createNodeSide(server, 'Near', {
    unstable_faultHook: (command) => {
      if (faults.delete(command)) throw new Error(`an injected fault in ${command}`);
    },
  });
  const far = createNodeSide(server, 'Far side', {
    // `ring` places the far side's call into the room the near side watches.
    roomForCall: (request) => {
      const room = request.callId.replace(/^far-/, '');
      return { room, token: tokenFor(room) };
    },
  });
  // Every local track a call ever had, to ask afterwards whether each was stopped.
  const localTracksSeen = new Map<CallId, Set<MediaStreamTrack>>();
  near.adapter.streams$.subscribe(({ callId, local }) => {
    const seen = localTracksSeen.get(callId) ?? new Set<MediaStreamTrack>();
    for (const track of local?.getTracks() ?? []) seen.add(track);
    localTracksSeen.set(callId, seen);
  });
  // What the far side hears of our dial pad.
  const digits = new Map<CallId, string>();
  far.adapter.dtmf$.subscribe(({ callId, digits: pressed }) => digits.set(callId, `${digits.get(callId) ?? ''}${pressed}`));
  return {
    adapter: near.adapter,
    remote: { ...createRemoteDriver(near, far), heard: async (callId) => ({ ...heardHoldAndMute(far.seen, callId), dtmf: digits.get(callId) ?? '' }) },
    near,
    far,
    openTracks: (callId) => [...(localTracksSeen.get(callId) ?? [])].filter((track) => track.readyState === 'live').map((track) => `${track.kind}:${track.id}`),
    settle: () => pause(20),
    failNext: (command) => {
      faults.add(command);
    },
    cleanup: async () => {
      far.adapter.dispose();
      near.signaling.close();
      far.signaling.close();
    },
  };
}

/** Media devices that remember every track they handed out, to prove teardown stops them all. */
export function recordingDevices() {
  const tracks: MediaStreamTrack[] = [];
  const devices = {
    async getUserMedia(constraints: MediaStreamConstraints) {
      const stream = await wrtc.mediaDevices.getUserMedia(constraints) as unknown as MediaStream;
      tracks.push(...stream.getTracks());
      return stream;
    },
    async getDisplayMedia() {
      const stream = await wrtc.mediaDevices.getUserMedia({ video: true }) as unknown as MediaStream;
      tracks.push(...stream.getTracks());
      return stream;
    },
  };
  return { tracks, devices: devices as unknown as P2PAdapterOptions['mediaDevices'] };
}
