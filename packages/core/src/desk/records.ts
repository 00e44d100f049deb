// What the desk keeps beside calls: conversations the backend knows,
// messages that arrive during a call (003: they join the live call's
// conversation), recordings (003: visible to the agent who handled the call,
// never deletable by an agent) and the directory of other agents.
import type { Effect } from '../events.js';
import type { EngineState } from '../model.js';
import { reject, type Transition } from '../reducer/transition.js';
import type { DeskConfig } from './config.js';
import type { DeskEvent } from './events.js';
import type { Contact, Conversation, DeskState, DirectoryAgent, Recording } from './model.js';
import { getCall } from '../selectors.js';
import { resolveWhenSettled } from './wrapUp.js';
import {
  changedConversation, changedDesk, type At, conversationOf, deskOf, logEvent, newConversation, notice, openConversationWith, refuse, sameCustomer, withConversation, withDesk,
} from './state.js';

/** The conversation a call belongs to, also after the call has ended (its events name it). */
export function conversationOfCall(desk: DeskState, callId: string): Conversation | undefined {
  const live = desk.calls.find((call) => call.callId === callId);
  if (live) return conversationOf(desk, live.conversationId);
  return desk.conversations.find((conversation) => conversation.timeline.some((event) => event.callId === callId));
}

/**
 * A message on another channel (chat, email). From the customer on the live
 * call, it joins that call's conversation; otherwise their open conversation,
 * or a new unassigned one.
 */
export function messageReceived(state: EngineState, event: At<Extract<DeskEvent, { type: 'messageReceived' }>>): Transition {
  const customer = event.customer as Contact | undefined;
  if (typeof customer !== 'object' || customer === null || typeof event.channel !== 'string' || typeof event.messageId !== 'string') {
    return reject(state, 'invalidInput', 'A message needs a customer, a channel and a message id');
  }
  let desk = deskOf(state);
  const onCall = desk.calls.find((call) => sameCustomer(call.contact, customer));
  let conversation = (onCall && conversationOf(desk, onCall.conversationId)) ?? openConversationWith(desk, customer);
  if (!conversation) {
    conversation = newConversation(`conv-${event.messageId}`, customer, null, undefined);
    desk = withConversation(desk, conversation);
  }
  desk = withConversation(desk, changedConversation(conversation, { pending: conversation.pending + 1 }));
  desk = logEvent(desk, conversation.id, { at: event.at, kind: 'message', detail: event.channel, ...(onCall ? { callId: onCall.callId } : {}) });
  return { state: withDesk(state, desk), effects: [] };
}

export function messagesHandled(state: EngineState, conversationId: unknown, at: number, config: DeskConfig): Transition {
  const desk = deskOf(state);
  const conversation = conversationOf(desk, conversationId as string);
  if (!conversation) return refuse(state, 'unknownConversation', `No conversation ${JSON.stringify(conversationId)}`);
  if (conversation.pending === 0) return { state, effects: [] };
  const effects: Effect[] = [];
  const handled = resolveWhenSettled(withConversation(desk, changedConversation(conversation, { pending: 0 })), conversation.id, at, effects, config.callbacks);
  return { state: withDesk(state, handled), effects };
}

/**
 * 002: the agent marks a conversation resolved by hand. Not while a call or
 * its wrap-up is on it (the wrap-up decides then), and not another agent's.
 */
export function resolveConversation(state: EngineState, conversationId: unknown, at: number): Transition {
  const desk = deskOf(state);
  const conversation = conversationOf(desk, conversationId as string);
  if (!conversation) return refuse(state, 'unknownConversation', `No conversation ${JSON.stringify(conversationId)}`);
  if (conversation.assignee !== null && conversation.assignee !== desk.agent.id) {
    return refuse(state, 'notConversationOwner', `Conversation ${conversation.id} is owned by ${conversation.assignee}`);
  }
  if (conversation.status === 'resolved') return { state, effects: [] };
  if (desk.calls.some((call) => call.conversationId === conversation.id) || desk.wrapUp?.conversationId === conversation.id) {
    return reject(state, 'invalidState', `Conversation ${conversation.id} has a call or wrap-up in progress: close it from the wrap-up`);
  }
  const resolved = logEvent(withConversation(desk, changedConversation(conversation, { status: 'resolved' })), conversation.id, { at, kind: 'statusChanged', detail: 'resolved' });
  return { state: withDesk(state, resolved), effects: [notice({ type: 'conversationStatus', conversationId: conversation.id, status: 'resolved', at })] };
}

/** Conversations from the backend, so the pre-existing-conversation rule sees other agents' too. */
export function conversationsLoaded(state: EngineState, conversations: unknown): Transition {
  if (!Array.isArray(conversations)) return reject(state, 'invalidInput', 'conversationsLoaded needs a list of conversations');
  let desk = deskOf(state);
  for (const loaded of conversations as Conversation[]) {
    if (typeof loaded?.id !== 'string' || typeof loaded.customer !== 'object') return reject(state, 'invalidInput', 'A conversation needs an id and a customer');
    const known = conversationOf(desk, loaded.id);
    // The backend knows assignment and status; the timeline logged here is kept.
    const fresh = newConversation(loaded.id, loaded.customer, loaded.assignee ?? null, loaded.queue);
    desk = withConversation(desk, changedConversation(fresh, { ...loaded, timeline: known?.timeline ?? loaded.timeline ?? [] }));
  }
  return { state: withDesk(state, desk), effects: [] };
}

export function directoryUpdated(state: EngineState, agents: unknown): Transition {
  if (!Array.isArray(agents)) return reject(state, 'invalidInput', 'directoryUpdated needs a list of agents');
  return { state: withDesk(state, changedDesk(deskOf(state), { directory: agents as DirectoryAgent[] })), effects: [] };
}

export function recordingAvailable(state: EngineState, event: At<Extract<DeskEvent, { type: 'recordingAvailable' }>>, config: DeskConfig): Transition {
  const desk = deskOf(state);
  // Only the agent who handled the call sees its recording (003): a call this
  // engine connected, live here or in its history. An offer that rang and was
  // declined was never this agent's to record, and a conversation loaded from
  // the backend can name other agents' calls, so neither counts.
  const handledHere = desk.calls.some((call) => call.callId === event.callId && getCall(state, call.callId)?.connectedAt !== undefined)
    || state.history.some((entry) => entry.id === event.callId && entry.connectedAt !== undefined);
  const conversation = handledHere ? conversationOfCall(desk, event.callId) : undefined;
  if (!conversation) return reject(state, 'unknownCall', `No call ${event.callId} handled here`, event.callId);
  if (desk.recordings.some((recording) => recording.id === event.recordingId)) return { state, effects: [] };
  const recording: Recording = {
    id: event.recordingId, callId: event.callId, conversationId: conversation.id, agentId: desk.agent.id, media: event.media,
    durationMs: event.durationMs, url: event.url, at: event.at,
  };
  // `slice(-0)` would keep them all.
  const recordings = config.recordingsKept === 0 ? [] : [...desk.recordings, recording].slice(-config.recordingsKept);
  const next = logEvent(changedDesk(desk, { recordings }), conversation.id, { at: event.at, kind: 'recordingAvailable', callId: event.callId, durationMs: event.durationMs });
  return { state: withDesk(state, next), effects: [] };
}

export function deleteRecording(state: EngineState): Transition {
  return refuse(state, 'forbidden', 'Agents cannot delete recordings');
}
