// Ticking hooks: whole seconds from a deadline or a start time, re-rendered
// once a second at the instant the shown second changes (aligned to the
// anchor, not to mount time), only while mounted, and only in the component
// that calls them. Values come from `engine.now()`, so a tab woken from
// throttling shows the right second at once (000).
import { useCallback, useSyncExternalStore } from './react.js';
import { useRingline } from './provider.js';

const second = 1000;
const noop = () => {};
const unsubscribed = () => noop;

function secondsLeft(deadline: number, now: number): number {
  return Math.ceil(Math.max(0, deadline - now) / second);
}

function secondsSince(start: number, now: number): number {
  return Math.floor(Math.max(0, now - start) / second);
}

/** Counting up stops at `until` when there is one; counting down stops at zero. */
function useWholeSeconds(anchor: number | undefined, countsDown: boolean, until = Infinity): number | undefined {
  const { engine, scheduler, renderedAt } = useRingline();
  const subscribe = useCallback((onTick: () => void) => {
    if (anchor === undefined) return noop;
    let pending: { unsubscribe(): void } | undefined;
    let stopped = false;
    const arm = () => {
      const now = engine.now();
      const offset = now - anchor;
      // A countdown at zero, or a count at its end, has nothing more to show.
      if (stopped || (countsDown ? offset >= 0 : now >= until)) return;
      // Until the next whole second relative to the anchor: when the shown value changes.
      const delay = second - (((offset % second) + second) % second);
      pending = scheduler.schedule(() => {
        onTick();
        arm();
      }, delay);
    };
    arm();
    return () => {
      stopped = true;
      pending?.unsubscribe();
    };
  }, [engine, scheduler, anchor, countsDown, until]);
  const at = (now: number) => (anchor === undefined ? undefined : countsDown ? secondsLeft(anchor, now) : secondsSince(anchor, Math.min(now, until)));
  const read = () => at(engine.now());
  // On the server and while hydrating: the value as of the render the markup came from, when the page says when that was.
  const readRendered = renderedAt === undefined ? read : () => at(renderedAt);
  return useSyncExternalStore(anchor === undefined ? unsubscribed : subscribe, read, readRendered);
}

/** Whole seconds left until `deadline` (epoch ms on the engine's clock): ring, wrap-up, reconnect, callback retry. */
export function useCountdown(deadline: number | undefined): number | undefined {
  return useWholeSeconds(deadline, true);
}

/** Whole seconds since `start` (epoch ms on the engine's clock), up to `until` if given. */
export function useElapsed(start: number | undefined, until?: number): number | undefined {
  return useWholeSeconds(start, false, until);
}

/** `m:ss`, or `h:mm:ss` from an hour: how call timers show a number of seconds. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(s % 60)}` : `${minutes}:${pad(s % 60)}`;
}
