// Callbacks (003): a customer asks to be called back; the request goes
// queued → assigned → active → no reply / done. Automated callbacks ring the
// agent, dial the customer once the agent answers, and retry by policy from a
// deadline in state; manual ones are taken from the list ("Assign to me") and
// called by the agent. Every step is logged on the conversation timeline
// with its time. The call itself is an ordinary call of the call reducer:
// this file decides what each call change means for its callback. It goes to
// the customer's number over the phone network: a phone call, with no camera
// or screen share (003).
import type { EngineConfig } from '../config.js';
import type { Effect } from '../events.js';
import type { Call, EngineState } from '../model.js';
import { reduce, withTone } from '../reducer/index.js';
import { endCall, isE164 } from '../reducer/lifecycle.js';
import { getCall } from '../selectors.js';
import { reject, unchanged, changedCall, withCall, type Transition } from '../reducer/transition.js';
import type { CallbackPolicy, DeskConfig } from './config.js';
import type { DeskEvent, LoadedCallback } from './events.js';
import type { Callback, CallbackStatus, Conversation, ConversationEvent, ConversationEventKind, DeskState } from './model.js';
import { offerRefusal } from './offers.js';
import { existingConversationRule } from './outbound.js';
import {
  changedDesk,
  type At, conversationOf, deskCallOf, deskOf, extend, logEvent, newConversation, notice, openConversationWith, refuse, withConversation,
  withDesk, withDeskCall,
} from './state.js';

/** Finished callbacks (done, or out of attempts) kept in state; older ones are the backend's to keep. */
export const finishedCallbacksKept = 200;

/** The moves 003's statuses allow; anything else is a bug the property tests look for. */
export const callbackTransitions: Readonly<Record<CallbackStatus, readonly CallbackStatus[]>> = {
  queued: ['assigned'],
  assigned: ['active', 'queued'],
  // Back to the queue when the agent missed the ring of an automated callback: the customer was never dialled.
  active: ['noReply', 'done', 'queued'],
  noReply: ['active'],
  done: [],
};

/** Whether the callback still waits to reach the customer: a second request then joins it (003). */
export function isPending(callback: Callback, policy: CallbackPolicy): boolean {
  if (callback.status === 'done') return false;
  return callback.status !== 'noReply' || callback.attempts < policy.maxAttempts;
}

/** Delay before the attempt after `attempts` attempts, or undefined when the policy allows no more. */
export function retryDelayMs(policy: CallbackPolicy, attempts: number): number | undefined {
  if (attempts >= policy.maxAttempts) return undefined;
  const delays = policy.retryDelaysMs;
  return delays[Math.min(attempts - 1, delays.length - 1)] ?? delays[delays.length - 1];
}

export function callbackOf(desk: DeskState, callbackId: unknown): Callback | undefined {
  return desk.callbacks.find((callback) => callback.id === callbackId);
}

/**
 * Another agent's open conversation with the callback's customer, when this
 * agent has none open with them: that agent is already talking with the
 * customer, so this one neither takes the callback nor calls (003's
 * pre-existing-conversation rule, as for a call out), until they close it
 * or the routing side hands it over.
 */
export function heldElsewhere(desk: DeskState, callback: Callback): Conversation | undefined {
  const decision = existingConversationRule(desk.conversations, desk.agent.id, callback.customer);
  return decision.kind === 'assignedElsewhere' ? decision.conversation : undefined;
}

function refuseHeldElsewhere(state: EngineState, conversation: Conversation): Transition {
  return refuse(state, 'conversationAssigned', `Conversation ${conversation.id} with this customer is assigned to ${conversation.assignee}`);
}

function withCallback(desk: DeskState, callback: Callback): DeskState {
  const index = desk.callbacks.findIndex((other) => other.id === callback.id);
  const callbacks = desk.callbacks.slice();
  if (index < 0) callbacks.push(callback);
  else callbacks[index] = callback;
  return changedDesk(desk, { callbacks });
}

function log(desk: DeskState, callback: Callback, at: number, kind: ConversationEventKind, detail?: string, callId?: string): DeskState {
  const event: ConversationEvent = { at, kind, callbackId: callback.id };
  if (detail !== undefined) event.detail = detail;
  if (callId !== undefined) event.callId = callId;
  return logEvent(desk, callback.conversationId, event);
}

