// The wrap-up window of 003: opens when a handled call ends (a transfer too),
// keeps the agent busy, counts down from an absolute deadline, may be
// extended by +10 s or "more time" where allowed, collects notes and a
// rating, and ends exactly once: closed, left open, or timed out.
import type { Effect } from '../events.js';
import type { EngineState, EndReason } from '../model.js';
import { reject, unchanged, type Transition } from '../reducer/transition.js';
import { isPending } from './callbacks.js';
import { type CallbackPolicy, type DeskConfig, wrapUpMs } from './config.js';
import { deskRefusal } from './errors.js';
import type { Conversation, ConversationStatus, DeskState, WrapUp, WrapUpEnd } from './model.js';
import { changedConversation, changedDesk, conversationOf, deskOf, logEvent, notice, refuse, withConversation, withDesk } from './state.js';

const notesLimit = 10_000;

/** Opens wrap-up for a call that just ended; returns the desk and the effects to add. */
export function openWrapUp(desk: DeskState, callId: string, conversationId: string, endReason: EndReason, at: number, config: DeskConfig): { desk: DeskState; effects: Effect[] } {
  const effects: Effect[] = [];
  let next = desk;
  // One call at a time makes this rare (a call placed around the gates); the older window still ends exactly once.
  if (next.wrapUp) ({ desk: next } = endWrapUp(next, 'leftOpen', at, effects, config));
  const wrapUp: WrapUp = {
    callId, conversationId, openedAt: at, deadline: at + wrapUpMs(config), extendedMs: 0, notes: '',
    after: endReason === 'transferred' ? 'transferred' : 'ended',
  };
  next = logEvent(changedDesk(next, { wrapUp }), conversationId, { at, kind: 'wrapUpStarted', callId });
  effects.push({ type: 'startTimer', timer: 'wrapUp', callId, at: wrapUp.deadline });
  return { desk: next, effects };
}

/**
 * Ends the open wrap-up. Closed ends the conversation; left open, follow-ups
 * route to it; timed out, it resolves on its own when nothing is pending (002).
 */
function endWrapUp(desk: DeskState, how: WrapUpEnd, at: number, effects: Effect[], config: DeskConfig): { desk: DeskState } {
  const wrapUp = desk.wrapUp!;
  effects.push(
    { type: 'cancelTimer', timer: 'wrapUp', callId: wrapUp.callId },
    notice({
      type: 'wrapUpEnded', callId: wrapUp.callId, conversationId: wrapUp.conversationId, how, notes: wrapUp.notes, at,
      ...(wrapUp.rating === undefined ? {} : { rating: wrapUp.rating }),
    }),
  );
  let next: DeskState = logEvent(changedDesk(desk, { wrapUp: undefined }), wrapUp.conversationId, {
    at, kind: 'wrapUpEnded', callId: wrapUp.callId, detail: how,
    ...(wrapUp.notes === '' ? {} : { notes: wrapUp.notes }),
    ...(wrapUp.rating === undefined ? {} : { rating: wrapUp.rating }),
  });
  const conversation = conversationOf(next, wrapUp.conversationId);
  if (conversation) {
    // After a transfer the customer talks on with the target: the conversation is not over, so it does not resolve here.
    const waiting = wrapUp.after === 'transferred' || conversation.pending > 0 || callbackToMake(next, conversation.id, wrapUp.callId, config.callbacks);
    const status: ConversationStatus = how === 'closed' ? 'closed' : how === 'leftOpen' || waiting ? 'open' : 'resolved';
    if (status !== conversation.status) {
      next = logEvent(withConversation(next, changedConversation(conversation, { status })), conversation.id, { at, kind: 'statusChanged', detail: status });
      effects.push(notice({ type: 'conversationStatus', conversationId: conversation.id, status, at }));
    }
  }
  return { desk: pruneConversations(next, config.closedConversationsKept) };
}

/**
 * A callback in the conversation that still has the customer to reach (002:
 * something pending), besides the one whose call this wrap-up ends, which is
 * done when it ends.
 */
function callbackToMake(desk: DeskState, conversationId: string, endingCallId: string | undefined, policy: CallbackPolicy): boolean {
  return desk.callbacks.some((callback) => callback.conversationId === conversationId && isPending(callback, policy)
    && !(callback.status === 'active' && callback.callId === endingCallId));
}

/**
 * The open window, or why there is none. A click that arrives after the
 * deadline but before the late timer (a throttled background tab) finds the
 * window timed out at its deadline, as the countdown showed, and is refused.
 */
function openWindow(state: EngineState, at: number, config: DeskConfig): WrapUp | Transition {
  const wrapUp = deskOf(state).wrapUp;
  if (!wrapUp) return refuse(state, 'noWrapUp', 'No wrap-up window is open');
  if (at < wrapUp.deadline) return wrapUp;
  const timedOut = wrapUpTimedOut(state, wrapUp.callId, wrapUp.deadline, wrapUp.deadline, config);
  return { ...timedOut, rejected: deskRefusal('wrapUpExpired', `The wrap-up of ${wrapUp.callId} ran out`, wrapUp.callId) };
}

function isTransition(value: WrapUp | Transition): value is Transition {
  return 'effects' in value;
}

