// Launches Debian's Chromium with fake devices, serves the esbuild bundle of
// the package's browser entry on 127.0.0.1, and wraps the page's adapters as
// MediaAdapters in Node so the contract suite can drive them.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RinglineError, type AdapterCapabilities, type AdapterEvent, type ErrorCode, type MediaAdapter } from '@ringline/core';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Subject } from 'rxjs';

export const chromiumPath = '/usr/bin/chromium';

/**
 * Why the suite cannot run here, or undefined. The package's test script runs
 * scripts/ensureChromium.mjs first, outside the network namespace, so apt can
 * install a missing Chromium there; inside the namespace there is no network.
 */
export function ensureChromium(): string | undefined {
  return existsSync(chromiumPath) ? undefined : `${chromiumPath} is missing: apt-get install -y chromium (scripts/ensureChromium.mjs does it as root)`;
}

export const chromiumFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
];

/** The page bundle: the package as a Vite/esbuild app would consume it, with no Node shims configured. */
export async function bundlePage(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['@ringline/source'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export interface PageHost {
  browser: Browser;
  page: Page;
  http: Server;
  close(): Promise<void>;
}

/** A file the page's server answers with, besides the page itself. */
export interface Asset { type: string; body: string | Uint8Array }
export type AssetLookup = (path: string) => Asset | undefined;

const contentTypes: Record<string, string> = { wasm: 'application/wasm', js: 'text/javascript', svg: 'image/svg+xml', wav: 'audio/wav' };

/** Serves the files of `dir` under `prefix` (e.g. a package's model files), nothing outside it. */
export function directoryAssets(prefix: string, dir: string): AssetLookup {
  const root = resolve(dir);
  return (path) => {
    if (!path.startsWith(prefix)) return undefined;
    const file = resolve(root, decodeURIComponent(path.slice(prefix.length)));
    if (!file.startsWith(`${root}/`) || !existsSync(file)) return undefined;
    return { type: contentTypes[file.split('.').pop() ?? ''] ?? 'application/octet-stream', body: readFileSync(file) };
  };
}

export async function openPage(bundle: string, tokenFor: (room: string) => string, onEvent: (side: string, event: unknown) => void, ready = 'p2p', assets: AssetLookup[] = []): Promise<PageHost> {
  const http = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const asset = assets.map((lookup) => lookup(path)).find(Boolean);
    if (path === '/page.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else if (asset) response.writeHead(200, { 'content-type': asset.type }).end(asset.body);
    else if (path === '/') response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.exposeFunction('tokenFor', tokenFor);
  await page.exposeFunction('reportEvent', onEvent);
  await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  await page.waitForFunction((name) => name in window, ready);
  return {
    browser, page, http,
    async close() {
      await browser.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

interface PageOutcome { ok: boolean; error?: { name?: string; code?: string; message: string } }

/** A page adapter seen from Node: commands are evaluated in the page, its events arrive through a binding. */
export async function pageAdapter(page: Page, side: string, signalingUrl: string, events: Subject<AdapterEvent>, withEffects = false) {
  const capabilities = await page.evaluate(([s, url, effects]) => window.p2p.create(s as string, url as string, effects as boolean), [side, signalingUrl, withEffects] as const) as AdapterCapabilities;
  let disposed = false;
  // The contract's failNext is synchronous: each command waits for the fault to be in place first.
  let faultArmed: Promise<void> = Promise.resolve();
  const call = (method: string) => async (...args: unknown[]): Promise<void> => {
    if (disposed) throw new RinglineError('disposed', 'The page adapter is disposed');
    await faultArmed;
    const outcome = await page.evaluate(([s, m, a]) => window.p2p.call(s as string, m as string, a as unknown[]), [side, method, args] as const) as PageOutcome;
    if (!outcome.ok) {
      const error = outcome.error!;
      throw error.name === 'RinglineError' ? new RinglineError(error.code as ErrorCode, error.message) : new Error(error.message);
    }
  };
  const adapter: MediaAdapter & { raw: (method: string, ...args: unknown[]) => Promise<void>; failNext(command: string): void } = {
    capabilities,
    events$: events.asObservable(),
    connect: call('connect'),
    disconnect: call('disconnect') as MediaAdapter['disconnect'],
    setMuted: call('setMuted') as MediaAdapter['setMuted'],
    setCamera: call('setCamera') as MediaAdapter['setCamera'],
    startScreenShare: call('startScreenShare'),
    stopScreenShare: call('stopScreenShare'),
    hold: call('hold'),
    resume: call('resume'),
    sendDtmf: call('sendDtmf') as MediaAdapter['sendDtmf'],
    reconnect: call('reconnect') as MediaAdapter['reconnect'],
    selectDevice: call('selectDevice') as NonNullable<MediaAdapter['selectDevice']>,
    setVolume: call('setVolume') as NonNullable<MediaAdapter['setVolume']>,
    setVideoEffect: call('setVideoEffect') as NonNullable<MediaAdapter['setVideoEffect']>,
    raw: (method, ...args) => call(method)(...args),
    failNext(command) {
      faultArmed = page.evaluate(([s, c]) => window.p2p.failNext(s!, c!), [side, command]);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      void page.evaluate((s) => window.p2p.dispose(s), side).catch(() => undefined);
      events.complete();
    },
  };
  return adapter;
}
