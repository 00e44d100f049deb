// A signaling server that refuses every connection (maintenance, a proxy's
// 503) is tried less and less often, and clients that lost it together do
// not come back in lockstep.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWebSocketSignaling } from '../src/index.js';

let http: Server;
let url: string;
const attempts = new Map<string, number[]>();

beforeAll(async () => {
  http = createServer();
  http.on('upgrade', (request, socket) => {
    const side = new URL(request.url ?? '/', 'http://localhost').searchParams.get('side') ?? '';
    attempts.set(side, [...(attempts.get(side) ?? []), performance.now()]);
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/signaling`;
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
});

it('backs off, doubling with jitter, up to maxReopenDelayMs', async () => {
  const clients = ['a', 'b'].map((side) => createWebSocketSignaling({ url: `${url}?side=${side}`, WebSocket, reopenDelayMs: 100, maxReopenDelayMs: 800 }));
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  for (const client of clients) client.close();
  const a = attempts.get('a')!;
  const gaps = a.slice(1).map((at, i) => at - a[i]!);
  // 100, 200, 400, then 800 at most, each 50-100 %: 4 s hold 6 to 14 attempts (a fixed 100 ms delay would make about 40).
  expect(a.length).toBeGreaterThanOrEqual(6);
  expect(a.length).toBeLessThanOrEqual(14);
  expect(Math.max(...gaps)).toBeLessThan(800 + 100);
  expect(gaps.slice(-2).every((gap) => gap >= 400 - 20)).toBe(true);
  // Jitter: the two clients' attempts do not fall at the same instants.
  const b = attempts.get('b')!;
  expect(a.slice(2, 6).every((at, i) => Math.abs(at - (b[i + 2] ?? Infinity)) < 5)).toBe(false);
});
