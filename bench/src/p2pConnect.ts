// Accept → connected for @ringline/adapter-p2p in Chromium on loopback,
// beside a bare RTCPeerConnection pair measured in the same page and run;
// and the gzipped size of the adapter's browser entry without simple-peer.
// Prints numbers only. Run: cd bench && node --import tsx --conditions=@ringline/source src/p2pConnect.ts
// (all.ts runs it too). Without /usr/bin/chromium the timing is skipped with the reason; nothing is installed.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromiumPath, openPage } from '../../packages/adapter-p2p/test/browser/chromium.js';
import { createRoomTokens, createSignalingServer } from '../../packages/adapter-p2p/src/server/index.js';

const rounds = 10;
const adapterDir = fileURLToPath(new URL('../../packages/adapter-p2p/', import.meta.url));

// Runs in the page: both sides of each call are adapters there, the signaling server is in Node.
const pageSource = `
import { createP2PAdapter, createWebSocketSignaling } from '../../src/index.ts';
const preferences = { volume: 1, videoEffect: { kind: 'none' } };
const until = (adapter, type, callId) => new Promise((resolve) => {
  const sub = adapter.events$.subscribe((e) => { if (e.type === type && e.callId === callId) { sub.unsubscribe(); resolve(e); } });
});
window.bench = {
  async adapterRound(url, i) {
    const make = (name) => createP2PAdapter({
      signaling: createWebSocketSignaling({ url }), self: { name }, rtcConfig: { iceServers: [] },
      roomForCall: async (r) => ({ room: r.callId, token: await window.tokenFor(r.callId) }),
    });
    const caller = make('caller'), callee = make('callee');
    const callId = 'bench-' + i + '-' + Math.random().toString(36).slice(2);
    await callee.watchRoom({ room: callId, token: await window.tokenFor(callId) });
    const rung = until(callee, 'incoming', callId);
    await caller.connect({ callId, direction: 'outbound', media: 'video', remote: {}, preferences });
    await rung;
    const connected = until(callee, 'mediaConnected', callId);
    const t0 = performance.now();
    await callee.connect({ callId, direction: 'inbound', media: 'video', remote: {}, preferences });
    await connected;
    const ms = performance.now() - t0;
    caller.dispose(); callee.dispose();
    return ms;
  },
  async bareRound() {
    const t0 = performance.now();
    const a = new RTCPeerConnection({ iceServers: [] }), b = new RTCPeerConnection({ iceServers: [] });
    const streams = await Promise.all([a, b].map(() => navigator.mediaDevices.getUserMedia({ audio: true, video: true })));
    streams[0].getTracks().forEach((t) => a.addTrack(t, streams[0]));
    streams[1].getTracks().forEach((t) => b.addTrack(t, streams[1]));
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    const channel = a.createDataChannel('x');
    const open = new Promise((resolve) => (channel.onopen = resolve));
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    await open;
    const ms = performance.now() - t0;
    a.close(); b.close(); streams.flat().forEach((s) => s.getTracks().forEach((t) => t.stop()));
    return ms;
  },
};
`;

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function size() {
  const bundle = async (external: string[], entry = 'src/index.ts') => {
    const result = await build({
      entryPoints: [`${adapterDir}${entry}`], bundle: true, write: false, minify: true, format: 'esm',
      platform: 'browser', target: 'es2022', conditions: ['@ringline/source'], external, logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  };
  return {
    ownCode: await bundle(['#simple-peer', 'simple-peer', '@ringline/core', 'rxjs', 'zod', 'zod/mini']),
    withZodMini: await bundle(['#simple-peer', 'simple-peer', '@ringline/core', 'rxjs']),
    // MediaPipe's own script (loaded by a dynamic import when an effect first starts) and its model files are not counted.
    effects: await bundle(['@ringline/core', '@mediapipe/selfie_segmentation'], 'src/effects/index.ts'),
  };
}

async function connectTimes() {
  if (!existsSync(chromiumPath)) return { skipped: `${chromiumPath} is missing (apt-get install -y chromium)` };
  const tokens = createRoomTokens('bench secret of enough length');
  const server = await createSignalingServer({ authorize: tokens.authorize });
  const pageBundle = await build({
    stdin: { contents: pageSource, resolveDir: `${adapterDir}test/browser`, loader: 'ts' },
    bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', conditions: ['@ringline/source'], logLevel: 'silent',
  });
  const host = await openPage(pageBundle.outputFiles[0]!.text, (room) => tokens.mint(room, Date.now() + 60_000), () => undefined, 'bench');
  const adapter: number[] = [];
  const bare: number[] = [];
  // Warm-up of each, then interleaved rounds so that both see the same machine.
  await host.page.evaluate(([url]) => (window as any).bench.adapterRound(url, -1), [server.url]);
  await host.page.evaluate(() => (window as any).bench.bareRound());
  for (let i = 0; i < rounds; i++) {
    adapter.push(await host.page.evaluate(([url, n]) => (window as any).bench.adapterRound(url, n), [server.url, i] as const));
    bare.push(await host.page.evaluate(() => (window as any).bench.bareRound()));
  }
  await host.close();
  await server.close();
  return { adapter, bare };
}

export interface P2PConnectResult {
  sizes: Awaited<ReturnType<typeof size>>;
  times: Awaited<ReturnType<typeof connectTimes>>;
}

export async function runP2PConnect(): Promise<P2PConnectResult> {
  return { sizes: await size(), times: await connectTimes() };
}

export function printP2PConnect({ sizes, times }: P2PConnectResult): void {
  const row = (entry: { bytes: number; gzip: number }) => `${(entry.gzip / 1024).toFixed(2)} KB gz (${(entry.bytes / 1024).toFixed(1)} KB min)`;
  console.log(`\n@ringline/adapter-p2p browser entry, minified, gzip -9 (simple-peer, core, rxjs external):`);
  console.log(`  own code          ${row(sizes.ownCode)}`);
  console.log(`  with zod/mini     ${row(sizes.withZodMini)}`);
  console.log(`  ./effects entry   ${row(sizes.effects)} (core and @mediapipe/selfie_segmentation external)`);
  if ('skipped' in times) {
    console.log(`p2p connect in Chromium: skipped, ${times.skipped}`);
    return;
  }
  const fmt = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');
  console.log(`Chromium, loopback, ${rounds} rounds (ms):`);
  console.log(`  p2p adapter, accept → mediaConnected   median ${median(times.adapter).toFixed(1)}  [${fmt(times.adapter)}]`);
  console.log(`  bare RTCPeerConnection pair, in-page   median ${median(times.bare).toFixed(1)}  [${fmt(times.bare)}]`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printP2PConnect(await runP2PConnect());
  process.exit(0);
}