function statusNotice(callback: Callback, at: number): Effect {
  return notice({ type: 'callbackStatus', callbackId: callback.id, status: callback.status, assignee: callback.assignee, attempts: callback.attempts, at });
}

/** Moves a callback to a new status, logged and told to the backend. */
function move(desk: DeskState, callback: Callback, next: Callback, at: number, kind: ConversationEventKind, effects: Effect[], detail?: string): DeskState {
  effects.push(statusNotice(next, at));
  return log(withCallback(desk, next), callback, at, kind, detail, next.callId ?? callback.callId);
}

const modes: readonly unknown[] = ['automated', 'manual'];

export function callbackRequested(state: EngineState, event: At<Extract<DeskEvent, { type: 'callbackRequested' }>>, desk: DeskConfig): Transition {
  const number = event.customer?.number;
  if (typeof event.callbackId !== 'string' || event.callbackId.length === 0 || !modes.includes(event.mode)) {
    return reject(state, 'invalidInput', 'A callback request needs an id and a mode (automated or manual)');
  }
  if (typeof number !== 'string' || !isE164(number)) return reject(state, 'invalidNumber', `${JSON.stringify(number)} is not an E.164 number to call back`);
  let current = deskOf(state);
  if (callbackOf(current, event.callbackId)) return reject(state, 'invalidInput', `Duplicate callback id ${event.callbackId}`);
  // 003: the timeline shows whether another callback was asked for in the meantime; it does not queue a second one.
  // Once the customer has been reached, a request is a new matter, not the meantime.
  const waiting = current.callbacks.find((callback) => callback.customer.number === number && isPending(callback, desk.callbacks) && !callback.answered);
  if (waiting) return { state: withDesk(state, log(current, waiting, event.at, 'callbackRequestedAgain', event.callbackId)), effects: [] };
  const known = event.conversationId === undefined ? openConversationWith(current, { number }) : conversationOf(current, event.conversationId);
  const conversationId = known?.id ?? event.conversationId ?? `conv-${event.callbackId}`;
  if (!known) current = withConversation(current, newConversation(conversationId, event.customer, null, event.queue));
  const callback: Callback = {
    id: event.callbackId, conversationId, customer: { ...event.customer, number }, mode: event.mode, status: 'queued', assignee: null,
    requestedAt: event.at, attempts: 0, calls: 0, ...(event.queue === undefined ? {} : { queue: event.queue }),
  };
  const effects: Effect[] = [statusNotice(callback, event.at)];
  let next = log(withCallback(current, callback), callback, event.at, 'callbackRequested', event.mode);
  // Automated callbacks are assigned without anyone picking them (003), to an agent who takes calls of their queue.
  const me = next.agent;
  if (callback.mode === 'automated' && takesCallbacks(me) && (callback.queue === undefined || me.queues.includes(callback.queue)) && !heldElsewhere(next, callback)) {
    next = move(next, callback, { ...callback, status: 'assigned', assignee: me.id }, event.at, 'callbackAssigned', effects, me.id);
  }
  return { state: withDesk(state, next), effects };
}

export function assignCallback(state: EngineState, event: At<{ callbackId: string }>, policy: CallbackPolicy): Transition {
  const current = deskOf(state);
  const callback = callbackOf(current, event.callbackId);
  if (!callback) return refuse(state, 'unknownCallback', `No callback ${JSON.stringify(event.callbackId)}`);
  // Assigning my own again is a no-op while it is pending; a finished one has nobody left to call.
  if (callback.assignee === current.agent.id && callback.status !== 'queued') {
    return isPending(callback, policy) ? unchanged(state) : refuse(state, 'callbackNotStartable', `Callback ${callback.id} is ${callback.status}, with nobody left to call`);
  }
  if (callback.status !== 'queued') return refuse(state, 'callbackTaken', `Callback ${callback.id} is ${callback.status}, assigned to ${callback.assignee ?? 'nobody'}`);
  if (callback.queue !== undefined && !current.agent.queues.includes(callback.queue)) {
    return refuse(state, 'notInQueue', `Callback ${callback.id} is for queue ${callback.queue}, which you are not a member of`);
  }
  const elsewhere = heldElsewhere(current, callback);
  if (elsewhere) return refuseHeldElsewhere(state, elsewhere);
  const effects: Effect[] = [];
  const next = move(current, callback, { ...callback, status: 'assigned', assignee: current.agent.id }, event.at, 'callbackAssigned', effects, current.agent.id);
  return { state: withDesk(state, next), effects };
}

