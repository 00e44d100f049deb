// Adapters sit at a trust boundary (network, browser, another vendor's SDK):
// every event they emit is validated before it can reach the reducer.
import * as z from 'zod/mini';
import { errorCodes } from './errors.js';
import type { AdapterEvent } from './events.js';

const callId = z.string().check(z.minLength(1), z.maxLength(256));
const text = z.string().check(z.maxLength(1_024));

export const remotePartySchema = z.object({
  id: z.optional(text),
  name: z.optional(text),
  avatarUrl: z.optional(text),
  number: z.optional(text),
});

const mediaKind = z.enum(['audio', 'video']);
const device = z.enum(['microphone', 'camera', 'screen']);

export const errorInfoSchema = z.object({
  code: z.enum(errorCodes),
  message: text,
  callId: z.optional(callId),
  device: z.optional(device),
});

const callOnly = z.object({ type: z.string(), callId });

/**
 * One schema per event type, looked up by `type`: smaller in the browser
 * bundle than a discriminated union, and a malformed event names its type.
 */
export const adapterEventSchemas = {
  incoming: z.object({
    type: z.literal('incoming'),
    callId,
    remote: remotePartySchema,
    media: mediaKind,
    ringTimeoutMs: z.optional(z.number().check(z.int(), z.gte(1), z.lte(3_600_000))),
  }),
  earlyMedia: callOnly,
  remoteJoined: callOnly,
  remoteLeft: callOnly,
  mediaConnected: callOnly,
  remoteEnded: z.object({
    type: z.literal('remoteEnded'),
    callId,
    reason: z.enum(['hangup', 'declined', 'busy', 'canceled', 'noAnswer', 'answeredElsewhere', 'failed', 'transferred']),
  }),
  remoteMedia: z.object({
    type: z.literal('remoteMedia'),
    callId,
    camera: z.optional(z.boolean()),
    screenShare: z.optional(z.boolean()),
    muted: z.optional(z.boolean()),
  }),
  localScreenShareEnded: callOnly,
  networkLost: callOnly,
  networkRestored: callOnly,
  adapterError: z.object({ type: z.literal('adapterError'), callId: z.optional(callId), error: errorInfoSchema }),
} satisfies Record<AdapterEvent['type'], unknown>;

export type ParsedAdapterEvent =
  | { ok: true; event: AdapterEvent }
  | { ok: false; message: string };

export function parseAdapterEvent(value: unknown): ParsedAdapterEvent {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(adapterEventSchemas, type)) {
    return { ok: false, message: `Invalid adapter event (unknown type ${JSON.stringify(type)})` };
  }
  const parsed = adapterEventSchemas[type as AdapterEvent['type']].safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data as AdapterEvent };
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'unreadable';
  return { ok: false, message: `Invalid ${type} event (${where})` };
}
