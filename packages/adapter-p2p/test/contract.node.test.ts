import { runAdapterContract } from '@ringline/core/testing';
import { afterAll, beforeAll } from 'vitest';
import type { SignalingServer } from '../src/server/index.js';
import { createNodeSubject, startServer } from './nodeHarness.js';

let server: SignalingServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
  // @roamhq/wrtc can crash the process on natural exit once it has made media sources.
  setTimeout(() => process.exit(0), 100).unref();
});

runAdapterContract('p2p in Node (@roamhq/wrtc, real signaling server)', () => createNodeSubject(server), { timeoutMs: 8_000 });
