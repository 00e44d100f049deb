// Everything the demo needs behind one HTTP server on 127.0.0.1: the built
// pages, the backend channel (/api), and the p2p signaling server on /signal,
// whose rooms open only with a token the backend minted for a call's parties.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRoomTokens, createSignalingServer, type SignalingServer } from '@ringline/adapter-p2p/server';
import { createCallLinks } from '@ringline/core/links';
import { createBackend } from './backend/index.js';
import { createChannel } from './channel.js';
import { serveGenerated } from './generatedAssets.js';
import { type CallLinkRooms, createCallLinkRooms } from './links/callLinkRooms.js';
import { createLinkRoutes } from './links/linkRoutes.js';
import { serveStatic } from './staticFiles.js';

export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The Vite build output. */
  distDir: string;
  /** The assistant's pause between lines (tests make it short). */
  typingMs?: number;
}

export interface DemoServer {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

export const signalingPath = '/signal';
/** Where the pages load MediaPipe's selfie segmentation files (background effects, 003): served from its npm package. */
export const mediapipePath = '/mediapipe/';
const mediapipeDir = dirname(createRequire(import.meta.url).resolve('@mediapipe/selfie_segmentation/package.json'));
const tokenLifetimeMs = 2 * 60 * 60 * 1000;

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const tokens = createRoomTokens(randomBytes(32).toString('base64url'));
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const backend = createBackend({
    typingMs: options.typingMs,
    mintToken: (room) => tokens.mint(room, Date.now() + tokenLifetimeMs),
    scheduler: {
      now: () => Date.now(),
      after(ms, work) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          work();
        }, ms);
        timers.add(timer);
        return { cancel: () => (clearTimeout(timer), timers.delete(timer)) };
      },
    },
  });
  const channel = createChannel(backend);
  // Set once the port is known (links point at this server's join page), before any request can arrive.
  let linkRooms: CallLinkRooms | undefined;
  const linkRoutes = createLinkRoutes(() => linkRooms!);
  const server: Server = createServer((request, response) => {
    if (linkRoutes.handle(request, response)) return;
    if (channel.handle(request, response)) return;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (serveGenerated(pathname, backend, response)) return;
    if (pathname.startsWith(mediapipePath)) serveStatic(mediapipeDir, pathname.slice(mediapipePath.length - 1), response);
    else serveStatic(options.distDir, pathname, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // The link secret lives only in this process: generated here, never sent to a page.
  const links = createCallLinks({ secret: randomBytes(32), baseUrl: `http://127.0.0.1:${port}/join.html` });
  linkRooms = createCallLinkRooms({ links, tokens });
  let signaling: SignalingServer;
  try {
    signaling = await createSignalingServer({ server, path: signalingPath, authorize: tokens.authorize });
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      channel.close();
      await signaling.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
