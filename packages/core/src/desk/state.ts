// Small immutable updates of the desk state, shared by the desk's reducers.
import type { EngineConfig } from '../config.js';
import type { Effect, EngineEvent } from '../events.js';
import type { CallId, EngineState } from '../model.js';
import { noEffects, type Transition } from '../reducer/transition.js';
import type { DeskConfig } from './config.js';
import { deskRefusal, type DeskErrorCode } from './errors.js';
import type { DeskNotice } from './events.js';
import type { AgentId, Contact, Conversation, ConversationEvent, ConversationId, DeskCall, DeskState } from './model.js';

export type At<T> = T & { at: number };
export type DeskHandler<E extends { type: string }> = (state: EngineState, event: At<E>, desk: DeskConfig, config: EngineConfig) => Transition;

/** Events kept per conversation; older ones are the backend's to keep. */
const timelineLimit = 200;

export function emptyDesk(config: DeskConfig): DeskState {
  return {
    agent: { id: config.agent.id, ...(config.agent.name ? { name: config.agent.name } : {}), onDuty: false, presence: 'available', queues: config.agent.queues },
    calls: [],
    callbacks: [],
    transcripts: [],
    callLinks: [],
    queuedOffers: [],
    wrapUp: undefined,
    conversations: [],
    recordings: [],
    directory: [],
  };
}

export function deskOf(state: EngineState): DeskState {
  // The extension adds it on creation; a state without one is a bug, not input.
  if (!state.desk) throw new Error('Engine state has no desk');
  return state.desk;
}

export function withDesk(state: EngineState, desk: DeskState): EngineState {
  return { ...state, desk };
}

export function refuse(state: EngineState, code: DeskErrorCode, message: string, callId?: CallId): Transition {
  return { state, effects: noEffects, rejected: deskRefusal(code, message, callId) };
}

export function deskCallOf(desk: DeskState, callId: CallId | undefined): DeskCall | undefined {
  return desk.calls.find((call) => call.callId === callId);
}

export function withDeskCall(desk: DeskState, call: DeskCall): DeskState {
  const index = desk.calls.findIndex((other) => other.callId === call.callId);
  const calls = index < 0 ? [...desk.calls, call] : desk.calls.map((other, i) => (i === index ? call : other));
  return { ...desk, calls };
}

export function withoutDeskCall(desk: DeskState, callId: CallId): DeskState {
  return { ...desk, calls: desk.calls.filter((call) => call.callId !== callId) };
}

export function conversationOf(desk: DeskState, id: ConversationId | undefined): Conversation | undefined {
  return desk.conversations.find((conversation) => conversation.id === id);
}

export function withConversation(desk: DeskState, conversation: Conversation): DeskState {
  const index = desk.conversations.findIndex((other) => other.id === conversation.id);
  const conversations = desk.conversations.slice();
  if (index < 0) conversations.push(conversation);
  else conversations[index] = conversation;
  return { ...desk, conversations };
}

/** Appends to a conversation's timeline (003: every hold, transfer, callback and wrap-up is logged with its time). */
export function logEvent(desk: DeskState, conversationId: ConversationId, event: ConversationEvent): DeskState {
  const index = desk.conversations.findIndex((conversation) => conversation.id === conversationId);
  if (index < 0) return desk;
  const conversation = desk.conversations[index]!;
  const timeline = conversation.timeline.length < timelineLimit ? [...conversation.timeline, event] : [...conversation.timeline.slice(1 - timelineLimit), event];
  const conversations = desk.conversations.slice();
  conversations[index] = { ...conversation, timeline };
  return { ...desk, conversations };
}

export function newConversation(id: ConversationId, customer: Contact, assignee: AgentId | null, queue: string | undefined): Conversation {
  return { id, customer, assignee, ...(queue === undefined ? {} : { queue }), status: 'open', tags: [], pending: 0, timeline: [] };
}

/** The open conversation with this customer, if any: follow-ups route to it (003 "left open"). */
export function openConversationWith(desk: DeskState, number: string | undefined): Conversation | undefined {
  if (!number) return undefined;
  return desk.conversations.find((conversation) => conversation.status === 'open' && conversation.customer.number === number);
}

export function notice(notice: DeskNotice): Effect {
  return { type: 'desk', action: 'notify', notice };
}

/** Adds state changes and effects of the desk to a transition (usually the core's). */
export function extend(transition: Transition, desk: DeskState, effects: readonly Effect[] = noEffects): Transition {
  const state = transition.state.desk === desk ? transition.state : withDesk(transition.state, desk);
  if (effects.length === 0) return state === transition.state ? transition : { ...transition, state };
  return { ...transition, state, effects: [...transition.effects, ...effects] };
}

export type { EngineEvent };
