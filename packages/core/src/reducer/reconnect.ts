// Automatic reconnection (003): a network drop puts the call in
// `reconnecting`; the policy schedules retries until a give-up deadline, after
// which the call ends as dropped with the disconnect sound.
import type { EngineConfig } from '../config.js';
import type { Effect } from '../events.js';
import type { Call, EngineState } from '../model.js';
import { getCall } from '../selectors.js';
import { endCall } from './lifecycle.js';
import { reconnectTimersCancelled, timeline, unchanged, unknownCall, changedCall, withCall, wrongPhase, type Transition } from './transition.js';

/**
 * The policy's delay, made safe: at least 1 ms (0 would retry forever at once);
 * not a number means no more retries. A policy that throws retries no more
 * either: the call still waits out its give-up deadline, never stuck as connected.
 */
function retryDelay(config: EngineConfig, attempt: number): number {
  let delay = NaN;
  try {
    delay = config.reconnect.retryDelayMs(attempt);
  } catch {
    // the integrator's policy is broken; the give-up deadline still decides
  }
  return Number.isFinite(delay) ? Math.max(1, Math.round(delay)) : Infinity;
}

export function networkLost(state: EngineState, event: { callId: string; at: number }, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase === 'reconnecting') return unchanged(state);
  if (call.phase !== 'connected' && call.phase !== 'connecting') return wrongPhase(state, call, 'reconnect');
  const { at } = event;
  const giveUpAt = at + config.reconnect.giveUpAfterMs;
  const nextRetryAt = Math.min(giveUpAt, at + retryDelay(config, 1));
  // While set-up is interrupted the give-up deadline governs; the connect one starts over on restore.
  const effects: Effect[] = call.connectDeadline === undefined ? [] : [{ type: 'cancelTimer', timer: 'connect', callId: call.id }];
  if (nextRetryAt < giveUpAt) effects.push({ type: 'startTimer', timer: 'reconnectRetry', callId: call.id, at: nextRetryAt });
  effects.push({ type: 'startTimer', timer: 'reconnectGiveUp', callId: call.id, at: giveUpAt }, timeline(at, call.id, 'reconnecting'));
  return {
    state: withCall(state, changedCall(call, { phase: 'reconnecting', connectDeadline: undefined, reconnect: { lostAt: at, attempt: 1, nextRetryAt, giveUpAt } })),
    effects,
  };
}

export function networkRestored(state: EngineState, event: { callId: string; at: number }, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase !== 'reconnecting') return unchanged(state);
  return restored(state, call, event.at, config);
}

export function restored(state: EngineState, call: Call, at: number, config: EngineConfig): Transition {
  if (call.phase !== 'reconnecting' || !call.reconnect) return unchanged(state);
  const settingUp = call.connectedAt === undefined;
  const connectDeadline = settingUp ? at + config.connectTimeoutMs : undefined;
  const next: Call = changedCall(call, { phase: settingUp ? 'connecting' : 'connected', connectDeadline, reconnect: undefined });
  const effects: Effect[] = [...reconnectTimersCancelled(call.id), timeline(at, call.id, 'reconnected', `after ${call.reconnect.attempt - 1} attempt(s)`)];
  if (connectDeadline !== undefined) effects.push({ type: 'startTimer', timer: 'connect', callId: call.id, at: connectDeadline });
  return { state: withCall(state, next), effects };
}

export function retryDue(state: EngineState, call: Call, at: number, config: EngineConfig): Transition {
  const reconnect = call.reconnect;
  if (call.phase !== 'reconnecting' || !reconnect) return unchanged(state);
  // A retry timer that woke past the give-up deadline (a throttled tab) asks for nothing: the give-up timer, due too, ends the call then.
  if (at >= reconnect.giveUpAt) return unchanged(state);
  const attempt = reconnect.attempt + 1;
  const nextRetryAt = at + retryDelay(config, attempt);
  const effects: Effect[] = [{ type: 'adapter', command: { name: 'reconnect', callId: call.id, attempt: reconnect.attempt, lostAt: reconnect.lostAt } }];
  // No retry is scheduled past the give-up deadline; that timer ends the call.
  if (nextRetryAt < reconnect.giveUpAt) effects.push({ type: 'startTimer', timer: 'reconnectRetry', callId: call.id, at: nextRetryAt });
  return {
    state: withCall(state, changedCall(call, { reconnect: { ...reconnect, attempt, nextRetryAt: Math.min(nextRetryAt, reconnect.giveUpAt) } })),
    effects,
  };
}

export function giveUp(state: EngineState, call: Call, at: number, config: EngineConfig): Transition {
  if (call.phase !== 'reconnecting') return unchanged(state);
  return endCall(state, call, 'dropped', 'system', at, config);
}
