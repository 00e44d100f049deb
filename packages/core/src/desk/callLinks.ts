// Call links on the agent's side (003, 004): whether the agent may create
// one from the selected conversation (004's "phone button is grayed out"),
// asking the integrator's server to sign it (the secret stays there, see
// `@ringline/core/links`), and the call screen that waits, with a ringtone,
// until the client joins by the link, then shows them joined or left.
import type { EngineConfig } from '../config.js';
import type { EngineState, MediaKind } from '../model.js';
import { reduce } from '../reducer/index.js';
import { reject, unchanged, type Transition } from '../reducer/transition.js';
import { getCall } from '../selectors.js';
import type { CallLinkIssueRequest, DeskConfig } from './config.js';
import { deskRefusal, type DeskErrorCode } from './errors.js';
import type { DeskCommand, DeskEvent } from './events.js';
import type { CallLinkRecord, Conversation, DeskState } from './model.js';
import { changedConversation, changedDesk, type At, conversationOf, deskOf, extend, logEvent, newConversation, refuse, withConversation, withDesk, withDeskCall } from './state.js';

export type CallLinkUnavailable = Extract<DeskErrorCode, 'noClientSelected' | 'unknownConversation' | 'conversationNotStarted' | 'notConversationOwner'>;

export type CallLinkAvailability =
  | { available: true; conversation: Conversation }
  | { available: false; reason: CallLinkUnavailable; message: string; remedy: string };

/**
 * 004's prerequisites for the phone button: a client selected, the
 * conversation started (an open intervention) and owned by this agent.
 * Unavailable, it says why, with the remedy from 004's troubleshooting.
 */
export function callLinkAvailability(state: EngineState, selectedConversationId: string | undefined): CallLinkAvailability {
  const desk = state.desk;
  const unavailable = (reason: CallLinkUnavailable, message: string): CallLinkAvailability => ({ available: false, reason, message, remedy: deskRefusal(reason, message).remedy! });
  if (!desk || selectedConversationId === undefined) return unavailable('noClientSelected', 'No client is selected');
  const conversation = conversationOf(desk, selectedConversationId);
  if (!conversation) return unavailable('unknownConversation', `No conversation ${JSON.stringify(selectedConversationId)}`);
  if (conversation.assignee !== null && conversation.assignee !== desk.agent.id) {
    return unavailable('notConversationOwner', `Conversation ${conversation.id} is owned by ${conversation.assignee}`);
  }
  if (conversation.status !== 'open' || conversation.assignee === null) return unavailable('conversationNotStarted', `Conversation ${conversation.id} has not been started`);
  return { available: true, conversation };
}

/** 004 "Start conversation": the agent opens the intervention and owns it. */
export function startConversation(state: EngineState, event: At<{ conversationId: string }>): Transition {
  const desk = deskOf(state);
  const conversation = conversationOf(desk, event.conversationId);
  if (!conversation) return refuse(state, 'unknownConversation', `No conversation ${JSON.stringify(event.conversationId)}`);
  if (conversation.assignee !== null && conversation.assignee !== desk.agent.id) {
    return refuse(state, 'notConversationOwner', `Conversation ${conversation.id} is owned by ${conversation.assignee}`);
  }
  if (conversation.assignee === desk.agent.id && conversation.status === 'open') return unchanged(state);
  const started = withConversation(desk, changedConversation(conversation, { assignee: desk.agent.id, status: 'open' }));
  return { state: withDesk(state, logEvent(started, conversation.id, { at: event.at, kind: 'conversationStarted', detail: desk.agent.id })), effects: [] };
}

type CreateCallLink = Extract<DeskCommand, { type: 'createCallLink' }>;

/** Spent links (failed, or expired with no call on them) kept so a late wait still hears why; older ones go. */
export const spentCallLinksKept = 20;

/** The conversation a guest link makes for its guest: `conv-link-<request>`. */
const guestConversationPrefix = 'conv-link-';
const linkEntries: ReadonlySet<string> = new Set(['callLinkCreated', 'callLinkFailed', 'callLinkSent', 'callLinkNotSent']);

