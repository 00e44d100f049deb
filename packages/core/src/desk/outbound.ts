// Calls the agent makes (003 "Make a call", "Make a follow-up call"; 002 ring
// back from the call history): from one of the configured numbers, to an
// E.164 number, in a queue the agent belongs to, and never past another
// agent's conversation with the same customer.
import type { EngineConfig } from '../config.js';
import type { EngineState, MediaKind } from '../model.js';
import { reduce } from '../reducer/index.js';
import { isE164 } from '../reducer/lifecycle.js';
import { reject, type Transition } from '../reducer/transition.js';
import { parse } from '../validate.js';
import type { DeskConfig } from './config.js';
import type { DeskCommand } from './events.js';
import { parseContact } from './parsers.js';
import type { AgentId, CallChannel, Contact, Conversation, ConversationId, DeskState } from './model.js';
import {
  changedConversation,
  type At, conversationOf, deskOf, extend, logEvent, newConversation, refuse, sameCustomer, withConversation, withDeskCall,
} from './state.js';

/**
 * The pre-existing-conversation rule of 003 as a pure decision: a
 * conversation with this customer that is mine or unassigned is continued
 * (a follow-up call is allowed); one assigned to another agent blocks the
 * call; with none, a new conversation is created.
 */
export type ConversationDecision =
  | { kind: 'continue'; conversation: Conversation }
  | { kind: 'assignedElsewhere'; conversation: Conversation }
  | { kind: 'create' };

export function existingConversationRule(conversations: readonly Conversation[], agentId: AgentId, customer: Contact | string): ConversationDecision {
  // The customer by People id or by number: a chat or an email names them by id and rarely by number.
  const who: Contact = typeof customer === 'string' ? { number: customer } : customer;
  const ongoing = conversations.filter((conversation) => conversation.status === 'open' && sameCustomer(conversation.customer, who));
  const mine = ongoing.find((conversation) => conversation.assignee === agentId);
  if (mine) return { kind: 'continue', conversation: mine };
  // Another agent already talking with them outranks an unassigned thread: no call goes out over theirs.
  const other = ongoing.find((conversation) => conversation.assignee !== null);
  if (other) return { kind: 'assignedElsewhere', conversation: other };
  const unassigned = ongoing[0];
  return unassigned ? { kind: 'continue', conversation: unassigned } : { kind: 'create' };
}

/** What blocks the agent from calling out now, if anything (one call at a time, 003). */
function blocked(state: EngineState, desk: DeskConfig, from: unknown): Transition | undefined {
  const { agent, wrapUp } = deskOf(state);
  if (!agent.onDuty) return refuse(state, 'offDuty', 'Turn the duty toggle on to make calls');
  if (wrapUp) return refuse(state, 'wrapUpOpen', 'The wrap-up of the previous call is still open', wrapUp.callId);
  if (state.calls.length > 0) return reject(state, 'busy', 'Only one voice or video call at a time', state.calls[0]!.id);
  if (typeof from !== 'string' || !desk.fromNumbers.includes(from)) {
    return refuse(state, 'unknownNumber', `${JSON.stringify(from)} is not a number configured for calls`);
  }
  return undefined;
}

type StartOutbound = Extract<DeskCommand, { type: 'startOutbound' }>;

export function startOutbound(state: EngineState, event: At<StartOutbound>, desk: DeskConfig, config: EngineConfig): Transition {
  const stop = blocked(state, desk, event.from);
  if (stop) return stop;
  if ('assignee' in event) return reject(state, 'invalidInput', 'The assignee of a call you make is you; it cannot be changed');
  const number = (event.to as Contact | undefined)?.number;
  if (typeof number !== 'string' || !isE164(number)) {
    return reject(state, 'invalidNumber', `${JSON.stringify(number)} is not an E.164 number such as +14155550100`);
  }
  // A copy with only a contact's fields: the caller's form object stays the caller's, and nothing else gets into state.
  const copied = parse(parseContact, event.to);
  if (!copied.ok) return reject(state, 'invalidInput', `Invalid \`to\` contact (${copied.problem})`);
  const to: Contact = copied.value;
  const fieldsProblem = optionalFieldsProblem(event);
  if (fieldsProblem) return reject(state, 'invalidInput', fieldsProblem);
  const me = deskOf(state).agent;
  if (!me.queues.includes(event.queue)) return refuse(state, 'notInQueue', `You are not a member of queue ${JSON.stringify(event.queue)}`);
  const decision = existingConversationRule(deskOf(state).conversations, me.id, to);
  if (decision.kind === 'continue') {
    return refuse(state, 'conversationExists', `Conversation ${decision.conversation.id} with ${number} is ongoing; continue it with a follow-up call`);
  }
  if (decision.kind === 'assignedElsewhere') {
    return refuse(state, 'conversationAssigned', `Conversation ${decision.conversation.id} with ${number} is assigned to ${decision.conversation.assignee}`);
  }
  const callId = event.callId ?? '';
  const conversation = changedConversation(newConversation(`conv-${callId}`, to, me.id, event.queue), {
    status: event.status ?? 'open',
    tags: event.tags ?? [],
    form: event.form,
    priority: event.priority,
  });
  return dial(state, withConversation(deskOf(state), conversation), conversation.id, event.from, to, event.media ?? 'audio', callId, event.at, config, event.channel);
}

const statuses: readonly unknown[] = ['open', 'closed', 'resolved'];
const priorities: readonly unknown[] = ['low', 'normal', 'high', 'urgent'];

/** As the desk's parser takes them from the backend. */
const isTag = (tag: unknown) => typeof tag === 'string' && tag.length >= 1 && tag.length <= 256;

