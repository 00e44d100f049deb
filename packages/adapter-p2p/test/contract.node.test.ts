import { runAdapterContract } from '@ringline/core/testing';
import { createNodeSubject, useSignalingServer } from './nodeHarness.js';

const { server } = useSignalingServer();

runAdapterContract('p2p in Node (@roamhq/wrtc, real signaling server)', () => createNodeSubject(server()), { timeoutMs: 8_000 });
