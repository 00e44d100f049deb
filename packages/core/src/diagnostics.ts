// What to collect for a technical escalation (004): date/time, organization
// and agent, client and conversation id, the link used, browser and OS on
// both sides, permissions granted or denied per device, the call status,
// and the engine's recent timeline. The result is plain JSON meant to be
// attached to a ticket, so everything that looks like a credential is
// removed: link tokens, signatures, bearer tokens, JWTs, and any field whose
// name says it is a secret.
import type { TimelineEntry } from './events.js';
import type { Device, EngineState } from './model.js';
import { callStatus } from './selectors.js';

export type PermissionStatus = 'granted' | 'denied' | 'prompt' | 'unknown';

export interface DiagnosticsInput {
  state: EngineState;
  now: number;
  /** `engine.getTimeline()` (create the engine with a `timelineLimit`). */
  timeline?: readonly TimelineEntry[];
  /** The page's own view: `navigator.userAgent`, and permission states (e.g. from `navigator.permissions.query`). */
  environment?: { userAgent?: string; clientUserAgent?: string; permissions?: Partial<Record<Device, PermissionStatus>> };
  /** What the integrator knows; only these fields are reported (`extra` is scrubbed like the rest). */
  context?: {
    organization?: string;
    agent?: { id?: string; name?: string };
    clientId?: string;
    conversationId?: string;
    /** The call link used; its token is removed, the page it points to is kept. */
    link?: string;
    extra?: Record<string, unknown>;
  };
  /** Exact values to remove wherever they appear (a session id the page knows, for instance). */
  redact?: readonly string[];
  /** Timeline entries kept, newest last. Default 50. */
  timelineEntries?: number;
}

export interface BrowserInfo {
  browser: string;
  version?: string;
  os: string;
}

const redacted = '[redacted]';
const sensitiveKey = /token|secret|passw|authori[sz]ation|^auth|api[-_]?key|private[-_]?key|signature|credential|cookie|session|^jwt$/i;
/** Query parameters that carry credentials in links: ours (`t`) and the usual OAuth and signed-URL ones. */
const sensitiveParam = /^(t|code|sig|key|state|nonce|x-amz-[a-z-]+)$/i;
const jwt = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const bearer = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/gi;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Long runs of token alphabet: base64, base64url, hex, and `<payload>.<signature>` link tokens.
const tokenRun = /[A-Za-z0-9+/=_.~-]{20,}/g;

/** Whether a run of token characters reads as a credential rather than a word or an id. */
function tokenLike(run: string): boolean {
  if (uuid.test(run)) return false;
  let classes = 0;
  if (/[a-z]/.test(run)) classes++;
  if (/[A-Z]/.test(run)) classes++;
  if (/[0-9]/.test(run)) classes++;
  if (/[+/=_~-]/.test(run)) classes++;
  return classes >= 3 || (run.length >= 32 && classes >= 2 && /[0-9]/.test(run));
}

/**
 * What to take out: values the integrator named (`exact`), and token-like
 * text unless it is one of the `ids` the report is about (a client id such
 * as `client_01HQ3Z8X9K4M7N2P5R6T` looks like a token, and 004 asks for it).
 */
interface Redaction {
  exact: readonly string[];
  ids: ReadonlySet<string>;
}

const nothingKept: Redaction = { exact: [], ids: new Set() };

function scrubText(text: string, { exact, ids }: Redaction): string {
  let out = text;
  for (const value of exact) if (value.length > 0) out = out.split(value).join(redacted);
  return out
    .replace(jwt, redacted)
    .replace(bearer, (_match, scheme: string) => `${scheme} ${redacted}`)
    .replace(tokenRun, (run) => (tokenLike(run) && !ids.has(run) ? redacted : run));
}

/** A deep copy with sensitive fields and token-like text removed; functions and undefined are dropped. */
function scrub(value: unknown, redaction: Redaction, depth = 0): unknown {
  if (depth > 12) return redacted;
  if (typeof value === 'string') return scrubText(value, redaction);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, redaction, depth + 1));
  if (typeof value !== 'object') return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === undefined || typeof field === 'function') continue;
    out[scrubText(key, redaction)] = sensitiveKey.test(key) ? redacted : scrub(field, redaction, depth + 1);
  }
  return out;
}

/** The link's page without its token: query values and path segments that carry credentials are removed. */
export function redactLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return scrubText(link, nothingKept);
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  for (const [name, value] of [...url.searchParams]) {
    if (sensitiveKey.test(name) || sensitiveParam.test(name) || tokenLike(value) || value.length > 64) url.searchParams.set(name, redacted);
  }
  url.pathname = url.pathname.split('/').map((segment) => (tokenLike(decodedSegment(segment)) ? redacted : segment)).join('/');
  return url.toString().replace(/%5Bredacted%5D/g, redacted);
}

/** A path segment as text; one with broken percent-encoding is judged as it stands. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** An ISO date, or undefined for a time that is not one: a report on a broken state must still come out. */
function isoTime(at: unknown): string | undefined {
  return typeof at === 'number' && Number.isFinite(at) && Math.abs(at) <= 8.64e15 ? new Date(at).toISOString() : undefined;
}

