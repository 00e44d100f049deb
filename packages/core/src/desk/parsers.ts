// Checks for what reaches the desk from the adapter or the routing backend.
import type { EngineInput } from '../events.js';
import { boolean, fail, integer, list, object, oneOf, optional, string, type Parser } from '../validate.js';
import { parseErrorInfo } from '../adapterEvents.js';
import { maxDurationMs } from '../config.js';

const id = string(1, 256);
const text = optional(string(0, 1_024));
/** A People contact: the text fields only, absent ones left out. */
export const parseContact = object({ id: text, name: text, number: text });
const contact = parseContact;
const media = oneOf(['audio', 'video']);
const presence = oneOf(['available', 'busy', 'away', 'offline']);
const type = <T extends string>(name: T) => oneOf([name]);

const conversationEvent = object({
  at: integer(0, Number.MAX_SAFE_INTEGER),
  kind: string(1, 64),
  callId: optional(id),
  detail: text,
  durationMs: optional(integer(0, Number.MAX_SAFE_INTEGER)),
});

const conversation = object({
  id,
  customer: contact,
  assignee: (value: unknown) => (value === null || value === undefined ? null : id(value)),
  queue: optional(id),
  status: oneOf(['open', 'closed', 'resolved']),
  form: text,
  tags: optional(list(string(1, 256), 100)),
  priority: optional(oneOf(['low', 'normal', 'high', 'urgent'])),
  pending: optional(integer(0, 100_000)),
  timeline: optional(list(conversationEvent, 200)),
});

const epochMs = integer(0, Number.MAX_SAFE_INTEGER);
const count = integer(0, 1_000);
const e164Number = (value: unknown) => {
  const text = string(2, 16)(value);
  return /^\+[1-9][0-9]{1,14}$/.test(text) ? text : fail('expected an E.164 number');
};

/** A callback as the backend lists it; a call in progress is this desk's own, so no call fields come in. */
const callback = object({
  id,
  conversationId: id,
  customer: object({ id: text, name: text, number: e164Number }),
  mode: oneOf(['automated', 'manual']),
  queue: optional(id),
  status: oneOf(['queued', 'assigned', 'active', 'noReply', 'done']),
  assignee: (value: unknown) => (value === null || value === undefined ? null : id(value)),
  requestedAt: epochMs,
  attempts: count,
  calls: optional(count),
  retryAt: optional(epochMs),
});

export const deskEventParsers: Record<string, Parser<EngineInput>> = {
  offer: object({
    type: type('offer'),
    callId: id,
    remote: object({ id: text, name: text, number: text, avatarUrl: text }),
    media,
    queue: optional(id),
    conversationId: optional(id),
    summary: optional(string(0, 4_000)),
    handoff: optional(boolean),
    ringTimeoutMs: optional(integer(1, maxDurationMs)),
    channel: optional(oneOf(['phone', 'web'])),
  }),
  contactResolved: object({ type: type('contactResolved'), callId: id, contact: optional(contact) }),
  contactLookupFailed: object({ type: type('contactLookupFailed'), callId: id, error: parseErrorInfo }),
  transferRinging: object({ type: type('transferRinging'), callId: id, transferId: id }),
  transferCompleted: object({ type: type('transferCompleted'), callId: id, transferId: id }),
  transferFailed: object({ type: type('transferFailed'), callId: id, transferId: id, reason: oneOf(['offline', 'busy', 'rejected', 'noAnswer', 'error']) }),
  recordingAvailable: object({
    type: type('recordingAvailable'), callId: id, recordingId: id, media, durationMs: integer(0, 24 * 3_600_000), url: string(1, 2_048),
  }),
  messageReceived: object({ type: type('messageReceived'), customer: contact, channel: string(1, 64), messageId: id }),
  conversationsLoaded: object({ type: type('conversationsLoaded'), conversations: list(conversation, 10_000) }),
  callbackRequested: object({
    type: type('callbackRequested'), callbackId: id, customer: contact, mode: oneOf(['automated', 'manual']), queue: optional(id), conversationId: optional(id),
  }),
  callbackAssigned: object({ type: type('callbackAssigned'), callbackId: id, agentId: id }),
  callbacksLoaded: object({ type: type('callbacksLoaded'), callbacks: list(callback, 100_000) }),
  handoffClaimed: object({ type: type('handoffClaimed'), callId: id, token: id }),
  handoffClaimFailed: object({ type: type('handoffClaimFailed'), callId: id, token: id, reason: oneOf(['claimedElsewhere', 'error']) }),
  handoffUpdated: object({
    type: type('handoffUpdated'), callId: id, summary: optional(string(0, 4_000)),
    lines: optional(list(object({ at: integer(0, Number.MAX_SAFE_INTEGER), speaker: oneOf(['caller', 'ai']), text: string(0, 4_000) }), 500)),
  }),
  callLinkCreated: object({ type: type('callLinkCreated'), requestId: id, url: string(1, 8_192), linkId: id, expiresAt: optional(integer(0, Number.MAX_SAFE_INTEGER)) }),
  callLinkFailed: object({ type: type('callLinkFailed'), requestId: id, error: parseErrorInfo }),
  callLinkSent: object({ type: type('callLinkSent'), requestId: id }),
  callLinkNotSent: object({ type: type('callLinkNotSent'), requestId: id, error: parseErrorInfo }),
  directoryUpdated: object({
    type: type('directoryUpdated'),
    agents: list(object({ id, name: text, queues: list(id, 100), presence }), 10_000),
  }),
} as Record<string, Parser<EngineInput>>;
