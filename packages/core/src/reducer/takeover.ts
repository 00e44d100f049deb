// 000's AI-to-human takeover, as the visitor sees it: while the visitor is
// on a live call with the AI, a human agent asks to join. The widget shows a
// transition screen with the agent's name and avatar and rings; the visitor
// accepts or declines like any incoming call, before a countdown. Accepting
// keeps the same call: the agent replaces the AI on it once the adapter has
// switched the media. Declining, the countdown or the agent giving up leave
// the call with the AI as it was; so does a switch the adapter fails, or does
// not carry out within the connect timeout.
import type { EngineConfig } from '../config.js';
import type { AdapterEvent, Effect } from '../events.js';
import type { Call, EngineState, ErrorInfo, RemoteParty } from '../model.js';
import { getCall } from '../selectors.js';
import { reject, timeline, unchanged, unknownCall, changedCall, withCall, type Transition } from './transition.js';

type At<T> = T & { at: number };

function without(call: Call): Call {
  return changedCall(call, { takeover: undefined });
}

export function takeoverOffered(state: EngineState, event: At<Extract<AdapterEvent, { type: 'takeoverOffered' }>>, config: EngineConfig): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  if (call.phase !== 'connected') return reject(state, 'invalidState', `A person can only join a connected call; ${call.id} is ${call.phase}`, call.id);
  if (call.takeover) return reject(state, 'invalidState', `${call.takeover.agent.name ?? 'An agent'} is already joining ${call.id}`, call.id);
  const deadline = event.at + (event.ringTimeoutMs ?? config.ringTimeoutMs);
  const next: Call = changedCall(call, { takeover: { status: 'offered', agent: event.agent, offeredAt: event.at, deadline } });
  return {
    state: withCall(state, next),
    effects: [{ type: 'startTimer', timer: 'takeover', callId: call.id, at: deadline }, timeline(event.at, call.id, 'takeoverOffered', event.agent.name)],
  };
}

/** The visitor's Accept on the transition screen: the adapter switches the call to the agent. */
export function acceptTakeover(state: EngineState, call: Call, at: number, config: EngineConfig): Transition {
  const takeover = call.takeover!;
  if (takeover.status !== 'offered') return reject(state, 'invalidState', `Joining ${call.id} is already being accepted`, call.id);
  // The offer outlives a network drop (the countdown decides), but the switch needs the media path.
  if (call.phase !== 'connected') return reject(state, 'invalidState', `A person can only join a connected call; ${call.id} is ${call.phase}`, call.id);
  const answerBy = at + config.connectTimeoutMs;
  return {
    state: withCall(state, changedCall(call, { takeover: { ...takeover, status: 'accepting', deadline: answerBy } })),
    effects: [{ type: 'startTimer', timer: 'takeover', callId: call.id, at: answerBy }, { type: 'adapter', command: { name: 'acceptTakeover', callId: call.id, answerBy } }],
  };
}

export function declineTakeover(state: EngineState, call: Call, at: number): Transition {
  if (call.takeover!.status !== 'offered') return reject(state, 'invalidState', `Joining ${call.id} is already being accepted`, call.id);
  const declined = ended(state, call, at, 'takeoverDeclined');
  return { ...declined, effects: [...declined.effects, { type: 'adapter', command: { name: 'declineTakeover', callId: call.id } }] };
}

function ended(state: EngineState, call: Call, at: number, kind: 'takeoverDeclined' | 'takeoverExpired' | 'takeoverWithdrawn'): Transition {
  return {
    state: withCall(state, without(call)),
    effects: [{ type: 'cancelTimer', timer: 'takeover', callId: call.id }, timeline(at, call.id, kind, call.takeover!.agent.name)],
  };
}

/** The adapter switched (or failed to): the agent is the remote party now, or the call stays with the AI. */
export function takeoverSettled(state: EngineState, call: Call, at: number, error?: ErrorInfo): Transition {
  const takeover = call.takeover;
  if (takeover?.status !== 'accepting') return unchanged(state);
  const effects: Effect[] = [{ type: 'cancelTimer', timer: 'takeover', callId: call.id }];
  if (error) {
    const info: ErrorInfo = { ...error, callId: call.id };
    effects.push(timeline(at, call.id, 'takeoverFailed', error.code), { type: 'error', error: info });
    return { state: withCall(state, changedCall(call, { takeover: undefined, lastError: info })), effects };
  }
  effects.push(timeline(at, call.id, 'takeoverAccepted', takeover.agent.name));
  return { state: withCall(state, changedCall(call, { takeover: undefined, remote: takeover.agent })), effects };
}

export function takeoverWithdrawn(state: EngineState, event: At<{ callId: string }>): Transition {
  const call = getCall(state, event.callId);
  if (!call) return unknownCall(state, event.callId);
  // Once accepted, the switch is under way: its outcome decides.
  if (call.takeover?.status !== 'offered') return unchanged(state);
  return ended(state, call, event.at, 'takeoverWithdrawn');
}

/** Logged at the deadline, not when a throttled tab's timer got to run, as ring deadlines are. */
export function takeoverTimedOut(state: EngineState, callId: string, deadline: number, config: EngineConfig): Transition {
  const call = getCall(state, callId);
  if (!call?.takeover || call.takeover.deadline !== deadline) return unchanged(state);
  // Either way the person who asked to join is answered no, as a Decline would: their side stops waiting.
  const declined: Effect = { type: 'adapter', command: { name: 'declineTakeover', callId: call.id } };
  // The visitor let the countdown run out: the call stays with the AI.
  const outcome = call.takeover.status === 'offered'
    ? ended(state, call, deadline, 'takeoverExpired')
    // The switch never answered: it failed, and the call stays with the AI.
    : takeoverSettled(state, call, deadline, { code: 'commandFailed', message: `The switch to ${call.takeover.agent.name ?? 'the agent'} did not complete within ${config.connectTimeoutMs / 1_000} s` });
  return { ...outcome, effects: [...outcome.effects, declined] };
}

/** 000's transition screen: who is joining, and how long the visitor has to decide. */
export function takeoverScreen(call: Call, now: number): { status: 'offered' | 'accepting'; agent: RemoteParty; remainingMs: number } | undefined {
  const takeover = call.takeover;
  return takeover ? { status: takeover.status, agent: takeover.agent, remainingMs: Math.max(0, takeover.deadline - now) } : undefined;
}
