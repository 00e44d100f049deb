// The network under a live call really breaks and comes back, inside the
// suite's private network namespace: two engines (the real runtime, with a
// fast reconnect policy) over two p2p adapters on @roamhq/wrtc. The flow
// under test is the engine's: the media path breaks, ICE notices, the adapter
// reports networkLost, the engine's retries call reconnect, the adapter
// restarts ICE on the living peer, networkRestored puts the call back to
// connected and audio flows again; or the network stays down and the engine
// gives up, ending the call as dropped.
import wrtc from '@roamhq/wrtc';
import { createCallEngine, exponentialBackoff, getCall, type CallEngine, type CallId, type EngineOutput } from '@ringline/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { P2PAdapterOptions } from '../src/index.js';
import type { SignalingServer } from '../src/server/index.js';
import { cutEverything, cutMediaPath, inPrivateNetwork, restoreNetwork } from './loopbackNetwork.js';
import { createNodeSide, disposedAfterEach, pause, recordingWrtc, tokenFor, useSignalingServer, waitFor, type NodeSide } from './nodeHarness.js';

if (process.env.CI === 'true' && !inPrivateNetwork) {
  throw new Error('Under CI the suite runs as root inside a loopback-only network namespace (scripts/loopbackOnly.mjs); these tests must not skip there');
}
if (!inPrivateNetwork) console.warn('Skipping the network-loss suite: it breaks the network, so it runs only in the private namespace of scripts/loopbackOnly.mjs (`pnpm test` as root)');

const { server, sockets: serverSockets } = useSignalingServer();
const sides = disposedAfterEach();
const engines: CallEngine[] = [];
afterEach(() => {
  restoreNetwork();
  for (const engine of engines.splice(0)) engine.dispose();
});

const fastRetries = (giveUpAfterMs: number) => ({ reconnect: exponentialBackoff({ initialMs: 200, maxMs: 1_000, giveUpAfterMs }) });

/**
 * A microphone that really produces audio (wrtc's own getUserMedia track sends
 * no frames): 10 ms of a 440 Hz tone at a time, as long as the track lives.
 * Every track handed out is remembered, to prove teardown stops them all.
 */
function recordingDevices() {
  const tracks: MediaStreamTrack[] = [];
  const { RTCAudioSource } = (wrtc as unknown as { nonstandard: { RTCAudioSource: new () => { createTrack(): MediaStreamTrack; onData(data: object): void } } }).nonstandard;
  const sampleRate = 48_000;
  const samples = new Int16Array(sampleRate / 100);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  const devices = {
    async getUserMedia(constraints: MediaStreamConstraints) {
      if (!constraints.audio) {
        const camera = await wrtc.mediaDevices.getUserMedia({ video: true }) as unknown as MediaStream;
        tracks.push(...camera.getTracks());
        return camera;
      }
      const source = new RTCAudioSource();
      const track = source.createTrack();
      const frames = setInterval(() => {
        if (track.readyState === 'ended') clearInterval(frames);
        else source.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
      }, 10);
      tracks.push(track);
      return new wrtc.MediaStream([track]) as unknown as MediaStream;
    },
  };
  return { tracks, devices: devices as unknown as P2PAdapterOptions['mediaDevices'] };
}

async function audioPacketsReceived(pc: RTCPeerConnection): Promise<number> {
  let packets = 0;
  (await pc.getStats()).forEach((stat: { type: string; kind?: string; mediaType?: string; packetsReceived?: number }) => {
    if (stat.type === 'inbound-rtp' && (stat.kind ?? stat.mediaType) === 'audio') packets += stat.packetsReceived ?? 0;
  });
  return packets;
}

async function audioFlowing(pc: RTCPeerConnection, what: string): Promise<void> {
  const before = await audioPacketsReceived(pc);
  const deadline = Date.now() + 5_000;
  while ((await audioPacketsReceived(pc)) < before + 10) {
    if (Date.now() > deadline) throw new Error(`No audio packets arrived at ${what}`);
    await pause(50);
  }
}

/** The ICE username fragment the media actually flows under: a restart changes it. */
async function iceSessionInUse(pc: RTCPeerConnection): Promise<string | undefined> {
  let ufrag: string | undefined;
  (await pc.getStats()).forEach((stat: { type: string; iceLocalUsernameFragment?: string }) => {
    if (stat.type === 'transport') ufrag = stat.iceLocalUsernameFragment;
  });
  return ufrag;
}

async function waitForIceSessionOtherThan(pc: RTCPeerConnection, old: string | undefined, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await iceSessionInUse(pc)) === old) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await pause(50);
  }
}

interface EngineSide extends NodeSide {
  engine: CallEngine;
  /** When the adapter said networkRestored, by the wall clock. */
  restoredAt: number[];
  outputs: EngineOutput[];
  connections: RTCPeerConnection[];
  tracks: MediaStreamTrack[];
  phase(): string | undefined;
}