/** The optional conversation fields of "Start conversation" (003), checked before anything is kept. */
function optionalFieldsProblem(event: StartOutbound): string | undefined {
  if (event.form !== undefined && (typeof event.form !== 'string' || event.form.length > 256)) return 'form is the name of a form';
  if (event.tags !== undefined && (!Array.isArray(event.tags) || event.tags.length > 100 || !event.tags.every(isTag))) return 'tags is a list of at most 100 tags of 1 to 256 characters';
  if (event.priority !== undefined && !priorities.includes(event.priority)) return `priority is one of ${priorities.join(', ')}`;
  if (event.status !== undefined && !statuses.includes(event.status)) return `status is one of ${statuses.join(', ')}`;
  return undefined;
}

/** A follow-up call in an existing conversation (003), which becomes the agent's if it was unassigned. */
export function followUpCall(
  state: EngineState, event: At<{ callId?: string; conversationId: ConversationId; from: string; media?: MediaKind; channel?: CallChannel }>, desk: DeskConfig, config: EngineConfig,
): Transition {
  const stop = blocked(state, desk, event.from);
  if (stop) return stop;
  const current = deskOf(state);
  const requested = conversationOf(current, event.conversationId);
  if (!requested) return refuse(state, 'unknownConversation', `No conversation ${JSON.stringify(event.conversationId)}`);
  const number = requested.customer.number;
  if (!number || !isE164(number)) return reject(state, 'invalidNumber', `Conversation ${requested.id} has no E.164 number to call`);
  // Reopening a finished conversation is a new contact with the customer: the
  // pre-existing-conversation rule applies to their other conversations (003),
  // and an open one of mine takes the follow-up ("left open"). Calling on an
  // open unassigned one goes ahead there, unless another agent is already
  // talking with the customer.
  const reopening = requested.status !== 'open';
  const others = current.conversations.filter((other) => other.id !== requested.id);
  const rule = reopening || requested.assignee === null ? existingConversationRule(others, current.agent.id, requested.customer) : undefined;
  if (rule?.kind === 'assignedElsewhere') {
    return refuse(state, 'conversationAssigned', `Conversation ${rule.conversation.id} with ${number} is assigned to ${rule.conversation.assignee}`);
  }
  const conversation = reopening && rule?.kind === 'continue' ? rule.conversation : requested;
  if (conversation.assignee !== null && conversation.assignee !== current.agent.id) {
    return refuse(state, 'conversationAssigned', `Conversation ${conversation.id} is assigned to ${conversation.assignee}`);
  }
  if (conversation.queue !== undefined && !current.agent.queues.includes(conversation.queue)) {
    return refuse(state, 'notInQueue', `You are not a member of queue ${JSON.stringify(conversation.queue)}`);
  }
  const mine: Conversation = changedConversation(conversation, { assignee: current.agent.id, status: 'open' });
  return dial(state, withConversation(current, mine), mine.id, event.from, mine.customer, event.media ?? 'audio', event.callId ?? '', event.at, config, event.channel);
}

/** Ring back from the call history (002: after a drop): a follow-up in that call's conversation, or a new one. */
export function ringBack(state: EngineState, event: At<Extract<DeskCommand, { type: 'ringBack' }>>, desk: DeskConfig, config: EngineConfig): Transition {
  const entry = state.history.find((ended) => ended.id === event.historyCallId);
  if (!entry) return reject(state, 'unknownCall', `No call ${JSON.stringify(event.historyCallId)} in the history`);
  const current = deskOf(state);
  const conversation = current.conversations.find((known) => known.timeline.some((logged) => logged.callId === entry.id));
  if (conversation) return followUpCall(state, { ...event, conversationId: conversation.id, media: entry.media }, desk, config);
  // No conversation names the call (an offer held while busy, a pruned one): the customer's open one, if mine or unassigned, takes it.
  const existing = existingConversationRule(current.conversations, current.agent.id, entry.remote);
  if (existing.kind === 'continue') return followUpCall(state, { ...event, conversationId: existing.conversation.id, media: entry.media }, desk, config);
  const queue = current.agent.queues[0];
  if (queue === undefined) return refuse(state, 'notInQueue', 'You are not a member of any queue');
  return startOutbound(state, { type: 'startOutbound', at: event.at, from: event.from, to: entry.remote, queue, media: entry.media, ...(event.callId ? { callId: event.callId } : {}), ...(event.channel ? { channel: event.channel } : {}) }, desk, config);
}

function dial(
  state: EngineState, desk: DeskState, conversationId: ConversationId, from: string, to: Contact, media: MediaKind, callId: string, at: number,
  config: EngineConfig, channel: unknown,
): Transition {
  const remote = { ...(to.id ? { id: to.id } : {}), ...(to.name ? { name: to.name } : {}), number: to.number };
  // A regular phone call carries no video (003): asked for as video (a ring back of a video call, say), it goes out as audio.
  const placed = reduce(state, { type: 'placeCall', callId, to: remote, media: channel === 'phone' ? 'audio' : media, at }, config);
  if (placed.rejected) return placed;
  const queue = conversationOf(desk, conversationId)?.queue;
  let next = withDeskCall(desk, {
    callId, conversationId, kind: 'outbound', from, ...(queue === undefined ? {} : { queue }), contact: to, lookup: 'none', transferAttempts: 0,
    ...(channel === 'phone' ? { channel: 'phone' as const } : {}),
  });
  next = logEvent(next, conversationId, { at, kind: 'callPlaced', callId, detail: to.number ?? '' });
  return extend(placed, next);
}