/** The routing side's word on who has a callback: another agent's assignment takes it out of this agent's hands. */
export function callbackAssigned(state: EngineState, event: At<Extract<DeskEvent, { type: 'callbackAssigned' }>>, policy: CallbackPolicy): Transition {
  const current = deskOf(state);
  const callback = callbackOf(current, event.callbackId);
  if (!callback) return refuse(state, 'unknownCallback', `No callback ${JSON.stringify(event.callbackId)}`);
  if (callback.assignee === event.agentId) return unchanged(state);
  // An attempt in progress is not taken away from under the agent, and a finished one has nobody left to call.
  // One waiting for its retry is taken: left here, the retry would ring this agent as well as the new assignee.
  if (callback.status === 'active' || !isPending(callback, policy)) return unchanged(state);
  const me = current.agent.id;
  const effects: Effect[] = [];
  if (callback.retryAt !== undefined && ownsRetry(callback, me) !== ownsRetry({ ...callback, assignee: event.agentId }, me)) {
    effects.push(ownsRetry(callback, me)
      ? { type: 'cancelTimer', timer: 'callbackRetry', callId: callback.id }
      : { type: 'startTimer', timer: 'callbackRetry', callId: callback.id, at: Math.max(callback.retryAt, event.at) });
  }
  const next = callback.status === 'queued'
    ? move(current, callback, { ...callback, status: 'assigned', assignee: event.agentId }, event.at, 'callbackAssigned', effects, event.agentId)
    : log(withCallback(current, { ...callback, assignee: event.agentId }), callback, event.at, 'callbackAssigned', event.agentId);
  return { state: withDesk(state, next), effects };
}

/** On duty and not offline (003 "Active status"); away or busy for a while keeps what waits for the agent. */
function takesCallbacks(agent: DeskState['agent']): boolean {
  return agent.onDuty && agent.presence !== 'offline';
}

/**
 * Automated callbacks this agent can no longer take go back to the routing
 * side, which gives them to someone else: off duty (the end of a shift), or
 * the callback's queue left. Only the assignee's desk rings them (003: they
 * ring on the assigned agent's desktop), so left assigned they would wait for
 * this agent's return. One not tried yet goes back to the queue; one waiting
 * for a retry keeps its status and attempts, loses its assignee, and this
 * desk's retry timer stops. An attempt in progress stays, and manual callbacks
 * are the agent's own list.
 */
export function releaseCallbacks(transition: Transition, at: number, policy: CallbackPolicy): Transition {
  const current = transition.state.desk;
  if (!current || transition.rejected) return transition;
  const { id: me, onDuty, queues } = current.agent;
  const taking = takesCallbacks(current.agent);
  const reason = !onDuty ? 'offDuty' : !taking ? 'offline' : 'notInQueue';
  const released = current.callbacks.filter((callback) =>
    ownsRetry(callback, me) && callback.status !== 'active' && isPending(callback, policy)
    && (!taking || (callback.queue !== undefined && !queues.includes(callback.queue))));
  if (released.length === 0) return transition;
  const effects: Effect[] = [];
  let next = current;
  for (const callback of released) {
    if (callback.retryAt !== undefined) effects.push({ type: 'cancelTimer', timer: 'callbackRetry', callId: callback.id });
    next = move(next, callback, { ...callback, status: callback.status === 'assigned' ? 'queued' : callback.status, assignee: null }, at, 'callbackReleased', effects, reason);
  }
  return { ...transition, state: withDesk(transition.state, next), effects: [...transition.effects, ...effects] };
}