export function createCallLink(state: EngineState, event: At<CreateCallLink>, config: DeskConfig): Transition {
  let desk = withoutOldSpentLinks(state, deskOf(state), event.at);
  const target = event.target as Partial<{ conversationId: unknown; guestName: unknown }> | undefined;
  const media: MediaKind = event.media ?? 'video';
  if (media !== 'audio' && media !== 'video') return reject(state, 'invalidInput', 'media is audio or video');
  const kind = event.kind ?? config.callLinks.kind;
  if (kind !== 'oneTime' && kind !== 'expiry' && kind !== 'timeFrame') return reject(state, 'invalidInput', 'A call link is oneTime, expiry or timeFrame');
  const window = kind === 'timeFrame' ? timeFrameProblem(event) : event.validFrom !== undefined || event.validUntil !== undefined ? `${kind} links take no time frame` : undefined;
  if (window) return reject(state, 'invalidInput', window);
  let conversationId: string;
  let guestName: string | undefined;
  if (typeof target?.guestName === 'string') {
    guestName = target.guestName.trim();
    if (guestName.length === 0 || guestName.length > 100) return reject(state, 'invalidInput', 'The display name is 1 to 100 characters');
    conversationId = `${guestConversationPrefix}${event.requestId ?? event.at}`;
    if (conversationOf(desk, conversationId)) return reject(state, 'invalidInput', `Duplicate call link request ${conversationId}`);
    desk = withConversation(desk, newConversation(conversationId, { name: guestName }, desk.agent.id, undefined));
  } else if (typeof target?.conversationId === 'string') {
    const availability = callLinkAvailability(state, target.conversationId);
    if (!availability.available) return refuse(state, availability.reason, availability.message);
    conversationId = availability.conversation.id;
  } else {
    return reject(state, 'invalidInput', 'A call link is for a guest (guestName) or a conversation (conversationId)');
  }
  const requestId = event.requestId ?? `link-${conversationId}-${event.at}`;
  if (desk.callLinks.some((link) => link.requestId === requestId)) return reject(state, 'invalidInput', `Duplicate call link request ${requestId}`);
  const record: CallLinkRecord = {
    requestId, conversationId, kind, media, status: 'requested', requestedAt: event.at,
    ...(guestName === undefined ? {} : { guestName }),
    ...(event.validFrom === undefined ? {} : { validFrom: event.validFrom }),
    ...(event.validUntil === undefined ? {} : { validUntil: event.validUntil }),
  };
  const request: CallLinkIssueRequest = {
    requestId, kind, agentId: desk.agent.id, media,
    target: guestName === undefined ? { conversationId } : { guestName },
    ...(event.validFrom === undefined ? {} : { validFrom: event.validFrom, validUntil: event.validUntil! }),
  };
  return { state: withDesk(state, changedDesk(desk, { callLinks: [...desk.callLinks, record] })), effects: [{ type: 'desk', action: 'issueCallLink', request }] };
}

/** When the client can no longer join by the link. */
function linkEndsAt(record: CallLinkRecord): number {
  return Math.min(record.expiresAt ?? Infinity, record.validUntil ?? Infinity);
}

/** A link nobody can join by any more, and no call on it now. */
const spentStandings: ReadonlySet<CallLinkState> = new Set(['failed', 'expired', 'used']);

/**
 * An agent makes links all day: the oldest spent ones go, and with them a
 * guest conversation made for the link where nothing else ever happened
 * (no call placed from it, no message), so neither list grows without bound.
 */
function withoutOldSpentLinks(state: EngineState, desk: DeskState, at: number): DeskState {
  const spentLinks = desk.callLinks.filter((record) => spentStandings.has(standingOf(state, record, at)));
  if (spentLinks.length <= spentCallLinksKept) return desk;
  const dropped = new Set(spentLinks.slice(0, spentLinks.length - spentCallLinksKept));
  // A conversation another kept link belongs to stays (a second link made from it, still usable).
  const stillLinked = new Set(desk.callLinks.filter((record) => !dropped.has(record)).map((record) => record.conversationId));
  const onlyTheLink = new Set<string>();
  for (const record of dropped) {
    if (stillLinked.has(record.conversationId) || !record.conversationId.startsWith(guestConversationPrefix)) continue;
    const conversation = conversationOf(desk, record.conversationId);
    if (conversation && conversation.pending === 0 && conversation.timeline.every((entry) => linkEntries.has(entry.kind))) onlyTheLink.add(conversation.id);
  }
  return changedDesk(desk, {
    callLinks: desk.callLinks.filter((record) => !dropped.has(record)),
    conversations: onlyTheLink.size === 0 ? desk.conversations : desk.conversations.filter((conversation) => !onlyTheLink.has(conversation.id)),
  });
}

function timeFrameProblem(event: At<CreateCallLink>): string | undefined {
  const { validFrom, validUntil } = event;
  if (!Number.isInteger(validFrom) || !Number.isInteger(validUntil)) return 'A time-frame link needs the start and end of its validity (validFrom, validUntil)';
  if (validFrom! >= validUntil!) return 'The end of the time frame must be after its start';
  if (validUntil! <= event.at) return 'The time frame has already ended';
  return undefined;
}

