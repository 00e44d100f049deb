// The loopback adapter as a contract subject: its far side and faults, driven
// on a virtual clock. `wrap` gives the contract an adapter built on it instead
// (a deliberately broken one, for contract.catches.test.ts).
import type { MediaAdapter } from '../src/index.js';
import { createLoopbackAdapter, createVirtualClock, type ContractSubject, type LoopbackAdapter, type LoopbackOptions, type VirtualClock } from '../src/testing/index.js';

export function loopbackSubject(
  options: Omit<LoopbackOptions, 'clock'>,
  settleMs: number,
  wrap: (inner: LoopbackAdapter, clock: VirtualClock) => MediaAdapter = (inner) => inner,
): ContractSubject {
  const clock = createVirtualClock();
  const inner = createLoopbackAdapter({ clock, ...options });
  return {
    adapter: wrap(inner, clock),
    settle: () => clock.tick(settleMs),
    failNext: (command) => inner.failNext(command),
    openTracks: (callId) => inner.openTracks(callId),
    remote: {
      ring: async (media) => inner.remote.ring({ media }),
      answer: async (callId) => inner.remote.answer(callId),
      hangUp: async (callId) => inner.remote.hangUp(callId),
      dropNetwork: async (callId) => inner.remote.dropNetwork(callId),
      restoreNetwork: async (callId) => inner.remote.restoreNetwork(callId),
      stopSharingFromBrowser: async (callId) => inner.remote.stopSharingFromBrowser(callId),
      heard: async (callId) => inner.remote.heard(callId),
    },
  };
}