/** A manual callback: the agent calls the customer from the list (003). */
export function startCallback(state: EngineState, event: At<{ callbackId: string; from: string; callId?: string }>, desk: DeskConfig, config: EngineConfig): Transition {
  const current = deskOf(state);
  const callback = callbackOf(current, event.callbackId);
  if (!callback) return refuse(state, 'unknownCallback', `No callback ${JSON.stringify(event.callbackId)}`);
  if (callback.mode === 'automated') return refuse(state, 'automatedCallback', `Callback ${callback.id} is automated`);
  if (callback.assignee !== current.agent.id) return refuse(state, 'callbackNotStartable', `Callback ${callback.id} is not assigned to you; assign it to yourself first`);
  if (callback.status !== 'assigned' && callback.status !== 'noReply') return refuse(state, 'callbackNotStartable', `Callback ${callback.id} is ${callback.status}`);
  if (callback.attempts >= desk.callbacks.maxAttempts) {
    return refuse(state, 'callbackNotStartable', `Callback ${callback.id} has had its ${desk.callbacks.maxAttempts} attempts`);
  }
  const elsewhere = heldElsewhere(current, callback);
  if (elsewhere) return refuseHeldElsewhere(state, elsewhere);
  if (!current.agent.onDuty) return refuse(state, 'offDuty', 'Turn the duty toggle on to make calls');
  if (current.wrapUp) return refuse(state, 'wrapUpOpen', 'The wrap-up of the previous call is still open', current.wrapUp.callId);
  // One call at a time (003): a ringing offer is not silently turned into a missed call.
  if (state.calls.length > 0) return reject(state, 'busy', 'Only one voice or video call at a time', state.calls[0]!.id);
  if (!desk.fromNumbers.includes(event.from)) return refuse(state, 'unknownNumber', `${JSON.stringify(event.from)} is not a number configured for calls`);
  const callId = event.callId ?? `${callback.id}/${callback.calls + 1}`;
  const placed = reduce(state, { type: 'placeCall', callId, to: remoteOf(callback), media: 'audio', at: event.at }, config);
  if (placed.rejected) return placed;
  const attempt = callback.attempts + 1;
  const started: Callback = { ...callback, status: 'active', callId, calls: callback.calls + 1, attempts: attempt, retryAt: undefined, answered: undefined };
  const effects: Effect[] = callback.retryAt === undefined ? [] : [{ type: 'cancelTimer', timer: 'callbackRetry', callId: callback.id }];
  let next = withDeskCall(deskOf(placed.state), {
    callId, conversationId: callback.conversationId, kind: 'callback', callbackId: callback.id, from: event.from, channel: 'phone',
    ...(callback.queue === undefined ? {} : { queue: callback.queue }), contact: callback.customer, lookup: 'none', transferAttempts: 0,
  });
  next = move(next, callback, started, event.at, 'callbackStarted', effects, `attempt ${attempt} of ${desk.callbacks.maxAttempts}`);
  return extend(placed, next, effects);
}

function remoteOf(callback: Callback) {
  const { customer } = callback;
  return { ...(customer.id ? { id: customer.id } : {}), ...(customer.name ? { name: customer.name } : {}), number: customer.number };
}

/**
 * Rings the agent for the first automated callback that is due, when the
 * agent is free (003: "callbacks ring directly on their desktop"). Runs after
 * every desk transition, so a retry that fell due while the agent was busy
 * rings as soon as they are free.
 */
export function ringDueCallback(transition: Transition, desk: DeskConfig, config: EngineConfig, at: number): Transition {
  const state = transition.state;
  const current = state.desk;
  if (!current || current.callbacks.length === 0 || state.disposed || current.queuedOffers.length > 0) return transition;
  if (offerRefusal(state, undefined) !== undefined) return transition;
  const me = current.agent.id;
  const due = current.callbacks.find((callback) =>
    callback.mode === 'automated' && callback.assignee === me && callback.callId === undefined
    && (callback.status === 'assigned' || (callback.status === 'noReply' && isPending(callback, desk.callbacks) && callback.retryAt !== undefined && callback.retryAt <= at))
    && (callback.queue === undefined || current.agent.queues.includes(callback.queue)) && !heldElsewhere(current, callback));
  if (!due) return transition;
  const callId = `${due.id}/${due.calls + 1}`;
  const rung = reduce(state, { type: 'incoming', callId, remote: remoteOf(due), media: 'audio', ringTimeoutMs: desk.callbacks.agentRingMs, at }, config);
  if (rung.rejected) return transition;
  const effects: Effect[] = [{ type: 'desk', action: 'ringCallback', callId, callbackId: due.id, number: due.customer.number }];
  let next = withDeskCall(deskOf(rung.state), {
    callId, conversationId: due.conversationId, kind: 'callback', callbackId: due.id, channel: 'phone', ...(due.queue === undefined ? {} : { queue: due.queue }),
    contact: due.customer, lookup: 'none', transferAttempts: 0,
  });
  next = move(next, due, { ...due, status: 'active', callId, calls: due.calls + 1, retryAt: undefined, answered: undefined }, at, 'callbackStarted', effects, `attempt ${due.attempts + 1} of ${desk.callbacks.maxAttempts}`);
  return { ...transition, state: withDesk(rung.state, next), effects: [...transition.effects, ...rung.effects, ...effects] };
}

