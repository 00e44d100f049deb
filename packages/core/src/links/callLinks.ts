// Issuing and verifying signed call links (003, 004). A link is
// `<payload>.<signature>`, both base64url: the payload is JSON, the signature
// HMAC-SHA-256 over the payload text with a server-held secret, through Web
// Crypto (Node 20 and browsers alike, though the secret belongs on a server:
// this module is only exported from `@ringline/core/links`).
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { RinglineError } from '../errors.js';
import { constantTimeEqual, decodeBase64Url, encodeBase64Url, fromUtf8, utf8 } from './encoding.js';
import { CallLinkError } from './errors.js';
import { type CallLinkPayload, type CallLinkRequest, callLinkPayloadSchema, callLinkRequestSchema, maxLifetimeMs } from './payload.js';
import { createMemoryUsedLinkStore, type UsedLinkStore } from './usedLinkStore.js';

export interface CallLinksOptions {
  /** At least 32 bytes, from the server's secret store. Never sent to a browser. */
  secret: string | Uint8Array;
  /** The join page; the token goes in its `t` query parameter. */
  baseUrl: string;
  clock?: Clock;
  /** Where one-time links are marked used; one process's memory by default. */
  usedLinks?: UsedLinkStore;
  /** Lifetime of one-time and expiry links when the request gives none. Default 24 h. */
  defaultTtlMs?: number;
  /** Link ids; 16 random bytes by default. */
  createId?: () => string;
}

export interface IssuedCallLink {
  url: string;
  token: string;
  payload: CallLinkPayload;
}

export type VerifiedCallLink = { ok: true; payload: CallLinkPayload } | { ok: false; error: CallLinkError };

export interface CallLinks {
  /** Signs a link; a request zod rejects throws a `RinglineError('invalidInput')` naming the field. */
  issue(request: CallLinkRequest): Promise<IssuedCallLink>;
  /** Checks a token or a whole link URL: signature, payload, time window, and one-time use (consumed on success). */
  verify(tokenOrUrl: string): Promise<VerifiedCallLink>;
}

const signatureBytes = 32;
const minSecretBytes = 32;

function webCrypto(): Crypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (!crypto?.subtle) throw new RinglineError('environment', 'Web Crypto (crypto.subtle) is not available');
  return crypto;
}

function randomId(): string {
  const bytes = new Uint8Array(16);
  webCrypto().getRandomValues(bytes);
  return encodeBase64Url(bytes);
}