function withRecord(desk: DeskState, record: CallLinkRecord): DeskState {
  return changedDesk(desk, { callLinks: desk.callLinks.map((link) => (link.requestId === record.requestId ? record : link)) });
}

export function callLinkSettled(state: EngineState, event: At<Extract<DeskEvent, { type: 'callLinkCreated' | 'callLinkFailed' }>>): Transition {
  const desk = deskOf(state);
  const record = desk.callLinks.find((link) => link.requestId === event.requestId);
  if (!record || record.status !== 'requested') return unchanged(state);
  if (event.type === 'callLinkFailed') {
    const failed: CallLinkRecord = { ...record, status: 'failed', error: event.error.message };
    return {
      state: withDesk(state, logEvent(withRecord(desk, failed), record.conversationId, { at: event.at, kind: 'callLinkFailed', detail: event.error.code })),
      effects: [{ type: 'error', error: event.error }],
    };
  }
  const created: CallLinkRecord = { ...record, status: 'created', url: event.url, linkId: event.linkId, ...(event.expiresAt === undefined ? {} : { expiresAt: event.expiresAt }) };
  // The timeline names the link by id: the URL carries the signed token.
  return { state: withDesk(state, logEvent(withRecord(desk, created), record.conversationId, { at: event.at, kind: 'callLinkCreated', detail: `${record.kind} ${event.linkId}` })), effects: [] };
}

/** 004: the link goes to the client by the integrator's channel (`DeskAdapter.sendCallLink`); only one they can still use. */
export function sendCallLink(state: EngineState, event: At<{ requestId: string }>): Transition {
  const record = deskOf(state).callLinks.find((link) => link.requestId === event.requestId);
  if (!record) return refuse(state, 'unknownLinkRequest', `No call link request ${JSON.stringify(event.requestId)}`);
  const standing = standingOf(state, record, event.at);
  if (standing === 'requested' || standing === 'failed') return refuse(state, 'linkNotReady', `Call link ${record.requestId} is ${standing}`);
  if (standing === 'expired') return refuse(state, 'linkExpired', `Call link ${record.requestId} has expired`);
  if (standing === 'used') return refuse(state, 'linkUsed', `Call link ${record.requestId} has been used`);
  // A double click sends one message; the second is refused until the first has an answer.
  if (record.sending) return reject(state, 'invalidState', `Call link ${record.requestId} is being sent`);
  return {
    state: withDesk(state, withRecord(deskOf(state), { ...record, sending: true })),
    effects: [{
      type: 'desk', action: 'sendCallLink', requestId: record.requestId, url: record.url!, conversationId: record.conversationId,
      ...(record.guestName === undefined ? {} : { guestName: record.guestName }),
    }],
  };
}

export function callLinkSendSettled(state: EngineState, event: At<Extract<DeskEvent, { type: 'callLinkSent' | 'callLinkNotSent' }>>): Transition {
  const desk = deskOf(state);
  const record = desk.callLinks.find((link) => link.requestId === event.requestId);
  // Only the answer to a send under way: a stray or repeated one marks nothing sent.
  if (!record?.sending) return unchanged(state);
  const { sendError: _last, sending: _answered, ...rest } = record;
  const next: CallLinkRecord = event.type === 'callLinkSent' ? { ...rest, sentAt: event.at } : { ...rest, sendError: event.error.message };
  const logged = logEvent(withRecord(desk, next), record.conversationId, { at: event.at, kind: event.type, ...(event.type === 'callLinkNotSent' ? { detail: event.error.code } : {}) });
  return { state: withDesk(state, logged), effects: event.type === 'callLinkNotSent' ? [{ type: 'error', error: event.error }] : [] };
}

/**
 * 004: after sending the link, the agent's call screen waits for the client
 * (ringback plays while the client has not joined); the adapter joins the
 * room. Joining by link then shows as the client joining this call.
 */