/**
 * What the latest call change means for the callbacks it belongs to: the
 * agent answered (dial the customer), the customer answered, the attempt
 * ended without the customer (no reply, and the next attempt scheduled), the
 * agent missed the ring (back to the queue), or the wrap-up of an answered
 * callback ended (done).
 */
export function reactCallbacks(before: EngineState, transition: Transition, at: number, desk: DeskConfig): Transition {
  const after = transition.state;
  const current = after.desk;
  const previous = before.desk;
  if (!current || !previous || current.callbacks.length === 0) return transition;
  if (after.calls === before.calls && current.wrapUp === previous.wrapUp) return transition;
  let next = current;
  const effects: Effect[] = [];
  const dialled: Call[] = [];
  for (const callback of current.callbacks) {
    if (callback.status !== 'active' || callback.callId === undefined) continue;
    const was = getCall(before, callback.callId);
    const now = getCall(after, callback.callId);
    if (now && awaitsCustomer(callback, now)) dialled.push(now);
    if (was && now) next = callChanged(next, callback, was, now, at, desk, effects);
    else if (was && !now) next = callEnded(next, callback, was, after, at, desk, effects);
    else if (!was && !now && previous.wrapUp?.callId === callback.callId && current.wrapUp?.callId !== callback.callId) {
      next = finished(next, callback, at, effects);
    }
  }
  const reacted = next === current ? transition : extend(transition, withoutOldFinished(next, desk.callbacks), effects);
  return dialled.length === 0 ? reacted : dialled.reduce(awaitCustomer, reacted);
}

/** The agent took an automated callback's ring: the customer's number is dialled into the call now. */
function dialsCustomer(callback: Callback, was: Call, now: Call): boolean {
  return callback.mode === 'automated' && was.answeredAt === undefined && now.answeredAt !== undefined;
}

/**
 * The agent has answered an automated callback and the customer's phone
 * rings: the customer's answer deadline governs the set-up, and the engine's
 * connect deadline, meant for media, would cut it short. The engine sets one
 * when the agent answers, and again when the network comes back.
 */
function awaitsCustomer(callback: Callback, call: Call): boolean {
  return callback.mode === 'automated' && call.answeredAt !== undefined && call.connectedAt === undefined && call.connectDeadline !== undefined;
}

function awaitCustomer(transition: Transition, call: Call): Transition {
  return {
    ...transition,
    state: withCall(transition.state, changedCall(call, { connectDeadline: undefined })),
    effects: [...transition.effects, { type: 'cancelTimer', timer: 'connect', callId: call.id }],
  };
}

/** Drops the oldest finished callbacks beyond `finishedCallbacksKept`: an agent's engine runs all day. */
function withoutOldFinished(desk: DeskState, policy: CallbackPolicy): DeskState {
  let finished = 0;
  for (const callback of desk.callbacks) if (!isPending(callback, policy)) finished++;
  if (finished <= finishedCallbacksKept) return desk;
  let drop = finished - finishedCallbacksKept;
  return changedDesk(desk, { callbacks: desk.callbacks.filter((callback) => isPending(callback, policy) || drop-- <= 0) });
}

