// The wrap-up window after a call (003): the time left, +10 s or more time
// where allowed, notes, a rating, and closing or leaving the conversation open.
import { type EngineState, type SendResult, type WrapUpView, wrapUpView } from './core.js';
import { useCallback, useMemo } from './react.js';
import { shallowEqual } from './equality.js';
import { useDesk, useEngine } from './provider.js';
import { useCountdown } from './useCountdown.js';
import { useSelector } from './useSelector.js';

export interface WrapUpResult extends Omit<WrapUpView, 'remainingMs'> {
  deadline: number;
  /** Whole seconds left; this hook re-renders its component once a second while the window is open. */
  remainingSeconds: number;
  extend(by: 'tenSeconds' | 'moreTime'): SendResult;
  setNotes(notes: string): SendResult;
  rate(rating: number): SendResult;
  close(conversation: 'close' | 'leaveOpen'): SendResult;
}

/** The open wrap-up window, or undefined when there is none or its countdown is at 0. */
export function useWrapUp(): WrapUpResult | undefined {
  const desk = useDesk();
  const engine = useEngine();
  const select = useCallback((state: EngineState) => {
    const wrapUp = state.desk?.wrapUp;
    // Read as of its opening: every field but the countdown reads the same until the deadline; the ticking one is below.
    const opened = wrapUp && wrapUpView(state, desk.config, wrapUp.openedAt);
    if (!opened) return undefined;
    const { remainingMs: _, ...view } = opened;
    return { ...view, deadline: wrapUp.deadline };
  }, [desk]);
  const view = useSelector(select, shallowEqual);
  const remainingSeconds = useCountdown(view?.deadline);
  const actions = useMemo(() => ({
    extend: (by: 'tenSeconds' | 'moreTime') => engine.send({ type: 'extendWrapUp', by }),
    setNotes: (notes: string) => engine.send({ type: 'setWrapUpNotes', notes }),
    rate: (rating: number) => engine.send({ type: 'rateCall', rating }),
    close: (conversation: 'close' | 'leaveOpen') => engine.send({ type: 'closeWrapUp', conversation }),
  }), [engine]);
  // At 0 the window is over, as core's wrapUpView says, also before its timer has run (a throttled tab).
  return useMemo(() => (view && remainingSeconds ? { ...view, remainingSeconds, ...actions } : undefined), [view, remainingSeconds, actions]);
}
