// Hold and resume. Both are adapter round-trips with an explicit in-between
// status; a refusal rolls back and says so, so the UI never shows "on hold"
// for a call that is not (003 "Call on hold"). So does an answer that never
// comes: past `holdTimeoutMs` the change counts as refused, and an outcome
// arriving later changes nothing, also after the visitor tried again (each
// request carries the deadline it waits under: reducer/index.ts). Held time
// is accounted here.
import type { EngineConfig } from '../config.js';
import type { CommandInput, Effect } from '../events.js';
import type { Call, EngineState, ErrorInfo } from '../model.js';
import { getCall } from '../selectors.js';
import { reject, timeline, unchanged, unknownCall, changedCall, withCall, wrongPhase, type Transition } from './transition.js';

// Hold states are written out, not spread from the last one: a call starts
// with a frozen shared value, and spreading it misses V8's fast clone path.
type HoldInput = Extract<CommandInput, { type: 'hold' | 'resume' }> & { at: number };

export function hold(state: EngineState, event: HoldInput, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (!config.capabilities.hold) return reject(state, 'unsupported', 'This adapter cannot hold calls', call.id);
  if (call.phase !== 'connected' || call.hold.status !== 'off') return wrongPhase(state, call, `hold (hold is ${call.hold.status})`);
  const answerBy = event.at + config.holdTimeoutMs;
  return {
    state: withCall(state, changedCall(call, { hold: { status: 'holding', heldMs: call.hold.heldMs }, holdAnswerBy: answerBy })),
    effects: [{ type: 'adapter', command: { name: 'hold', callId: call.id, answerBy } }, { type: 'startTimer', timer: 'hold', callId: call.id, at: answerBy }],
  };
}

export function resume(state: EngineState, event: HoldInput, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (!config.capabilities.hold) return reject(state, 'unsupported', 'This adapter cannot hold calls', call.id);
  if (call.phase !== 'connected' || call.hold.status !== 'on') return wrongPhase(state, call, `resume (hold is ${call.hold.status})`);
  const answerBy = event.at + config.holdTimeoutMs;
  return {
    state: withCall(state, changedCall(call, { hold: { status: 'resuming', since: call.hold.since, heldMs: call.hold.heldMs }, holdAnswerBy: answerBy })),
    effects: [{ type: 'adapter', command: { name: 'resume', callId: call.id, answerBy } }, { type: 'startTimer', timer: 'hold', callId: call.id, at: answerBy }],
  };
}

/** The adapter's answer to a hold (one after the deadline finds it rolled back: reducer/index.ts). */
export function holdSettled(state: EngineState, call: Call, at: number, error?: ErrorInfo): Transition {
  const hold = call.hold;
  if (hold.status !== 'holding') return unchanged(state);
  const effects: Effect[] = [{ type: 'cancelTimer', timer: 'hold', callId: call.id }];
  if (error) return holdRefused(state, call, at, error.message, effects);
  effects.push(timeline(at, call.id, 'onHold'));
  return { state: withCall(state, changedCall(call, { hold: { status: 'on', since: at, heldMs: hold.heldMs }, holdAnswerBy: undefined })), effects };
}

export function resumeSettled(state: EngineState, call: Call, at: number, error?: ErrorInfo): Transition {
  const hold = call.hold;
  if (hold.status !== 'resuming') return unchanged(state);
  const effects: Effect[] = [{ type: 'cancelTimer', timer: 'hold', callId: call.id }];
  if (error) return resumeRefused(state, call, at, error.message, effects);
  const heldMs = hold.heldMs + (hold.since === undefined ? 0 : at - hold.since);
  effects.push(timeline(at, call.id, 'resumed', `${heldMs} ms held in total`));
  return { state: withCall(state, changedCall(call, { hold: { status: 'off', heldMs }, holdAnswerBy: undefined })), effects };
}

/** No answer by the deadline (the call's `holdAnswerBy`, as the callers check): rolled back at the deadline, as a refusal would have been. */
export function holdTimedOut(state: EngineState, call: Call, deadline: number, config: EngineConfig): Transition {
  const { status } = call.hold;
  if (status !== 'holding' && status !== 'resuming') return unchanged(state);
  const message = `No answer to ${status === 'holding' ? 'hold' : 'resume'} within ${config.holdTimeoutMs / 1_000} s`;
  // The adapter may still carry the change out; the opposite command, sent after it, leaves the media as the state now says.
  // It waits under the timed-out deadline: its own outcome decides nothing.
  const undo = status === 'holding' ? 'resume' : 'hold';
  const effects: Effect[] = [
    { type: 'cancelTimer', timer: 'hold', callId: call.id },
    { type: 'adapter', command: { name: undo, callId: call.id, answerBy: deadline } },
  ];
  return status === 'holding' ? holdRefused(state, call, deadline, message, effects) : resumeRefused(state, call, deadline, message, effects);
}

function holdRefused(state: EngineState, call: Call, at: number, message: string, effects: Effect[]): Transition {
  const lastError: ErrorInfo = { code: 'holdRefused', message, callId: call.id };
  effects.push(timeline(at, call.id, 'holdRefused', message), { type: 'error', error: lastError });
  return { state: withCall(state, changedCall(call, { hold: { status: 'off', heldMs: call.hold.heldMs }, holdAnswerBy: undefined, lastError })), effects };
}

function resumeRefused(state: EngineState, call: Call, at: number, message: string, effects: Effect[]): Transition {
  const lastError: ErrorInfo = { code: 'resumeRefused', message, callId: call.id };
  effects.push(timeline(at, call.id, 'resumeRefused', message), { type: 'error', error: lastError });
  return { state: withCall(state, changedCall(call, { hold: { status: 'on', since: call.hold.since, heldMs: call.hold.heldMs }, holdAnswerBy: undefined, lastError })), effects };
}
