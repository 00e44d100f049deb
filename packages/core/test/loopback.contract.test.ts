import { runAdapterContract } from '../src/testing/index.js';
import { loopbackSubject } from './loopbackSubject.js';

runAdapterContract('loopback (full capabilities)', () => loopbackSubject({ latencyMs: 20 }, 50));

runAdapterContract('loopback (audio only, no hold, no DTMF)', () =>
  loopbackSubject({ latencyMs: 5, capabilities: { hold: false, dtmf: false, video: false, screenShare: false } }, 10));
