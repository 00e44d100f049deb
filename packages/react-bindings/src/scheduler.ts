// Ticking hooks wait on a scheduler rather than on timers they own, so a test
// drives them with the engine's virtual clock (`clock.scheduler` from
// @ringline/core/testing fits this shape, as does any RxJS scheduler).

export interface TickScheduler {
  schedule(work: () => void, delay: number): { unsubscribe(): void };
}

/** The browser's timers, reached only when a hook subscribes (never at import or during a server render). */
export const timeoutScheduler: TickScheduler = {
  schedule(work, delay) {
    const handle = setTimeout(work, delay);
    return { unsubscribe: () => clearTimeout(handle) };
  },
};
