// Hold as 001 and 003 show it: off, holding (waiting for the network), on,
// resuming. A refused hold rolls back to off in the reducer, so the UI never
// shows "on hold" for a hold that did not happen.
import type { CallId, EngineState, HoldState, SendResult } from './core.js';
import { useCallback, useMemo } from './react.js';
import { pickCall } from './calls.js';
import { useEngine } from './provider.js';
import { useSelector } from './useSelector.js';

export interface HoldResult {
  callId: CallId | undefined;
  /** Undefined when there is no such call. */
  hold: HoldState | undefined;
  /** Epoch ms the current hold was confirmed; `useElapsed(since)` shows how long. */
  since: number | undefined;
  putOnHold(): SendResult;
  resume(): SendResult;
}

export function useHold(callId?: CallId): HoldResult {
  const engine = useEngine();
  const call = useSelector(useCallback((state: EngineState) => pickCall(state, callId), [callId]), (a, b) => a?.id === b?.id && a?.hold === b?.hold);
  const id = call?.id;
  const hold = call?.hold;
  return useMemo(() => ({
    callId: id,
    hold,
    since: hold?.since,
    putOnHold: () => engine.hold(id ?? ''),
    resume: () => engine.resume(id ?? ''),
  }), [engine, id, hold]);
}