function callChanged(desk: DeskState, callback: Callback, was: Call, now: Call, at: number, policy: DeskConfig, effects: Effect[]): DeskState {
  let next = desk;
  let current = callback;
  if (dialsCustomer(callback, was, now)) {
    const answerDeadline = at + policy.callbacks.customerNoAnswerMs;
    current = { ...current, attempts: current.attempts + 1, answerDeadline };
    effects.push(
      { type: 'desk', action: 'dialCallback', callId: now.id, callbackId: current.id, number: current.customer.number },
      { type: 'startTimer', timer: 'callbackNoAnswer', callId: now.id, at: answerDeadline },
    );
    next = log(withCallback(next, current), current, at, 'callbackDialing', `attempt ${current.attempts} of ${policy.callbacks.maxAttempts}`, now.id);
  }
  if (was.connectedAt === undefined && now.connectedAt !== undefined) {
    if (current.answerDeadline !== undefined) effects.push({ type: 'cancelTimer', timer: 'callbackNoAnswer', callId: now.id });
    current = { ...current, answered: true, answerDeadline: undefined };
    next = log(withCallback(next, current), current, at, 'callbackAnswered', undefined, now.id);
  }
  return next;
}

function callEnded(desk: DeskState, callback: Callback, was: Call, after: EngineState, now: number, policy: DeskConfig, effects: Effect[]): DeskState {
  // Timed from the call's end, which a deadline settled late (a throttled tab) puts before now.
  const ended = after.history.find((entry) => entry.id === was.id);
  const at = ended?.endedAt ?? now;
  if (callback.answerDeadline !== undefined) effects.push({ type: 'cancelTimer', timer: 'callbackNoAnswer', callId: was.id });
  if (callback.answered) {
    // Done once the wrap-up ends (003); without a wrap-up (the engine was disposed) at once.
    return after.desk?.wrapUp?.callId === was.id ? withCallback(desk, { ...callback, answerDeadline: undefined }) : finished(desk, callback, at, effects);
  }
  const { callId: _ended, answerDeadline: _deadline, answered: _answered, ...rest } = callback;
  if (was.phase === 'ringing') {
    // The agent missed or declined the ring: the customer was never dialled, so no attempt is used and another agent may take it.
    return move(desk, callback, { ...rest, status: 'queued', assignee: null }, at, 'callbackReleased', effects, ended?.endReason);
  }
  const delay = callback.mode === 'automated' ? retryDelayMs(policy.callbacks, callback.attempts) : undefined;
  const retryAt = delay === undefined ? undefined : at + delay;
  if (retryAt !== undefined) effects.push({ type: 'startTimer', timer: 'callbackRetry', callId: callback.id, at: retryAt });
  const detail = retryAt !== undefined ? `attempt ${callback.attempts} of ${policy.callbacks.maxAttempts}; next at ${retryAt}`
    : `attempt ${callback.attempts} of ${policy.callbacks.maxAttempts}${callback.attempts >= policy.callbacks.maxAttempts ? '; no attempts left' : ''}`;
  const next = move(desk, callback, { ...rest, status: 'noReply', ...(retryAt === undefined ? {} : { retryAt }) }, at, 'callbackNoReply', effects, detail);
  return next;
}

function finished(desk: DeskState, callback: Callback, at: number, effects: Effect[]): DeskState {
  const { answerDeadline: _deadline, callId: _call, answered: _answered, ...rest } = callback;
  return move(desk, callback, { ...rest, status: 'done' }, at, 'callbackDone', effects);
}

/**
 * Whether this desk keeps the retry deadline of a callback: only an
 * automated one of this agent's rings here, so the others' deadlines (the
 * backend lists every agent's) would be timers that fire for nothing.
 */
function ownsRetry(callback: Pick<Callback, 'mode' | 'assignee'>, me: string): boolean {
  return callback.mode === 'automated' && callback.assignee === me;
}

/** The customer did not answer in time: the attempt ends as no answer, at its deadline however late the timer ran. */
export function callbackNoAnswer(state: EngineState, callId: string, deadline: number, config: EngineConfig): Transition {
  const deskCall = deskCallOf(deskOf(state), callId);
  const callback = deskCall?.callbackId === undefined ? undefined : callbackOf(deskOf(state), deskCall.callbackId);
  const call = getCall(state, callId);
  if (!call || !callback || callback.answerDeadline !== deadline || call.connectedAt !== undefined) return unchanged(state);
  return withTone(state, endCall(state, call, 'noAnswer', 'system', deadline, config));
}

/**
 * The far side ended an automated callback before the customer answered:
 * an unanswered, refused or busy customer, never a missed call of the agent's.
 */
