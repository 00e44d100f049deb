// What the desk does when a call changes, whatever input changed it: the
// call reducer decides the call (accept, hold, hang-up, drop...), and this
// file compares the calls before and after to log the conversation timeline,
// choose the queue's hold audio, track the recording, and open wrap-up when
// a handled call ends. Reacting to state rather than to inputs means no path
// to an ended call can skip its wrap-up.
import type { EngineConfig } from '../config.js';
import type { Effect } from '../events.js';
import type { Call, EngineState, HistoryEntry } from '../model.js';
import { getCall } from '../selectors.js';
import type { Transition } from '../reducer/transition.js';
import type { DeskConfig } from './config.js';
import type { DeskState } from './model.js';
import { changedConversation, changedDesk, conversationOf, deskCallOf, extend, logEvent, withConversation, withDeskCall, withoutDeskCall } from './state.js';
import { holdAudioOf } from './transfer.js';
import { openWrapUp } from './wrapUp.js';

export function react(before: EngineState, transition: Transition, at: number, desk: DeskConfig, config: EngineConfig): Transition {
  const after = transition.state;
  if (after.calls === before.calls || !after.desk) return transition;
  let next: DeskState = after.desk;
  const effects: Effect[] = [];
  for (const was of before.calls) {
    const now = getCall(after, was.id);
    if (now === was) continue;
    if (!now) next = callEnded(next, was, after, at, desk, effects);
    else next = callChanged(next, was, now, at, config, desk, effects);
  }
  return extend(transition, next, effects);
}

function callChanged(desk: DeskState, was: Call, now: Call, at: number, config: EngineConfig, deskConfig: DeskConfig, effects: Effect[]): DeskState {
  const deskCall = deskCallOf(desk, now.id);
  if (!deskCall) return desk;
  let next = desk;
  const log = (kind: 'callAnswered' | 'callOnHold' | 'callResumed', durationMs?: number) => {
    next = logEvent(next, deskCall.conversationId, { at, kind, callId: now.id, ...(durationMs === undefined ? {} : { durationMs }) });
  };
  if (was.answeredAt === undefined && now.answeredAt !== undefined) {
    log('callAnswered');
    // Answering makes the conversation the agent's, also one the routing side
    // named that was someone else's (a transfer brings its conversation along),
    // and open again if it had been closed or resolved, as a follow-up call does.
    // A call the agent placed keeps the status picked for it in Make a call (003).
    const conversation = conversationOf(next, deskCall.conversationId);
    const status = deskCall.kind === 'outbound' ? conversation?.status : 'open';
    if (conversation && status && (conversation.assignee !== next.agent.id || conversation.status !== status)) {
      next = withConversation(next, changedConversation(conversation, { assignee: next.agent.id, status }));
    }
  }
  if (was.connectedAt === undefined && now.connectedAt !== undefined && config.capabilities.recording) {
    next = withDeskCall(next, { ...(deskCallOf(next, now.id) ?? deskCall), recording: { startedAt: now.connectedAt } });
  }
  if (was.hold.status !== now.hold.status) {
    if (now.hold.status === 'on' && was.hold.status === 'holding') {
      // Once the hold is confirmed: a refused hold leaves nothing to play.
      effects.push({ type: 'desk', action: 'holdAudio', callId: now.id, audio: holdAudioOf(deskCall, deskConfig) });
      log('callOnHold');
    } else if (now.hold.status === 'off' && was.hold.status === 'resuming') {
      log('callResumed', now.hold.heldMs - was.hold.heldMs);
    }
  }
  return next;
}

function callEnded(desk: DeskState, was: Call, after: EngineState, inputAt: number, deskConfig: DeskConfig, effects: Effect[]): DeskState {
  const deskCall = deskCallOf(desk, was.id);
  if (!deskCall) return desk;
  const entry: HistoryEntry | undefined = after.history.find((ended) => ended.id === was.id);
  // When the call ended, which a deadline settled late (a throttled tab) puts before the input: wrap-up counts from then.
  const at = entry?.endedAt ?? inputAt;
  const reason = entry?.endReason ?? 'completed';
  // Hanging up during a transfer ends the call for both parties (003): the target's leg goes too.
  if (deskCall.transfer && reason !== 'transferred') {
    effects.push({ type: 'desk', action: 'cancelTransfer', callId: was.id, transferId: deskCall.transfer.id });
    effects.push({ type: 'cancelTimer', timer: 'transfer', callId: was.id });
  }
  // The page goes with a claim on its way: nothing here will hear the backend's answer, so a won claim is given back now.
  if (after.disposed && deskCall.claim) effects.push({ type: 'desk', action: 'releaseHandoff', callId: was.id, token: deskCall.claim.token });
  // Accepted here but taken by another tab or device first: the call goes on there, and so does its wrap-up.
  const handled = was.phase !== 'ringing' && reason !== 'answeredElsewhere';
  let next = withoutDeskCall(desk, was.id);
  next = logEvent(next, deskCall.conversationId, handled
    ? { at, kind: 'callEnded', callId: was.id, detail: reason, durationMs: entry?.durationMs ?? 0 }
    : { at, kind: 'callMissed', callId: was.id, detail: reason });
  if (reason === 'answeredElsewhere' && deskCall.conversationMadeHere) next = withoutUnusedConversation(next, deskCall.conversationId, was.id);
  // An automated callback the customer did not answer needs nothing from the agent (003): it is retried on its own.
  if (!handled || after.disposed || (deskCall.kind === 'callback' && was.direction === 'inbound' && was.connectedAt === undefined)) return next;
  const opened = openWrapUp(next, was.id, deskCall.conversationId, reason, at, deskConfig);
  effects.push(...opened.effects);
  return opened.desk;
}

/**
 * An offer answered elsewhere (another agent, another tab) leaves no
 * conversation it made for itself here: it is the other side's now, and with
 * ring-all routing a desk would keep one per offer all day. History keeps
 * the call; one with anything else in it (a message) stays. The AI's
 * transcript of a hand-off card taken elsewhere goes with it. A missed or
 * given-up offer stays on its conversation: the customer tried to reach us.
 */
function withoutUnusedConversation(desk: DeskState, conversationId: string, callId: string): DeskState {
  const conversation = conversationOf(desk, conversationId);
  if (!conversation || conversation.assignee !== null || conversation.pending > 0 || !conversation.timeline.every((event) => event.callId === callId)) return desk;
  return changedDesk(desk, {
    conversations: desk.conversations.filter((other) => other !== conversation),
    transcripts: desk.transcripts.filter((transcript) => transcript.conversationId !== conversationId),
  });
}
