import type { EngineConfig } from '../config.js';
import type { Effect, EngineEvent } from '../events.js';
import type { Call, CallId, EngineState, ErrorCode, ErrorInfo } from '../model.js';

/** What one event does: the next state, the effects to run, and a rejection if it did not apply. */
export interface Transition {
  state: EngineState;
  effects: readonly Effect[];
  rejected?: ErrorInfo;
}

export type Handler<E extends EngineEvent = EngineEvent> = (state: EngineState, event: E, config: EngineConfig) => Transition;

export const noEffects: readonly Effect[] = Object.freeze([]);

export function unchanged(state: EngineState): Transition {
  return { state, effects: noEffects };
}

export function reject(state: EngineState, code: ErrorCode, message: string, callId?: CallId): Transition {
  const rejected: ErrorInfo = { code, message };
  if (callId !== undefined) rejected.callId = callId;
  return { state, effects: noEffects, rejected };
}

export function withCall(state: EngineState, call: Call): EngineState {
  return { ...state, calls: { ...state.calls, [call.id]: call } };
}

/** Rest-destructuring a computed key is several times slower in V8 than this loop. */
export function withoutCall(state: EngineState, callId: CallId): EngineState {
  const calls: Record<CallId, Call> = {};
  for (const id in state.calls) if (id !== callId) calls[id] = state.calls[id]!;
  return { ...state, calls };
}

/** Looks up the call an input names, or explains why it cannot be used. */
export function findCall(state: EngineState, callId: CallId): Call | undefined {
  return Object.prototype.hasOwnProperty.call(state.calls, callId) ? state.calls[callId] : undefined;
}

export function unknownCall(state: EngineState, callId: CallId): Transition {
  return reject(state, 'unknownCall', `No live call ${callId}`, callId);
}

export function wrongPhase(state: EngineState, call: Call, action: string): Transition {
  return reject(state, 'invalidState', `Cannot ${action} a call that is ${call.phase}`, call.id);
}

export function timeline(at: number, callId: CallId, kind: Extract<Effect, { type: 'timeline' }>['entry']['kind'], detail?: string): Effect {
  return { type: 'timeline', entry: detail === undefined ? { at, callId, kind } : { at, callId, kind, detail } };
}

/** A call is live from the moment it is accepted or dialled until it ends; ringing offers are not. */
export function isLive(call: Call): boolean {
  return call.phase !== 'ringing';
}

export function liveCallOtherThan(state: EngineState, callId: CallId | undefined): Call | undefined {
  for (const id in state.calls) {
    const call = state.calls[id]!;
    if (id !== callId && isLive(call)) return call;
  }
  return undefined;
}
