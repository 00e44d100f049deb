import { createLoopbackAdapter, createVirtualClock, runAdapterContract } from '../src/testing/index.js';

runAdapterContract('loopback (full capabilities)', () => {
  const clock = createVirtualClock();
  const adapter = createLoopbackAdapter({ clock, latencyMs: 20 });
  return {
    adapter,
    settle: () => clock.tick(50),
    failNext: (command) => adapter.failNext(command),
    openTracks: (callId) => adapter.openTracks(callId),
    remote: {
      ring: async (media) => adapter.remote.ring({ media }),
      answer: async (callId) => adapter.remote.answer(callId),
      hangUp: async (callId) => adapter.remote.hangUp(callId),
      dropNetwork: async (callId) => adapter.remote.dropNetwork(callId),
      restoreNetwork: async (callId) => adapter.remote.restoreNetwork(callId),
      stopSharingFromBrowser: async (callId) => adapter.remote.stopSharingFromBrowser(callId),
    },
  };
});

runAdapterContract('loopback (audio only, no hold, no DTMF)', () => {
  const clock = createVirtualClock();
  const adapter = createLoopbackAdapter({ clock, latencyMs: 5, capabilities: { hold: false, dtmf: false, video: false, screenShare: false } });
  return {
    adapter,
    settle: () => clock.tick(10),
    failNext: (command) => adapter.failNext(command),
    openTracks: (callId) => adapter.openTracks(callId),
    remote: {
      ring: async (media) => adapter.remote.ring({ media }),
      answer: async (callId) => adapter.remote.answer(callId),
      hangUp: async (callId) => adapter.remote.hangUp(callId),
      dropNetwork: async (callId) => adapter.remote.dropNetwork(callId),
      restoreNetwork: async (callId) => adapter.remote.restoreNetwork(callId),
    },
  };
});
