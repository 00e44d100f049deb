// Checks for what reaches the desk from the adapter or the routing backend.
import type { EngineInput } from '../events.js';
import { boolean, integer, list, object, oneOf, optional, string, type Parser } from '../validate.js';
import { parseErrorInfo } from '../adapterEvents.js';

const id = string(1, 256);
const text = optional(string(0, 1_024));
const contact = object({ id: text, name: text, number: text });
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
    ringTimeoutMs: optional(integer(1, 3_600_000)),
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
  directoryUpdated: object({
    type: type('directoryUpdated'),
    agents: list(object({ id, name: text, queues: list(id, 100), presence }), 10_000),
  }),
} as Record<string, Parser<EngineInput>>;