export function callbackRemoteEnded(state: EngineState, callId: string, reason: string, at: number, config: EngineConfig): Transition | undefined {
  const deskCall = deskCallOf(deskOf(state), callId);
  const call = getCall(state, callId);
  if (deskCall?.kind !== 'callback' || !call || call.direction !== 'inbound' || call.phase === 'ringing' || call.connectedAt !== undefined) return undefined;
  return withTone(state, endCall(state, call, reason === 'busy' ? 'busy' : reason === 'failed' ? 'failed' : 'noAnswer', 'remote', at, config));
}

/**
 * Merges the backend's callback list into what is known: a listed callback
 * replaces this desk's copy, except one with a call in progress here; one not
 * listed is kept as it is (the list may be a page or a delta). One listed as
 * this agent's `active` attempt with no call here (the tab that made it was
 * reloaded without its snapshot) had an outcome nobody heard: it counts as a
 * no reply, retried as its policy says, instead of waiting for a call that
 * is gone; one this desk has already seen end is a stale row and changes
 * nothing. Finished ones beyond `finishedCallbacksKept` go, as on every change.
 */
export function callbacksLoaded(state: EngineState, callbacks: readonly LoadedCallback[], at: number, desk: DeskConfig): Transition {
  const current = deskOf(state);
  const me = current.agent.id;
  const policy = desk.callbacks;
  const effects: Effect[] = [];
  const byId = new Map(current.callbacks.map((callback) => [callback.id, callback]));
  for (const listed of callbacks) {
    const known = byId.get(listed.id);
    if (known?.status === 'active') continue;
    // A row still `active` for an attempt this desk has already seen end (done, or no reply) is older than what is known here.
    if (listed.status === 'active' && known && finishedHere(known, listed)) continue;
    const orphaned = listed.status === 'active' && listed.assignee === me;
    const retry = orphaned && listed.mode === 'automated' && listed.attempts < policy.maxAttempts;
    const recovered: LoadedCallback = orphaned ? { ...listed, status: 'noReply', ...(retry ? { retryAt: at } : {}) } : listed;
    // A row with its attempts used up may still carry a retry time (listed so, or saved under a larger maxAttempts): no retry is left.
    const exhausted = recovered.status === 'noReply' && recovered.attempts >= policy.maxAttempts;
    const loaded: LoadedCallback = exhausted ? { ...recovered, retryAt: undefined } : recovered;
    // The call counter names this desk's calls (`cb-1/3`): never behind the ones it has made, or the next would reuse an id.
    byId.set(loaded.id, { ...loaded, calls: Math.max(loaded.calls ?? loaded.attempts, known?.calls ?? 0) });
    const armed = known?.retryAt !== undefined && ownsRetry(known, me);
    const arm = loaded.retryAt !== undefined && ownsRetry(loaded, me);
    if (arm) effects.push({ type: 'startTimer', timer: 'callbackRetry', callId: loaded.id, at: Math.max(loaded.retryAt!, at) });
    else if (armed) effects.push({ type: 'cancelTimer', timer: 'callbackRetry', callId: loaded.id });
  }
  return { state: withDesk(state, withoutOldFinished(changedDesk(current, { callbacks: [...byId.values()] }), policy)), effects };
}

/** This desk recorded the end of the listed row's attempt or a later one: the row is out of date, not orphaned. */
function finishedHere(known: Callback, listed: LoadedCallback): boolean {
  if (known.status !== 'done' && known.status !== 'noReply') return false;
  return (listed.calls ?? listed.attempts) <= known.calls && listed.attempts <= known.attempts;
}

/** Retry deadlines and customer answer deadlines held in state, for re-arming after a reload. */
export function callbackDeadlines(desk: DeskState): { timer: 'callbackRetry' | 'callbackNoAnswer'; callId: string; at: number }[] {
  const deadlines: { timer: 'callbackRetry' | 'callbackNoAnswer'; callId: string; at: number }[] = [];
  for (const callback of desk.callbacks) {
    if (callback.retryAt !== undefined && ownsRetry(callback, desk.agent.id)) deadlines.push({ timer: 'callbackRetry', callId: callback.id, at: callback.retryAt });
    if (callback.answerDeadline !== undefined && callback.callId !== undefined) deadlines.push({ timer: 'callbackNoAnswer', callId: callback.callId, at: callback.answerDeadline });
  }
  return deadlines;
}
