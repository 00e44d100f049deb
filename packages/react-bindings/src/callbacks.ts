// 003's callback list: every request or the agent's own, with what the agent
// may do with each (assign to me, call now) and the attempts left.
import { callbackList, type CallbackListEntry, type EngineState, handoffHistory, type SendResult, type TranscriptLine } from './core.js';
import { useCallback, useMemo } from './react.js';
import { itemsEqual, shallowEqual } from './equality.js';
import { useDesk, useEngine } from './provider.js';
import { useSelector } from './useSelector.js';

/** An entry without a frozen `nextAttemptInMs`: `useCountdown(entry.callback.retryAt)` shows the retry countdown. */
export type CallbackEntry = Omit<CallbackListEntry, 'nextAttemptInMs'>;

export interface CallbacksResult {
  entries: CallbackEntry[];
  assignToMe(callbackId: string): SendResult;
  /** A manual callback: the agent calls the customer from one of the desk's numbers. */
  start(callbackId: string, from: string): SendResult;
}

export function useCallbacks(view: 'all' | 'mine' = 'all'): CallbacksResult {
  const desk = useDesk();
  const engine = useEngine();
  const select = useCallback(
    (state: EngineState) => callbackList(state, desk.config, 0, view).map(({ nextAttemptInMs: _, ...entry }) => entry),
    [desk, view],
  );
  const entries = useSelector(select, itemsEqual);
  return useMemo(() => ({
    entries,
    assignToMe: (callbackId: string) => engine.send({ type: 'assignCallback', callbackId }),
    start: (callbackId: string, from: string) => engine.send({ type: 'startCallback', callbackId, from }),
  }), [engine, entries]);
}

/** What the caller and the AI said before the hand-off (002), to show beside the call. */
export function useHandoffHistory(conversationId: string | undefined): TranscriptLine[] {
  useDesk();
  return useSelector(useCallback((state: EngineState) => handoffHistory(state, conversationId), [conversationId]), shallowEqual);
}