function engineSide(name: string, giveUpAfterMs: number, callId: CallId): EngineSide {
  const rtc = recordingWrtc();
  const media = recordingDevices();
  // The `side` query names the server's end of this side's connections (useSignalingServer's `sockets`).
  const side = createNodeSide({ url: `${server().url}?side=${name}` } as SignalingServer, name, { wrtc: rtc.wrtc, mediaDevices: media.devices });
  sides.push(side);
  const engine = createCallEngine({ adapter: side.adapter, config: fastRetries(giveUpAfterMs) });
  engines.push(engine);
  const outputs: EngineSide['outputs'] = [];
  engine.events$.subscribe((output) => outputs.push(output));
  const restoredAt: number[] = [];
  side.adapter.events$.subscribe((event) => {
    if (event.type === 'networkRestored') restoredAt.push(Date.now());
  });
  return { ...side, engine, outputs, restoredAt, connections: rtc.connections, tracks: media.tracks, phase: () => getCall(engine.getSnapshot(), callId)?.phase };
}

let calls = 0;
async function connectedCall(giveUpAfterMs: number) {
  const callId: CallId = `netloss-${process.pid}-${++calls}`;
  const agent = engineSide('Agent', giveUpAfterMs, callId);
  const visitor = engineSide('Visitor', giveUpAfterMs, callId);
  await visitor.adapter.watchRoom({ room: callId, token: tokenFor(callId) });
  expect(agent.engine.placeCall({ name: 'Visitor' }, 'audio', { callId }).ok).toBe(true);
  await waitFor(() => visitor.phase() === 'ringing', 'the visitor rung');
  expect(visitor.engine.accept(callId).ok).toBe(true);
  await waitFor(() => agent.phase() === 'connected' && visitor.phase() === 'connected', 'both engines connected');
  await audioFlowing(agent.connections[0]!, 'the agent');
  await audioFlowing(visitor.connections[0]!, 'the visitor');
  return { callId, agent, visitor };
}

// ICE notices a dead path after about 5 s here; a loaded 2-core CI machine has been seen to take over 15.
const reconnectingWithinMs = 30_000;

