// Small immutable updates of the desk state, shared by the desk's reducers.
import type { EngineConfig } from '../config.js';
import type { Effect, EngineEvent } from '../events.js';
import type { CallId, EngineState } from '../model.js';
import { noEffects, withLists, type Transition } from '../reducer/transition.js';
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
  return withLists(state, state.calls, state.history, state.missed, state.disposed, desk);
}

/**
 * The desk with some fields changed: the one place a desk is copied. Written
 * out like `withLists`, so every desk has one shape and stays on V8's fast
 * paths (spread copies of mixed shapes were a quarter of the agent's time).
 */
/** The items without `key`; the same array when none has it. */
export function withoutKey<T extends object, K extends keyof T>(items: T[], key: K): T[] {
  if (!items.some((item) => item[key] !== undefined)) return items;
  return items.map((item) => {
    const { [key]: _dropped, ...rest } = item;
    return rest as T;
  });
}

export function changedDesk(desk: DeskState, changes: Partial<DeskState>): DeskState {
  // `satisfies`: a field added to DeskState but not here fails the build instead of being dropped.
  return {
    agent: changes.agent ?? desk.agent,
    calls: changes.calls ?? desk.calls,
    callbacks: changes.callbacks ?? desk.callbacks,
    transcripts: changes.transcripts ?? desk.transcripts,
    callLinks: changes.callLinks ?? desk.callLinks,
    queuedOffers: changes.queuedOffers ?? desk.queuedOffers,
    wrapUp: 'wrapUp' in changes ? changes.wrapUp : desk.wrapUp,
    conversations: changes.conversations ?? desk.conversations,
    recordings: changes.recordings ?? desk.recordings,
    directory: changes.directory ?? desk.directory,
  } satisfies Record<keyof DeskState, unknown>;
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
  return changedDesk(desk, { calls });
}

export function withoutDeskCall(desk: DeskState, callId: CallId): DeskState {
  return changedDesk(desk, { calls: desk.calls.filter((call) => call.callId !== callId) });
}

/**
 * Searched from the newest: the conversation a call logs to was nearly always
 * opened last, and the ids share a long prefix, so each comparison from the
 * oldest end reads most of both strings (it was a sixth of the agent's time).
 */
function conversationIndex(desk: DeskState, id: ConversationId | undefined): number {
  const conversations = desk.conversations;
  let index = conversations.length - 1;
  while (index >= 0 && conversations[index]!.id !== id) index--;
  return index;
}

export function conversationOf(desk: DeskState, id: ConversationId | undefined): Conversation | undefined {
  return desk.conversations[conversationIndex(desk, id)];
}

export function withConversation(desk: DeskState, conversation: Conversation): DeskState {
  const index = conversationIndex(desk, conversation.id);
  const conversations = desk.conversations.slice();
  if (index < 0) conversations.push(conversation);
  else conversations[index] = conversation;
  return changedDesk(desk, { conversations });
}

/** Appends to a conversation's timeline (003: every hold, transfer, callback and wrap-up is logged with its time). */
export function logEvent(desk: DeskState, conversationId: ConversationId, event: ConversationEvent): DeskState {
  const index = conversationIndex(desk, conversationId);
  if (index < 0) return desk;
  const conversation = desk.conversations[index]!;
  const timeline = conversation.timeline.length < timelineLimit ? [...conversation.timeline, event] : [...conversation.timeline.slice(1 - timelineLimit), event];
  const conversations = desk.conversations.slice();
  conversations[index] = changedConversation(conversation, { timeline });
  return changedDesk(desk, { conversations });
}

export function newConversation(id: ConversationId, customer: Contact, assignee: AgentId | null, queue: string | undefined): Conversation {
  return changedConversation({ id, customer, assignee, status: 'open', tags: [], pending: 0, timeline: [] }, { queue });
}

/**
 * A conversation with some fields changed, written out for the reason given
 * at `changedDesk`. Every conversation has every key, optional ones too, in
 * this order: one shape, and `satisfies` fails the build when a field is
 * added to Conversation but not to this copy.
 */
export function changedConversation(conversation: Conversation, changes: Partial<Conversation>): Conversation {
  return {
    id: conversation.id,
    customer: changes.customer ?? conversation.customer,
    assignee: changes.assignee === undefined ? conversation.assignee : changes.assignee,
    queue: 'queue' in changes ? changes.queue : conversation.queue,
    status: changes.status ?? conversation.status,
    form: 'form' in changes ? changes.form : conversation.form,
    tags: changes.tags ?? conversation.tags,
    priority: 'priority' in changes ? changes.priority : conversation.priority,
    pending: changes.pending ?? conversation.pending,
    timeline: changes.timeline ?? conversation.timeline,
  } satisfies Record<keyof Conversation, unknown>;
}

/**
 * The same customer: the same People id, or the same phone number. A chat or
 * an email names the customer by id and rarely by number (003 "messaging
 * during a call").
 */
export function sameCustomer(a: Contact, b: Contact): boolean {
  return (a.id !== undefined && a.id === b.id) || (a.number !== undefined && a.number === b.number);
}

/** The open conversation with this customer, if any: follow-ups route to it (003 "left open"). */
export function openConversationWith(desk: DeskState, customer: Contact): Conversation | undefined {
  return desk.conversations.find((conversation) => conversation.status === 'open' && sameCustomer(conversation.customer, customer));
}

/**
 * The same, among conversations this agent may take a call into: its own and
 * unassigned ones. Another agent's stays theirs (003's pre-existing-conversation rule).
 */
export function openConversationFor(desk: DeskState, customer: Contact): Conversation | undefined {
  return desk.conversations.find((conversation) =>
    conversation.status === 'open' && (conversation.assignee === null || conversation.assignee === desk.agent.id) && sameCustomer(conversation.customer, customer));
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
