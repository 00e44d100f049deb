// What a widget or desk shows about calls: the active call, calls ringing
// here, the call duration, history and the missed-call screen (000, 001, 002).
import { activeCall, type Call, type CallId, type EngineState, getCall, type HistoryEntry, type MissedCall, ringingCalls } from './core.js';
import { useCallback } from './react.js';
import { useElapsed } from './useCountdown.js';
import { shallowEqual } from './equality.js';
import { useSelector } from './useSelector.js';

/** The call a hook means: the one named, else the active call, else the first one ringing. */
export function pickCall(state: EngineState, callId: CallId | undefined): Call | undefined {
  return callId === undefined ? activeCall(state) ?? state.calls[0] : getCall(state, callId);
}

/** The call past ringing, if any (there is at most one). */
export function useActiveCall(): Call | undefined {
  return useSelector(activeCall);
}

export function useCall(callId: CallId | undefined): Call | undefined {
  return useSelector(useCallback((state: EngineState) => getCall(state, callId), [callId]));
}

/** Calls ringing here (000's incoming call screen), oldest first. */
export function useIncomingCalls(): Call[] {
  return useSelector(ringingCalls, shallowEqual);
}

/**
 * Whole seconds connected (001's duration timer); undefined until the call
 * connects. While reconnecting it stops at the give-up deadline, as core's
 * `callDurationMs` does: a tab woken past it shows what the call will be logged with.
 */
export function useCallDuration(callId?: CallId): number | undefined {
  const connectedAt = useSelector(useCallback((state: EngineState) => pickCall(state, callId)?.connectedAt, [callId]));
  const giveUpAt = useSelector(useCallback((state: EngineState) => pickCall(state, callId)?.reconnect?.giveUpAt, [callId]));
  return useElapsed(connectedAt, giveUpAt);
}

const historyOf = (state: EngineState) => state.history;
const missedOf = (state: EngineState) => state.missed;

/** Ended calls, newest first, with outcome, duration and held time (002). */
export function useCallHistory(): HistoryEntry[] {
  return useSelector(historyOf);
}

/** 000's missed-call screen, newest first. Recall and dismiss with `engine.recall` / `engine.dismissMissed`. */
export function useMissedCalls(): MissedCall[] {
  return useSelector(missedOf);
}