describe.skipIf(!inPrivateNetwork)('a p2p call whose network breaks (needs the private network namespace of scripts/loopbackOnly.mjs: run `pnpm test` as root)', { timeout: 90_000 }, () => {
  it('restarts ICE on the living peer within the engine\'s retries once the media path is back (a new peer if that restart failed meanwhile)', async () => {
    const { callId, agent, visitor } = await connectedCall(20_000);
    const firstSession = await iceSessionInUse(agent.connections[0]!);
    expect(firstSession).toBeTruthy();

    const cutAt = Date.now();
    cutMediaPath(Number(new URL(server().url).port));
    await waitFor(() => agent.phase() === 'reconnecting' && visitor.phase() === 'reconnecting', 'both engines reconnecting', reconnectingWithinMs);
    const lostAfterMs = Date.now() - cutAt;
    await pause(2_000); // a few of the engine's retries go out while nothing can pass
    expect([...agent.restoredAt, ...visitor.restoredAt]).toEqual([]);

    const backAt = Date.now();
    restoreNetwork();
    await waitFor(() => agent.phase() === 'connected' && visitor.phase() === 'connected', 'both engines connected again', 10_000);
    console.log(`media path cut: networkLost after ${lostAfterMs} ms; back: networkRestored after ${agent.restoredAt[0]! - backAt} ms (agent), ${visitor.restoredAt[0]! - backAt} ms (visitor)`);

    // Usually a true ICE restart: the same peer connections, media under new ICE credentials. On a loaded
    // machine an ICE restart sent while nothing could pass may fail the peer first (simple-peer then closes
    // it), and the adapter's next attempt builds a new one. Either way exactly one peer lives on per side.
    const agentPeer = agent.connections.at(-1)!;
    if (agentPeer === agent.connections[0]) expect(await iceSessionInUse(agentPeer)).not.toBe(firstSession);
    else console.log('the ICE restart failed while the path was cut: a new peer took over');
    for (const side of [agent, visitor]) {
      expect(side.connections.slice(0, -1).map((pc) => pc.connectionState)).toEqual(side.connections.slice(0, -1).map(() => 'closed'));
      expect(side.connections.length).toBeLessThanOrEqual(2);
    }
    await audioFlowing(agentPeer, 'the agent after the restart');
    await audioFlowing(visitor.connections.at(-1)!, 'the visitor after the restart');
    const reconnected = agent.outputs.filter((output) => output.type === 'timeline' && output.entry.kind === 'reconnected');
    expect(reconnected).toHaveLength(1);
    await agent.adapter.sendDtmf(callId, '7');
  });

  it('comes back after the whole network was down, signaling included, and the restart asked for meanwhile completes', async () => {
    const { callId, agent, visitor } = await connectedCall(20_000);
    const firstSession = await iceSessionInUse(agent.connections[0]!);

    const cutAt = Date.now();
    cutEverything();
    await waitFor(() => agent.phase() === 'reconnecting' && visitor.phase() === 'reconnecting', 'both engines reconnecting', reconnectingWithinMs);
    const lostAfterMs = Date.now() - cutAt;
    await pause(2_000);

    const backAt = Date.now();
    restoreNetwork();
    await waitFor(() => agent.phase() === 'connected' && visitor.phase() === 'connected', 'both engines connected again', 10_000);
    const restoredAfterMs = [agent.restoredAt[0]! - backAt, visitor.restoredAt[0]! - backAt];
    // The restart offer sat in the stalled signaling socket; TCP delivers it once lo is back. An
    // ICE restart that found no network at all may fail the peer instead (simple-peer then closes
    // it): the adapter's next attempt builds a new one. Either way exactly one peer lives on.
    const agentPeer = agent.connections.at(-1)!;
    const how = agentPeer === agent.connections[0] ? 'ICE restart on the same peer' : 'a new peer';
    if (agentPeer === agent.connections[0]) await waitForIceSessionOtherThan(agentPeer, firstSession, 'media under the restarted ICE session');
    console.log(`lo down: networkLost after ${lostAfterMs} ms; lo up: networkRestored after ${restoredAfterMs.join(' / ')} ms (agent / visitor), ${how} in use after ${Date.now() - backAt} ms`);
    for (const side of [agent, visitor]) {
      expect(side.connections.slice(0, -1).map((pc) => pc.connectionState)).toEqual(side.connections.slice(0, -1).map(() => 'closed'));
      expect(side.connections.length).toBeLessThanOrEqual(2);
    }
    await audioFlowing(agentPeer, 'the agent after the outage');
    await audioFlowing(visitor.connections.at(-1)!, 'the visitor after the outage');
    await agent.adapter.sendDtmf(callId, '3');
  });

  it('ends the call as dropped, with the disconnect sound and every track stopped, when the network stays down', async () => {
    const giveUpAfterMs = 2_000;
    const { callId, agent, visitor } = await connectedCall(giveUpAfterMs);
    cutEverything();
    await waitFor(() => agent.phase() === 'reconnecting', 'the agent reconnecting', reconnectingWithinMs);
    const lostAt = Date.now();
    await waitFor(() => agent.phase() === undefined && visitor.phase() === undefined, 'both calls ended', giveUpAfterMs + 10_000);
    const endedAfterMs = Date.now() - lostAt;
    expect(endedAfterMs).toBeGreaterThanOrEqual(giveUpAfterMs - 50);

    for (const side of [agent, visitor]) {
      expect(side.engine.getSnapshot().history[0]).toMatchObject({ id: callId, endReason: 'dropped' });
      expect(side.outputs).toContainEqual({ type: 'sound', sound: 'disconnected', callId });
      expect(side.tracks.length).toBeGreaterThan(0);
      expect(side.tracks.map((track) => track.readyState)).toEqual(side.tracks.map(() => 'ended'));
      expect(side.connections.map((pc) => pc.connectionState)).toEqual(side.connections.map(() => 'closed'));
    }
    expect(agent.restoredAt).toEqual([]);
  });

  it('redoes the restart offer that a signaling connection killed during the outage took along, so later negotiations still go through', async () => {
    const { callId, agent, visitor } = await connectedCall(20_000);
    const firstSession = await iceSessionInUse(agent.connections[0]!);
    cutEverything();
    await waitFor(() => agent.phase() === 'reconnecting' && visitor.phase() === 'reconnecting', 'both engines reconnecting', reconnectingWithinMs);
    await waitFor(() => agent.connections[0]!.signalingState === 'have-local-offer', 'the engine\'s restart offer out');
    // A proxy or a server restart drops both connections, with the offer on its way.
    const opened = serverSockets.length;
    for (const entry of serverSockets) entry.socket.destroy();
    await pause(1_000);

    const backAt = Date.now();
    restoreNetwork();
    await waitFor(() => agent.phase() === 'connected' && visitor.phase() === 'connected', 'both engines connected again', 10_000);
    await waitFor(() => serverSockets.length >= opened + 2, 'both signaling connections reopened');
    await waitForIceSessionOtherThan(agent.connections[0]!, firstSession, 'media under the restarted ICE session');
    console.log(`lo down with the signaling connections killed: networkRestored ${agent.restoredAt[0]! - backAt} ms after lo up, the redone restart in use after ${Date.now() - backAt} ms`);
    await waitFor(() => agent.connections[0]!.signalingState === 'stable', 'the negotiations settled');

    // Renegotiation is not stuck behind the lost offer: an audio call turns its camera on.
    await agent.adapter.setCamera(callId, true);
    await waitFor(() => (visitor.adapter.getStreams(callId).remote?.getVideoTracks().length ?? 0) > 0, 'the camera at the far side (renegotiated)');
    expect(agent.connections).toHaveLength(1);
    await audioFlowing(visitor.connections[0]!, 'the visitor after the outage');
  });
});
