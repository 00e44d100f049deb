// One Chromium page for a test file, the signaling server its adapters use,
// and a way to make adapter sides in it whose events reach Node, shaped for
// the RemoteDriver. Registers the file's beforeAll/afterAll.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { AdapterEvent } from '@ringline/core';
import { Subject } from 'rxjs';
import { afterAll, beforeAll } from 'vitest';
import type { SignalingServer } from '../../src/server/index.js';
import { startServer, tokenFor, type DrivenSide } from '../nodeHarness.js';
import { bundlePage, directoryAssets, openPage, pageAdapter, type AssetLookup, type PageHost } from './chromium.js';

const mediapipeDir = dirname(createRequire(import.meta.url).resolve('@mediapipe/selfie_segmentation/package.json'));

export function usePageSides(assets: AssetLookup[] = []) {
  let server: SignalingServer;
  let host: PageHost;
  const routes = new Map<string, { events: Subject<AdapterEvent>; seen: AdapterEvent[] }>();

  beforeAll(async () => {
    server = await startServer();
    const bundle = await bundlePage('./page.ts');
    host = await openPage(bundle, tokenFor, (side, event) => {
      const target = routes.get(side);
      if (!target || (event as { type?: string }).type === '$complete') return;
      target.seen.push(event as AdapterEvent);
      target.events.next(event as AdapterEvent);
    }, 'p2p', [directoryAssets('/mediapipe/', mediapipeDir), ...assets]);
  });

  afterAll(async () => {
    await host?.close();
    await server?.close();
  });

  /** An adapter in the page; `withEffects` gives it the selfie segmentation processor. */
  async function side(name: string, withEffects = false) {
    const events = new Subject<AdapterEvent>();
    const seen: AdapterEvent[] = [];
    routes.set(name, { events, seen });
    const adapter = await pageAdapter(host.page, name, server.url, events, withEffects);
    const driven: DrivenSide = { seen, adapter: { watchRoom: (room) => adapter.raw('watchRoom', room), connect: adapter.connect, disconnect: adapter.disconnect } };
    return { adapter, driven, name };
  }

  return { side, page: () => host.page };
}