/** Browser and OS from a user agent string, as support asks for them (004). */
export function describeUserAgent(userAgent: string | undefined): BrowserInfo | undefined {
  if (typeof userAgent !== 'string' || userAgent.length === 0) return undefined;
  const match = (pattern: RegExp) => userAgent.match(pattern)?.[1];
  let browser = 'unknown';
  let version: string | undefined;
  if ((version = match(/Edg(?:e|A|iOS)?\/([\d.]+)/))) browser = 'Edge';
  else if ((version = match(/OPR\/([\d.]+)/))) browser = 'Opera';
  else if ((version = match(/Firefox\/([\d.]+)/) ?? match(/FxiOS\/([\d.]+)/))) browser = 'Firefox';
  else if ((version = match(/Chrome\/([\d.]+)/) ?? match(/CriOS\/([\d.]+)/))) browser = userAgent.includes('Chromium') ? 'Chromium' : 'Chrome';
  else if ((version = match(/Version\/([\d.]+).*Safari/))) browser = 'Safari';
  let os = 'unknown';
  const windows = match(/Windows NT ([\d.]+)/);
  const mac = match(/Mac OS X ([\d_.]+)/);
  const ios = match(/(?:iPhone|CPU) OS ([\d_]+)/);
  const android = match(/Android ([\d.]+)/);
  if (windows) os = `Windows NT ${windows}`;
  else if (ios) os = `iOS ${ios.replace(/_/g, '.')}`;
  else if (android) os = `Android ${android}`;
  else if (mac) os = `macOS ${mac.replace(/_/g, '.')}`;
  else if (userAgent.includes('CrOS')) os = 'ChromeOS';
  else if (userAgent.includes('Linux')) os = 'Linux';
  return version === undefined ? { browser, os } : { browser, version, os };
}

const devices: readonly Device[] = ['microphone', 'camera', 'screen'];

/**
 * Permissions per device: what the page reports, and a denial seen on a
 * call (a failed camera start, a refused microphone) wins over "unknown".
 */
function permissionsOf(state: EngineState, reported: Partial<Record<Device, PermissionStatus>> | undefined): Record<Device, PermissionStatus> {
  const result = {} as Record<Device, PermissionStatus>;
  for (const device of devices) result[device] = reported?.[device] ?? 'unknown';
  const errors = [...state.calls.map((call) => call.lastError), ...state.history.map((entry) => entry.error)];
  for (const error of errors) {
    if (error?.code === 'permissionDenied' && error.device && result[error.device] === 'unknown') result[error.device] = 'denied';
  }
  return result;
}

export function collectDiagnostics(input: DiagnosticsInput): Record<string, unknown> {
  const { state, now, environment, context } = input;
  const wanted = input.timelineEntries ?? 50;
  const limit = typeof wanted === 'number' && wanted > 0 ? Math.floor(wanted) : 0;
  const desk = state.desk;
  const report = {
    collectedAt: isoTime(now),
    organization: context?.organization,
    agent: context?.agent ?? (desk ? { id: desk.agent.id, name: desk.agent.name } : undefined),
    clientId: context?.clientId,
    conversationId: context?.conversationId ?? (desk ? desk.calls[0]?.conversationId : undefined),
    link: typeof context?.link === 'string' ? redactLink(context.link) : undefined,
    browser: { agent: describeUserAgent(environment?.userAgent), client: describeUserAgent(environment?.clientUserAgent) },
    permissions: permissionsOf(state, environment?.permissions),
    calls: state.calls.map((call) => ({
      id: call.id,
      direction: call.direction,
      media: call.media,
      status: callStatus(call),
      remotePresence: call.remoteMedia.presence,
      startedAt: isoTime(call.startedAt),
      connectedAt: isoTime(call.connectedAt),
      muted: call.local.muted,
      camera: call.local.camera,
      screenShare: call.local.screenShare,
      remoteCamera: call.remoteMedia.camera,
      remoteScreenShare: call.remoteMedia.screenShare,
      reconnectAttempt: call.reconnect?.attempt,
      lastError: call.lastError,
    })),
    recentCalls: state.history.slice(0, 5).map((entry) => ({
      id: entry.id, direction: entry.direction, media: entry.media, endReason: entry.endReason, endedBy: entry.endedBy,
      durationMs: entry.durationMs, endedAt: isoTime(entry.endedAt), error: entry.error,
    })),
    desk: desk ? { onDuty: desk.agent.onDuty, presence: desk.agent.presence, wrapUpOpen: desk.wrapUp !== undefined } : undefined,
    // `slice(-0)` would be the whole timeline.
    timeline: limit === 0 ? [] : (input.timeline ?? []).slice(-limit).map((entry) => ({ ...entry, time: isoTime(entry.at) })),
    extra: context?.extra,
  };
  // A string here would be taken letter by letter, redacting every one of them.
  const exact = Array.isArray(input.redact) ? input.redact.filter((value): value is string => typeof value === 'string') : [];
  const ids = [report.clientId, report.conversationId, report.agent?.id, ...report.calls.map((call) => call.id), ...report.recentCalls.map((entry) => entry.id)];
  return scrub(report, { exact, ids: new Set(ids.filter((id): id is string => typeof id === 'string')) }) as Record<string, unknown>;
}
