// What a call link says, and what an agent may ask for (003 "Generate call
// link"): for a guest (a display name) or an existing conversation; one-time,
// expiry, or valid in a time frame the agent enters. Both cross a wire, so
// both are zod schemas.
import { z } from 'zod';

export const callLinkKinds = ['oneTime', 'expiry', 'timeFrame'] as const;
export type CallLinkKind = (typeof callLinkKinds)[number];

const id = z.string().min(1).max(256);
// Up to the last time a Date can show (8.64e15 ms, in the year 275760): a refusal names the time it was valid from or until.
const epochMs = z.number().int().nonnegative().max(8.64e15);

/** Who the link is for: a new guest conversation, or an existing one. */
export const callLinkTargetSchema = z.union([
  z.object({ guestName: z.string().trim().min(1).max(100) }).strict(),
  z.object({ conversationId: id }).strict(),
]);
export type CallLinkTarget = z.infer<typeof callLinkTargetSchema>;

/** The signed part of a link. Short keys: it travels in a URL. */
export const callLinkPayloadSchema = z.object({
  v: z.literal(1),
  /** Identifies the link: a one-time link is consumed by it. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  kind: z.enum(callLinkKinds),
  org: id.optional(),
  agent: id,
  media: z.enum(['audio', 'video']),
  conv: id.optional(),
  guest: z.string().min(1).max(100).optional(),
  iat: epochMs,
  /** Valid from (time-frame links). */
  nbf: epochMs.optional(),
  /** Valid until, exclusive. Every kind has one: a one-time link never used must not live for ever. */
  exp: epochMs,
}).strict()
  .refine((payload) => (payload.conv === undefined) !== (payload.guest === undefined), { message: 'a link is for a guest or for a conversation, not both' })
  .refine((payload) => payload.nbf === undefined || payload.nbf < payload.exp, { message: 'the time frame ends before it starts' })
  .refine((payload) => (payload.kind === 'timeFrame') === (payload.nbf !== undefined), { message: 'only time-frame links have a start' });
export type CallLinkPayload = z.infer<typeof callLinkPayloadSchema>;

export const maxLifetimeMs = 366 * 24 * 3_600_000;

/** What issuing a link takes. Time-frame links need the window the agent entered (003); the others a lifetime. */
export const callLinkRequestSchema = z.object({
  /** The desk's request id (`CallLinkIssueRequest`), so its request can be passed as it is; not signed. */
  requestId: id.optional(),
  kind: z.enum(callLinkKinds),
  target: callLinkTargetSchema,
  agentId: id,
  organizationId: id.optional(),
  media: z.enum(['audio', 'video']).default('video'),
  /** One-time and expiry links: how long the link lives (defaults in the issuer's options). */
  ttlMs: z.number().int().positive().max(maxLifetimeMs).optional(),
  validFrom: epochMs.optional(),
  validUntil: epochMs.optional(),
}).strict().superRefine((request, context) => {
  if (request.kind === 'timeFrame') {
    if (request.validFrom === undefined || request.validUntil === undefined) {
      context.addIssue({ code: 'custom', message: 'a time-frame link needs validFrom and validUntil', path: ['validFrom'] });
    } else if (request.validFrom >= request.validUntil) {
      context.addIssue({ code: 'custom', message: 'validUntil must be after validFrom', path: ['validUntil'] });
    } else if (request.validUntil - request.validFrom > maxLifetimeMs) {
      context.addIssue({ code: 'custom', message: 'the time frame is longer than a year', path: ['validUntil'] });
    }
    if (request.ttlMs !== undefined) context.addIssue({ code: 'custom', message: 'a time-frame link has a window, not a ttl', path: ['ttlMs'] });
  } else if (request.validFrom !== undefined || request.validUntil !== undefined) {
    context.addIssue({ code: 'custom', message: `a ${request.kind} link has a ttl, not a window`, path: ['validFrom'] });
  }
});
export type CallLinkRequest = z.input<typeof callLinkRequestSchema>;