export function waitForLinkCall(state: EngineState, event: At<{ requestId: string; callId?: string }>, desk: DeskConfig, config: EngineConfig): Transition {
  const current = deskOf(state);
  const record = current.callLinks.find((link) => link.requestId === event.requestId);
  if (!record) return refuse(state, 'unknownLinkRequest', `No call link request ${JSON.stringify(event.requestId)}`);
  if (record.callId !== undefined && linkTaken(state, record.callId)) return refuse(state, 'linkUsed', `Call link ${record.requestId} is already in use`);
  if (record.status !== 'created') return refuse(state, 'linkNotReady', `Call link ${record.requestId} is ${record.status}`);
  // A time frame the agent entered bounds the wait even when the issuer gave no expiry; before it opens the client cannot join.
  const endsAt = linkEndsAt(record);
  if (endsAt <= event.at) return refuse(state, 'linkExpired', `Call link ${record.requestId} has expired`);
  if (record.validFrom !== undefined && record.validFrom > event.at) return refuse(state, 'linkNotOpenYet', `Call link ${record.requestId} opens at ${new Date(record.validFrom).toISOString()}`);
  if (!current.agent.onDuty) return refuse(state, 'offDuty', 'Turn the duty toggle on to take calls');
  if (current.wrapUp) return refuse(state, 'wrapUpOpen', 'The wrap-up of the previous call is still open', current.wrapUp.callId);
  // One call at a time (003): a ringing offer is not silently turned into a missed call.
  if (state.calls.length > 0) return reject(state, 'busy', 'Only one voice or video call at a time', state.calls[0]!.id);
  const conversation = conversationOf(current, record.conversationId);
  // 004: only the conversation's owner calls from it; the backend may have handed it on since the link was made.
  if (conversation && conversation.assignee !== null && conversation.assignee !== current.agent.id) {
    return refuse(state, 'notConversationOwner', `Conversation ${conversation.id} is owned by ${conversation.assignee}`);
  }
  const callId = event.callId ?? '';
  const waitMs = Math.min(desk.callLinks.waitMs, endsAt - event.at);
  const name = record.guestName ?? conversation?.customer.name;
  const placed = reduce(state, {
    type: 'placeCall', callId, media: record.media, at: event.at, ringTimeoutMs: Math.max(1, Math.floor(waitMs)),
    to: { ...(name === undefined ? {} : { name }), ...(conversation?.customer.id ? { id: conversation.customer.id } : {}) },
  }, config);
  if (placed.rejected) return placed;
  let next = withRecord(deskOf(placed.state), { ...record, callId });
  next = withDeskCall(next, {
    callId, conversationId: record.conversationId, kind: 'link', linkId: record.linkId!, contact: conversation?.customer ?? {}, lookup: 'none', transferAttempts: 0,
  });
  next = logEvent(next, record.conversationId, { at: event.at, kind: 'callPlaced', callId, detail: `call link ${record.linkId}` });
  return extend(placed, next);
}

/**
 * Whether the link's last wait used it up: still waiting or talking, or the
 * client joined and talked. A wait nobody joined (the agent hung up, the wait
 * ran out) leaves the link the customer holds good for another wait. A call
 * gone from the bounded history counts as used: nothing says otherwise.
 */
function linkTaken(state: EngineState, callId: string): boolean {
  if (getCall(state, callId)) return true;
  const ended = state.history.find((entry) => entry.id === callId);
  return !ended || ended.connectedAt !== undefined;
}

export type CallLinkState = 'requested' | 'failed' | 'notOpenYet' | 'usable' | 'inUse' | 'used' | 'expired';

/**
 * Where a link the agent made stands at `now` (004's troubleshooting: "verify
 * that the link has been sent, has not expired"), by the rules
 * `waitForLinkCall` applies: `usable` is a link a wait may be started on.
 */
export function callLinkState(state: EngineState, requestId: string, now: number): CallLinkState | undefined {
  const record = state.desk?.callLinks.find((link) => link.requestId === requestId);
  return record && standingOf(state, record, now);
}

function standingOf(state: EngineState, record: CallLinkRecord, now: number): CallLinkState {
  if (record.status !== 'created') return record.status;
  if (record.callId !== undefined && getCall(state, record.callId)) return 'inUse';
  if (record.callId !== undefined && linkTaken(state, record.callId)) return 'used';
  if (linkEndsAt(record) <= now) return 'expired';
  return record.validFrom !== undefined && record.validFrom > now ? 'notOpenYet' : 'usable';
}

export type LinkCallStatus = 'waiting' | 'joining' | 'connected' | 'left';

/** 004's status on the agent's call screen: waiting (ringtone), the client joined and connected, or left. */
export function linkCallStatus(state: EngineState, callId: string): LinkCallStatus | undefined {
  const call = getCall(state, callId);
  if (!call || state.desk?.calls.find((known) => known.callId === callId)?.kind !== 'link') return undefined;
  if (call.remoteMedia.presence === 'left') return 'left';
  if (call.phase === 'calling') return 'waiting';
  return call.phase === 'connected' || call.phase === 'reconnecting' ? 'connected' : 'joining';
}
