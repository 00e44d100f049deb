// The signaling wire format, shared by the browser client and the reference
// server. Everything inbound is parsed with these schemas (zod/mini keeps the
// browser bundle small) and copied without unknown fields.
import * as z from 'zod/mini';

/** Messages larger than this are dropped unread: an SDP with many candidates is ~10 KB. */
export const maxMessageBytes = 64 * 1024;

const roomSchema = z.string().check(z.minLength(1), z.maxLength(256));
const text = z.optional(z.string().check(z.maxLength(1_024)));
const mediaSchema = z.enum(['audio', 'video']);

export const partySchema = z.object({ id: text, name: text, avatarUrl: text, number: text });

export const endReasonSchema = z.enum(['hangup', 'declined', 'busy', 'canceled', 'noAnswer', 'answeredElsewhere', 'failed', 'transferred']);

/** What simple-peer emits on 'signal': an SDP, a trickled candidate, or a renegotiation request. */
// Each shape exactly: a signal simple-peer cannot take (an empty object, a
// candidate without one) would destroy the peer, so it is refused as malformed.
export const peerSignalSchema = z.union([
  z.object({ type: z.enum(['offer', 'answer', 'pranswer']), sdp: z.string().check(z.minLength(1), z.maxLength(maxMessageBytes)) }),
  z.object({ type: z.literal('rollback'), sdp: z.optional(z.string().check(z.maxLength(maxMessageBytes))) }),
  z.object({
    type: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().check(z.maxLength(2_048)),
      sdpMid: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
      sdpMLineIndex: z.optional(z.nullable(z.number().check(z.int(), z.minimum(0), z.maximum(1_024)))),
      usernameFragment: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
    }),
  }),
  z.object({ type: z.optional(z.literal('renegotiate')), renegotiate: z.literal(true) }),
  z.object({ type: z.optional(z.literal('transceiverRequest')), transceiverRequest: z.object({ kind: mediaSchema }) }),
]);

/** Each peer connection of a call has a generation; a signal for an older one is stale. */
const generationSchema = z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000));

/**
 * `answered` is set on a rejoin after the signaling connection dropped mid-call:
 * a server that lost the room meanwhile (every member dropped, or it restarted)
 * recreates it as answered, so the call's peer signals are accepted again.
 */
const join = z.object({
  type: z.literal('join'), room: roomSchema, token: z.string().check(z.maxLength(4_096)), party: partySchema,
  answered: z.optional(z.boolean()),
});
const leave = z.object({ type: z.literal('leave'), room: roomSchema });
const ring = z.object({ type: z.literal('ring'), room: roomSchema, media: mediaSchema });
const answer = z.object({ type: z.literal('answer'), room: roomSchema, media: mediaSchema });
const bye = z.object({ type: z.literal('bye'), room: roomSchema, reason: endReasonSchema });
const signal = z.object({ type: z.literal('signal'), room: roomSchema, generation: generationSchema, data: peerSignalSchema });
/** The answering side asks the calling side to restart ICE (or rebuild the peer). */
const restart = z.object({ type: z.literal('restart'), room: roomSchema });

export const clientMessageSchema = z.discriminatedUnion('type', [join, leave, ring, answer, bye, signal, restart]);

export const signalingErrorCodes = ['malformed', 'oversized', 'outOfOrder', 'unauthorized', 'roomFull', 'roomEnded', 'notJoined', 'rateLimited', 'closed'] as const;
export type SignalingErrorCode = (typeof signalingErrorCodes)[number];

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('joined'), room: roomSchema, others: z.array(partySchema).check(z.maxLength(8)) }),
  z.object({ type: z.literal('peerJoined'), room: roomSchema, party: partySchema }),
  // `left`: the far side closed its connection or left the room on purpose (a closed tab, a reload); `lost`: it vanished.
  z.object({ type: z.literal('peerLeft'), room: roomSchema, how: z.optional(z.enum(['left', 'lost'])) }),
  z.object({ type: z.literal('ring'), room: roomSchema, media: mediaSchema, from: partySchema }),
  answer,
  bye,
  signal,
  restart,
  z.object({
    type: z.literal('error'),
    room: z.optional(roomSchema),
    code: z.enum(signalingErrorCodes),
    message: z.string().check(z.maxLength(1_024)),
  }),
]);

export type Party = z.infer<typeof partySchema>;
export type PeerSignal = z.infer<typeof peerSignalSchema>;
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export type ParsedMessage<T> = { ok: true; message: T } | { ok: false; code: 'malformed' | 'oversized'; message: string };

/** Whether `text` takes more than `limit` bytes as UTF-8 (what the wire carries), counted only when it might. */
export function longerThan(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit < 0xe000) ? 2 : 3;
  }
  return bytes > limit;
}

/** Size-checks, JSON-parses and validates one frame; never throws. */
export function parseFrame<T>(schema: z.ZodMiniType<T>, raw: string): ParsedMessage<T> {
  if (longerThan(raw, maxMessageBytes)) return { ok: false, code: 'oversized', message: `A message of ${raw.length} characters exceeds ${maxMessageBytes} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'malformed', message: 'A message is not JSON' };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, code: 'malformed', message: `Invalid message${where}: ${issue?.message ?? 'unknown problem'}` };
  }
  return { ok: true, message: parsed.data };
}