export function createCallLinks(options: CallLinksOptions): CallLinks {
  if (typeof options !== 'object' || options === null) throw new RinglineError('invalidConfig', 'createCallLinks needs options with a secret and a baseUrl');
  const secret = typeof options.secret === 'string' ? utf8(options.secret) : options.secret;
  if (!(secret instanceof Uint8Array) || secret.length < minSecretBytes) {
    throw new RinglineError('invalidConfig', `The call link secret must be at least ${minSecretBytes} bytes`);
  }
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch (cause) {
    throw new RinglineError('invalidConfig', 'baseUrl must be an absolute URL', { cause });
  }
  const clock = options.clock ?? systemClock;
  const usedLinks = options.usedLinks ?? createMemoryUsedLinkStore({ clock });
  const defaultTtlMs = options.defaultTtlMs ?? 24 * 3_600_000;
  if (!Number.isInteger(defaultTtlMs) || defaultTtlMs < 1 || defaultTtlMs > maxLifetimeMs) {
    throw new RinglineError('invalidConfig', `defaultTtlMs must be a whole number of ms from 1 to ${maxLifetimeMs} (366 days), got ${defaultTtlMs}`);
  }
  const createId = options.createId ?? randomId;
  // A copy: the caller's buffer may be reused or zeroed after this returns.
  const key = webCrypto().subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

  async function sign(text: string): Promise<Uint8Array> {
    return new Uint8Array(await webCrypto().subtle.sign('HMAC', await key, utf8(text)));
  }

  return {
    async issue(request) {
      const parsed = callLinkRequestSchema.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new RinglineError('invalidInput', `Invalid call link request (${issue?.path.join('.') || 'value'}: ${issue?.message})`);
      }
      const given = parsed.data;
      // A clock may give fractions of a ms (performance.timeOrigin + performance.now()); links carry whole ones.
      const now = Math.floor(clock.now());
      const exp = given.kind === 'timeFrame' ? given.validUntil! : now + (given.ttlMs ?? defaultTtlMs);
      if (exp <= now) throw new RinglineError('invalidInput', 'The time frame has already ended');
      const payload: CallLinkPayload = {
        v: 1,
        id: createId(),
        kind: given.kind,
        ...(given.organizationId === undefined ? {} : { org: given.organizationId }),
        agent: given.agentId,
        media: given.media,
        ...('conversationId' in given.target ? { conv: given.target.conversationId } : { guest: given.target.guestName }),
        iat: now,
        ...(given.kind === 'timeFrame' ? { nbf: given.validFrom! } : {}),
        exp,
      };
      // Checked like a link that arrives: an id from `createId` that would not verify fails here, not at the customer.
      const checked = callLinkPayloadSchema.safeParse(payload);
      if (!checked.success) {
        const field = checked.error.issues[0]?.path.join('.');
        throw field === 'id'
          ? new RinglineError('invalidConfig', `createId returned an id a call link cannot carry: ${JSON.stringify(payload.id)}`)
          : new RinglineError('invalidInput', `The link cannot carry its ${field === 'exp' ? 'expiry' : field}: ${checked.error.issues[0]?.message}`);
      }
      const body = encodeBase64Url(utf8(JSON.stringify(payload)));
      const token = `${body}.${encodeBase64Url(await sign(body))}`;
      const url = new URL(base);
      url.searchParams.set('t', token);
      return { url: url.toString(), token, payload };
    },

    async verify(tokenOrUrl) {
      const token = tokenOf(tokenOrUrl);
      const parts = token?.split('.');
      if (!parts || parts.length !== 2 || parts[0]!.length === 0) return refused('malformed', 'The link has no token of the form <payload>.<signature>');
      const [body, signatureText] = parts as [string, string];
      const payloadBytes = decodeBase64Url(body);
      const given = decodeBase64Url(signatureText);
      if (!payloadBytes || !given) return refused('malformed', 'The link token is not base64url');
      if (given.length !== signatureBytes) return refused('forged', 'The link signature has the wrong length');
      // Nothing in the payload is looked at before the signature is known to be ours.
      if (!constantTimeEqual(given, await sign(body))) return refused('forged', 'The link signature does not match');
      const text = fromUtf8(payloadBytes);
      let json: unknown;
      try {
        json = text === undefined ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = callLinkPayloadSchema.safeParse(json);
      if (!parsed.success) return refused('malformed', 'The signed link payload is not a call link');
      const payload = parsed.data;
      const now = clock.now();
      if (payload.nbf !== undefined && now < payload.nbf) return refused('notYetValid', `The link is valid from ${new Date(payload.nbf).toISOString()}`, payload.id);
      if (now >= payload.exp) return refused('expired', `The link expired at ${new Date(payload.exp).toISOString()}`, payload.id);
      if (payload.kind === 'oneTime') {
        let first: boolean;
        try {
          first = await usedLinks.consume(payload.id, payload.exp);
        } catch (cause) {
          // The store is down: neither used nor free is known, so the link is refused this time and stays unused.
          return { ok: false, error: new CallLinkError('notChecked', 'The used-link store could not be reached', { linkId: payload.id, cause }) };
        }
        if (!first) return refused('alreadyUsed', 'The one-time link has already been used', payload.id);
      }
      return { ok: true, payload };
    },
  };
}

/** The token itself, or the `t` parameter of a link URL. */
function tokenOf(tokenOrUrl: unknown): string | undefined {
  if (typeof tokenOrUrl !== 'string' || tokenOrUrl.length > 8_192) return undefined;
  if (!tokenOrUrl.includes('://')) return tokenOrUrl;
  try {
    return new URL(tokenOrUrl).searchParams.get('t') ?? undefined;
  } catch {
    return undefined;
  }
}

function refused(code: CallLinkError['code'], message: string, linkId?: string): VerifiedCallLink {
  return { ok: false, error: new CallLinkError(code, message, linkId === undefined ? {} : { linkId }) };
}
