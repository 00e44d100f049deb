import type { EngineConfig } from '../config.js';
import type { Effect, EngineEvent } from '../events.js';
import type { Call, CallId, DevicesState, EngineState, ErrorCode, ErrorInfo, HistoryEntry, MissedCall } from '../model.js';

/**
 * What one event does: the next state and the effects to run. `rejected`
 * says the input did not apply; then the state is the one given, with one
 * exception: a click that arrives after its ring deadline (`ringExpired`)
 * is refused *and* the call ends as missed, as the deadline had decided.
 */
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

// Calls live in an array, not a Record keyed by id: every new id would give
// the Record a new hidden class and push each copy off V8's fast paths (it
// was a third of the reducer's time). An engine holds a handful of calls.

/**
 * The one literal every call is built from: every key, optional ones too, in
 * one order, then the changes. Spread copies gave V8 a new call shape for
 * each path a call took (a field cleared here, an optional one added there),
 * and a copy site that sees every path (mute, on every call) went
 * megamorphic, onto V8's generic clone: a third of the reducer's time. One
 * literal is one shape. Keys set to `undefined` clear a field.
 */
export function changedCall(call: Call, changes: Partial<Call>): Call {
  const next: Call = {
    id: call.id,
    direction: call.direction,
    media: call.media,
    remote: call.remote,
    phase: call.phase,
    startedAt: call.startedAt,
    ringDeadline: call.ringDeadline,
    connectDeadline: call.connectDeadline,
    earlyMedia: call.earlyMedia,
    hold: call.hold,
    holdAnswerBy: call.holdAnswerBy,
    local: call.local,
    remoteMedia: call.remoteMedia,
    dtmf: call.dtmf,
    answeredAt: call.answeredAt,
    connectedAt: call.connectedAt,
    reconnect: call.reconnect,
    recallOf: call.recallOf,
    lastError: call.lastError,
    takeover: call.takeover,
    forwarding: call.forwarding,
  };
  return Object.assign(next, changes);
}

/** Replaces the call with the same id, or appends it. */
export function withCall(state: EngineState, call: Call): EngineState {
  const calls = state.calls;
  for (let i = 0; i < calls.length; i++) {
    if (calls[i]!.id === call.id) {
      const next = calls.slice();
      next[i] = call;
      return withCalls(state, next);
    }
  }
  return withCalls(state, [...calls, call]);
}

export function withoutCall(state: EngineState, callId: CallId): EngineState {
  return withCalls(state, state.calls.filter((call) => call.id !== callId));
}

export function withCalls(state: EngineState, calls: Call[]): EngineState {
  return withLists(state, calls, state.history, state.missed);
}

/**
 * The one place a state is copied with new lists. Written out rather than
 * spread: a literal keeps one object shape and is cheaper to build. A new
 * top-level field is added here and nowhere else.
 */
export function withLists(
  state: EngineState, calls: Call[], history: HistoryEntry[], missed: MissedCall[], disposed = state.disposed, desk = state.desk,
): EngineState {
  return { calls, history, missed, disposed, desk, devices: state.devices };
}

export function withDevices(state: EngineState, devices: DevicesState): EngineState {
  return { calls: state.calls, history: state.history, missed: state.missed, disposed: state.disposed, desk: state.desk, devices };
}

/**
 * `[item, ...list].slice(0, limit)` for a limit of at least 1, in one copy:
 * history is copied on every ended call, and at its limit the spread built a
 * second full array only to drop its last entry.
 */
export function prepend<T>(item: T, list: readonly T[], limit: number): T[] {
  const out = list.slice(0, limit - 1);
  out.unshift(item);
  return out;
}

export function unknownCall(state: EngineState, callId: CallId): Transition {
  return reject(state, 'unknownCall', `No live call ${callId}`, callId);
}

export function wrongPhase(state: EngineState, call: Call, action: string): Transition {
  return reject(state, 'invalidState', `Cannot ${action} a call that is ${call.phase}`, call.id);
}

/** A reconnection is over (restored, given up on, or nobody left to reconnect to): both its timers go. */
export function reconnectTimersCancelled(callId: CallId): Effect[] {
  return [{ type: 'cancelTimer', timer: 'reconnectRetry', callId }, { type: 'cancelTimer', timer: 'reconnectGiveUp', callId }];
}

export function timeline(at: number, callId: CallId, kind: Extract<Effect, { type: 'timeline' }>['entry']['kind'], detail?: string): Effect {
  return { type: 'timeline', entry: detail === undefined ? { at, callId, kind } : { at, callId, kind, detail } };
}

/** A call is live from the moment it is accepted or dialled until it ends; ringing offers are not. */
export function isLive(call: Call): boolean {
  return call.phase !== 'ringing';
}

export function liveCallOtherThan(state: EngineState, callId: CallId | undefined): Call | undefined {
  for (const call of state.calls) if (call.id !== callId && isLive(call)) return call;
  return undefined;
}
