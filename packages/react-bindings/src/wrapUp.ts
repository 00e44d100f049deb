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

/** The open wrap-up window, or undefined when there is none. */
export function useWrapUp(): WrapUpResult | undefined {
  const desk = useDesk();
  const engine = useEngine();
  const select = useCallback((state: EngineState) => {
    const deadline = state.desk?.wrapUp?.deadline;
    if (deadline === undefined) return undefined;
    // Read at the deadline, the view's own countdown is zero: the ticking one is below.
    const { remainingMs: _, ...view } = wrapUpView(state, desk.config, deadline)!;
    return { ...view, deadline };
  }, [desk]);
  const view = useSelector(select, shallowEqual);
  const remainingSeconds = useCountdown(view?.deadline);
  const actions = useMemo(() => ({
    extend: (by: 'tenSeconds' | 'moreTime') => engine.send({ type: 'extendWrapUp', by }),
    setNotes: (notes: string) => engine.send({ type: 'setWrapUpNotes', notes }),
    rate: (rating: number) => engine.send({ type: 'rateCall', rating }),
    close: (conversation: 'close' | 'leaveOpen') => engine.send({ type: 'closeWrapUp', conversation }),
  }), [engine]);
  return useMemo(() => (view ? { ...view, remainingSeconds: remainingSeconds ?? 0, ...actions } : undefined), [view, remainingSeconds, actions]);
}
