// Hold and resume. Both are adapter round-trips with an explicit in-between
// status; a refusal rolls back and says so, so the UI never shows "on hold"
// for a call that is not (003 "Call on hold"). Held time is accounted here.
import type { EngineConfig } from '../config.js';
import type { CommandInput } from '../events.js';
import type { Call, EngineState, ErrorInfo } from '../model.js';
import { getCall } from '../selectors.js';
import { reject, timeline, unchanged, unknownCall, withCall, wrongPhase, type Transition } from './transition.js';

// Hold states are written out, not spread from the last one: a call starts
// with a frozen shared value, and spreading it misses V8's fast clone path.
type HoldInput = Extract<CommandInput, { type: 'hold' | 'resume' }> & { at: number };

export function hold(state: EngineState, event: HoldInput, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (!config.capabilities.hold) return reject(state, 'unsupported', 'This adapter cannot hold calls', call.id);
  if (call.phase !== 'connected' || call.hold.status !== 'off') return wrongPhase(state, call, `hold (hold is ${call.hold.status})`);
  return {
    state: withCall(state, { ...call, hold: { status: 'holding', heldMs: call.hold.heldMs } }),
    effects: [{ type: 'adapter', command: { name: 'hold', callId: call.id } }],
  };
}

export function resume(state: EngineState, event: HoldInput, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (!config.capabilities.hold) return reject(state, 'unsupported', 'This adapter cannot hold calls', call.id);
  if (call.phase !== 'connected' || call.hold.status !== 'on') return wrongPhase(state, call, `resume (hold is ${call.hold.status})`);
  return {
    state: withCall(state, { ...call, hold: { status: 'resuming', since: call.hold.since, heldMs: call.hold.heldMs } }),
    effects: [{ type: 'adapter', command: { name: 'resume', callId: call.id } }],
  };
}

export function holdSettled(state: EngineState, call: Call, at: number, error?: ErrorInfo): Transition {
  if (call.hold.status !== 'holding') return unchanged(state);
  if (error) {
    const lastError: ErrorInfo = { code: 'holdRefused', message: error.message, callId: call.id };
    return {
      state: withCall(state, { ...call, hold: { status: 'off', heldMs: call.hold.heldMs }, lastError }),
      effects: [timeline(at, call.id, 'holdRefused', error.message), { type: 'error', error: lastError }],
    };
  }
  return {
    state: withCall(state, { ...call, hold: { status: 'on', since: at, heldMs: call.hold.heldMs } }),
    effects: [timeline(at, call.id, 'onHold')],
  };
}

export function resumeSettled(state: EngineState, call: Call, at: number, error?: ErrorInfo): Transition {
  if (call.hold.status !== 'resuming') return unchanged(state);
  if (error) {
    const lastError: ErrorInfo = { code: 'resumeRefused', message: error.message, callId: call.id };
    return {
      state: withCall(state, { ...call, hold: { status: 'on', since: call.hold.since, heldMs: call.hold.heldMs }, lastError }),
      effects: [timeline(at, call.id, 'resumeRefused', error.message), { type: 'error', error: lastError }],
    };
  }
  const heldMs = call.hold.heldMs + (call.hold.since === undefined ? 0 : at - call.hold.since);
  return {
    state: withCall(state, { ...call, hold: { status: 'off', heldMs } }),
    effects: [timeline(at, call.id, 'resumed', `${heldMs} ms held in total`)],
  };
}