export function extendWrapUp(state: EngineState, by: unknown, at: number, config: DeskConfig): Transition {
  const wrapUp = openWindow(state, at, config);
  if (isTransition(wrapUp)) return wrapUp;
  if (by !== 'tenSeconds' && by !== 'moreTime') return reject(state, 'invalidInput', 'Extend wrap-up by tenSeconds or moreTime');
  const allowed = by === 'tenSeconds' ? config.wrapUp.allowTenSeconds : config.wrapUp.allowMoreTime;
  if (!allowed) return refuse(state, 'notExtendable', `Extending wrap-up by ${by === 'tenSeconds' ? '+10 s' : 'more time'} is not enabled`, wrapUp.callId);
  const ms = by === 'tenSeconds' ? 10_000 : config.wrapUp.moreTimeMs;
  const extended: WrapUp = { ...wrapUp, deadline: wrapUp.deadline + ms, extendedMs: wrapUp.extendedMs + ms };
  const desk = logEvent(changedDesk(deskOf(state), { wrapUp: extended }), wrapUp.conversationId, { at, kind: 'wrapUpExtended', callId: wrapUp.callId, durationMs: ms });
  return { state: withDesk(state, desk), effects: [{ type: 'startTimer', timer: 'wrapUp', callId: wrapUp.callId, at: extended.deadline }] };
}

export function setWrapUpNotes(state: EngineState, notes: unknown, at: number, config: DeskConfig): Transition {
  const wrapUp = openWindow(state, at, config);
  if (isTransition(wrapUp)) return wrapUp;
  if (typeof notes !== 'string' || notes.length > notesLimit) return reject(state, 'invalidInput', `Notes are text of at most ${notesLimit} characters`);
  if (notes === wrapUp.notes) return unchanged(state);
  return { state: withDesk(state, changedDesk(deskOf(state), { wrapUp: { ...wrapUp, notes } })), effects: [] };
}

export function rateCall(state: EngineState, rating: unknown, at: number, config: DeskConfig): Transition {
  const wrapUp = openWindow(state, at, config);
  if (isTransition(wrapUp)) return wrapUp;
  if (!config.wrapUp.rating) return refuse(state, 'forbidden', 'Call rating is not available here', wrapUp.callId);
  if (!Number.isInteger(rating) || (rating as number) < 1 || (rating as number) > 5) return reject(state, 'invalidInput', 'A rating is a whole number from 1 to 5');
  return { state: withDesk(state, changedDesk(deskOf(state), { wrapUp: { ...wrapUp, rating: rating as number } })), effects: [] };
}

/**
 * Keeps every open conversation and the `kept` closed or resolved ones that
 * finished last, and the AI transcripts of the kept ones only: an agent's
 * engine runs all day. Finished last, not created last: a conversation left
 * open for weeks and closed now is the one the agent may ring back.
 */
function pruneConversations(desk: DeskState, kept: number): DeskState {
  const finished = desk.conversations.filter((conversation) => conversation.status !== 'open');
  if (finished.length <= kept) return desk;
  // Stable: of two finished at the same instant, the later in the list is kept.
  const dropped = new Set(finished.map((conversation) => ({ conversation, at: finishedAt(conversation) }))
    .sort((a, b) => a.at - b.at).slice(0, finished.length - kept).map(({ conversation }) => conversation.id));
  const conversations = desk.conversations.filter((conversation) => !dropped.has(conversation.id));
  if (desk.transcripts.length === 0) return changedDesk(desk, { conversations });
  // A transcript whose conversation is not (yet) known here belongs to a call still in progress, so only dropped ones go.
  return changedDesk(desk, { conversations, transcripts: desk.transcripts.filter((transcript) => !dropped.has(transcript.conversationId)) });
}

/** When it was last closed or resolved; one loaded finished without a logged change counts as oldest. */
function finishedAt(conversation: Conversation): number {
  return conversation.timeline.findLast((event) => event.kind === 'statusChanged')?.at ?? -Infinity;
}

export function closeWrapUp(state: EngineState, conversation: unknown, at: number, config: DeskConfig): Transition {
  const wrapUp = openWindow(state, at, config);
  if (isTransition(wrapUp)) return wrapUp;
  if (conversation !== 'close' && conversation !== 'leaveOpen') return reject(state, 'invalidInput', 'Close the conversation (close) or leave it open (leaveOpen)');
  const effects: Effect[] = [];
  const { desk } = endWrapUp(deskOf(state), conversation === 'close' ? 'closed' : 'leftOpen', at, effects, config);
  return { state: withDesk(state, desk), effects };
}

/**
 * Messages answered after a wrap-up that timed out with them pending: now
 * nothing is, and the conversation resolves as it would have then (002). One
 * the agent left open, or with a call or wrap-up still on it, stays open.
 */
export function resolveWhenSettled(desk: DeskState, conversationId: string, at: number, effects: Effect[], policy: CallbackPolicy): DeskState {
  const conversation = conversationOf(desk, conversationId);
  if (!conversation || conversation.status !== 'open' || conversation.pending > 0) return desk;
  if (callbackToMake(desk, conversationId, undefined, policy)) return desk;
  if (desk.wrapUp?.conversationId === conversationId || desk.calls.some((call) => call.conversationId === conversationId)) return desk;
  const lastEnd = conversation.timeline.findLast((event) => event.kind === 'wrapUpEnded');
  if (lastEnd?.detail !== 'timedOut') return desk;
  effects.push(notice({ type: 'conversationStatus', conversationId, status: 'resolved', at }));
  return logEvent(withConversation(desk, changedConversation(conversation, { status: 'resolved' })), conversationId, { at, kind: 'statusChanged', detail: 'resolved' });
}

/** The countdown reached zero: wrap-up completes on its own. */
export function wrapUpTimedOut(state: EngineState, callId: string, deadline: number, at: number, config: DeskConfig): Transition {
  const wrapUp = deskOf(state).wrapUp;
  if (!wrapUp || wrapUp.callId !== callId || wrapUp.deadline !== deadline) return unchanged(state);
  const effects: Effect[] = [];
  const { desk } = endWrapUp(deskOf(state), 'timedOut', at, effects, config);
  return { state: withDesk(state, desk), effects };
}
