// The signaling server on an HTTP server it shares (a dev server, an app's
// own): upgrades for its path are its own, every other path's stay with
// their owners (a hot-reload socket, the app's socket), whichever handler
// was attached first; and it can be attached before the server listens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createSignalingServer, type SignalingServer } from '../src/server/index.js';

let http: Server | undefined;
let signaling: SignalingServer | undefined;
let appSockets: WebSocketServer | undefined;

afterEach(async () => {
  await signaling?.close();
  appSockets?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => (http ? http.close(resolve) : resolve(undefined)));
  http = signaling = appSockets = undefined;
});

/** What a client of `path` sees in half a second: `open`, or how it failed. */
async function opens(url: string): Promise<string> {
  const client = new WebSocket(url);
  const seen: string[] = [];
  client.on('open', () => seen.push('open'));
  client.on('error', (error) => seen.push(`error: ${error.message}`));
  client.on('close', (code) => seen.push(`close ${code}`));
  await new Promise((resolve) => setTimeout(resolve, 500));
  client.terminate();
  return seen.join(', ');
}

async function sharedServer(signalingFirst: boolean): Promise<number> {
  const server = (http = createServer());
  const app = (appSockets = new WebSocketServer({ noServer: true }));
  const routeApp = () => server.on('upgrade', (request, socket, head) => {
    if (request.url?.startsWith('/app')) app.handleUpgrade(request, socket, head, (ws) => app.emit('connection', ws, request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (!signalingFirst) routeApp();
  signaling = await createSignalingServer({ authorize: () => true, server, path: '/signaling' });
  if (signalingFirst) routeApp();
  return (server.address() as AddressInfo).port;
}

describe('a signaling server on a shared HTTP server', () => {
  for (const signalingFirst of [true, false]) {
    it(`leaves other paths' upgrades to their owner (signaling attached ${signalingFirst ? 'first' : 'second'})`, async () => {
      const port = await sharedServer(signalingFirst);
      expect(await opens(`ws://127.0.0.1:${port}/app`)).toBe('open');
      expect(await opens(`ws://127.0.0.1:${port}/signaling`)).toBe('open');
    });
  }

  it('attaches before the server listens, and tells its address once it does', async () => {
    const server = (http = createServer());
    signaling = await createSignalingServer({ authorize: () => true, server, path: '/signaling' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(signaling.port).toBe((server.address() as AddressInfo).port);
    expect(await opens(signaling.url)).toBe('open');
  });
});
