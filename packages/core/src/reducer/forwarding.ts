// 001's phone forwarding: where the business configured it, an audio call
// reaches the visitor's phone instead of the browser. Starting one asks for
// the number (the call waits in `calling` with no number and no ring
// countdown), the system calls that phone and connects it to the agent, and
// the dial pad sends DTMF over that call for phone menus. The widget plays
// no ringback: the visitor hears their own phone.
import type { EngineConfig } from '../config.js';
import type { CommandInput, Effect } from '../events.js';
import type { Call, EngineState } from '../model.js';
import { getCall } from '../selectors.js';
import { isE164, placeCall } from './lifecycle.js';
import { reject, timeline, unchanged, unknownCall, changedCall, withCall, type Transition } from './transition.js';

type At<T> = T & { at: number };

/** Whether this call goes through phone forwarding under the configuration. */
export function isForwarded(event: { media?: unknown }, config: EngineConfig): boolean {
  return config.phoneForwarding && event.media === 'audio';
}

export function placeForwardedCall(state: EngineState, event: At<Extract<CommandInput, { type: 'placeCall' }>> & { callId: string }, config: EngineConfig, recallOf?: string): Transition {
  if (event.forwardTo !== undefined && (typeof event.forwardTo !== 'string' || !isE164(event.forwardTo))) {
    return reject(state, 'invalidNumber', `${JSON.stringify(event.forwardTo)} is not an E.164 phone number such as +14155550100`);
  }
  const placed = placeCall(state, event, config, recallOf);
  if (placed.rejected) return placed;
  const call = getCall(placed.state, event.callId)!;
  // The browser call the core would dial (and its ring countdown) is replaced by the phone leg.
  const effects = placed.effects.filter((effect) =>
    !(effect.type === 'adapter' && effect.command.name === 'connect' && effect.command.callId === call.id)
    && !(effect.type === 'startTimer' && effect.timer === 'ring' && effect.callId === call.id));
  // The phone leg rings as long as this call was asked to, counted from when it is dialled.
  const ringMs = event.ringTimeoutMs ?? config.outboundRingTimeoutMs;
  const waiting: Call = changedCall(call, { ringDeadline: undefined, forwarding: { phoneRinging: false, ringMs } });
  const asked = { state: withCall(placed.state, waiting), effects: [...effects, timeline(event.at, call.id, 'forwardingNumberNeeded')] };
  return event.forwardTo === undefined ? asked : dial(asked.state, waiting, event.forwardTo, event.at, config, asked.effects);
}

export function setForwardingNumber(state: EngineState, event: At<Extract<CommandInput, { type: 'setForwardingNumber' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (!call.forwarding) return reject(state, 'invalidState', `${call.id} is not a forwarded call`, call.id);
  if (call.forwarding.number !== undefined) return reject(state, 'invalidState', `${call.id} is already calling ${call.forwarding.number}`, call.id);
  if (typeof event.number !== 'string' || !isE164(event.number.trim())) {
    return reject(state, 'invalidNumber', `${JSON.stringify(event.number)} is not an E.164 phone number such as +14155550100`, call.id);
  }
  return dial(state, call, event.number.trim(), event.at, config, []);
}

function dial(state: EngineState, call: Call, number: string, at: number, config: EngineConfig, effects: Effect[]): Transition {
  const ringMs = call.forwarding?.ringMs ?? config.outboundRingTimeoutMs;
  const ringDeadline = at + ringMs;
  const next: Call = changedCall(call, { ringDeadline, forwarding: { number, phoneRinging: false, ringMs } });
  return {
    state: withCall(state, next),
    effects: [
      ...effects,
      { type: 'adapter', command: { name: 'forwardToPhone', callId: call.id, number, remote: call.remote } },
      { type: 'startTimer', timer: 'ring', callId: call.id, at: ringDeadline },
      timeline(at, call.id, 'forwardingDialing', number),
    ],
  };
}

export function phoneRinging(state: EngineState, event: At<{ callId: string }>): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (!call.forwarding?.number || call.phase !== 'calling') return reject(state, 'invalidState', `${call.id} is not calling a phone`, call.id);
  if (call.forwarding.phoneRinging) return unchanged(state);
  return { state: withCall(state, changedCall(call, { forwarding: { ...call.forwarding, phoneRinging: true } })), effects: [timeline(event.at, call.id, 'phoneRinging')] };
}

export type ForwardingStage = 'numberNeeded' | 'dialing' | 'phoneRinging' | 'connected';

/** What the widget shows for a forwarded call: the number entry, the phone being called, or the dial pad. */
export function forwardingStatus(call: Call): { stage: ForwardingStage; number?: string; dialPad: boolean } | undefined {
  const forwarding = call.forwarding;
  if (!forwarding) return undefined;
  if (forwarding.number === undefined) return { stage: 'numberNeeded', dialPad: false };
  const live = call.phase === 'connected' || call.phase === 'reconnecting';
  const stage: ForwardingStage = live || call.phase === 'connecting' ? 'connected' : forwarding.phoneRinging ? 'phoneRinging' : 'dialing';
  return { stage, number: forwarding.number, dialPad: call.phase === 'connected' };
}
