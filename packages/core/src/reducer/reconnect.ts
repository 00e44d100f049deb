// Automatic reconnection (003): a network drop puts the call in
// `reconnecting`; the policy schedules retries until a give-up deadline, after
// which the call ends as dropped with the disconnect sound.
import type { EngineConfig } from '../config.js';
import type { Effect } from '../events.js';
import type { Call, EngineState } from '../model.js';
import { endCall } from './lifecycle.js';
import { findCall, timeline, unchanged, unknownCall, withCall, wrongPhase, type Transition } from './transition.js';

export function networkLost(state: EngineState, event: { callId: string; at: number }, config: EngineConfig): Transition {
  const call = findCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase === 'reconnecting') return unchanged(state);
  if (call.phase !== 'connected' && call.phase !== 'connecting') return wrongPhase(state, call, 'reconnect');
  const { at } = event;
  const giveUpAt = at + config.reconnect.giveUpAfterMs;
  const nextRetryAt = Math.min(giveUpAt, at + Math.max(0, config.reconnect.retryDelayMs(1)));
  return {
    state: withCall(state, { ...call, phase: 'reconnecting', reconnect: { attempt: 1, nextRetryAt, giveUpAt } }),
    effects: [
      { type: 'startTimer', timer: 'reconnectRetry', callId: call.id, at: nextRetryAt },
      { type: 'startTimer', timer: 'reconnectGiveUp', callId: call.id, at: giveUpAt },
      timeline(at, call.id, 'reconnecting'),
    ],
  };
}

export function networkRestored(state: EngineState, event: { callId: string; at: number }): Transition {
  const call = findCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase !== 'reconnecting') return unchanged(state);
  return restored(state, call, event.at);
}

export function restored(state: EngineState, call: Call, at: number): Transition {
  if (call.phase !== 'reconnecting') return unchanged(state);
  const next: Call = { ...call, phase: call.connectedAt === undefined ? 'connecting' : 'connected', reconnect: undefined };
  return {
    state: withCall(state, next),
    effects: [
      { type: 'cancelTimer', timer: 'reconnectRetry', callId: call.id },
      { type: 'cancelTimer', timer: 'reconnectGiveUp', callId: call.id },
      timeline(at, call.id, 'reconnected', `after ${call.reconnect?.attempt ?? 0} attempt(s)`),
    ],
  };
}

export function retryDue(state: EngineState, call: Call, at: number, config: EngineConfig): Transition {
  const reconnect = call.reconnect;
  if (call.phase !== 'reconnecting' || !reconnect) return unchanged(state);
  const attempt = reconnect.attempt + 1;
  const nextRetryAt = at + Math.max(0, config.reconnect.retryDelayMs(attempt));
  const effects: Effect[] = [{ type: 'adapter', command: { name: 'reconnect', callId: call.id, attempt: reconnect.attempt } }];
  // No retry is scheduled past the give-up deadline; that timer ends the call.
  if (nextRetryAt < reconnect.giveUpAt) effects.push({ type: 'startTimer', timer: 'reconnectRetry', callId: call.id, at: nextRetryAt });
  return {
    state: withCall(state, { ...call, reconnect: { ...reconnect, attempt, nextRetryAt: Math.min(nextRetryAt, reconnect.giveUpAt) } }),
    effects,
  };
}

export function giveUp(state: EngineState, call: Call, at: number, config: EngineConfig): Transition {
  if (call.phase !== 'reconnecting') return unchanged(state);
  return endCall(state, call, 'dropped', 'system', at, config);
}
