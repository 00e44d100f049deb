// Posts backend notices (call started/answered/ended, sharing on/off) as JSON.
// Retries with backoff on the injected clock; never blocks or fails the call:
// the engine does not await it and reports a final failure as an error output.
// Every attempt at one notice carries the same Idempotency-Key: an attempt that
// timed out may still have reached the backend, which can then drop the retry.
import { type Clock, systemClock } from './clock.js';
import { RinglineError } from './errors.js';
import type { BackendNotice } from './events.js';
import type { Notifier } from './engine.js';
import { randomId } from './randomId.js';

export interface HttpNotifierOptions {
  url: string;
  clock?: Clock;
  /** Defaults to the global `fetch`, looked up at call time. */
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Total attempts per notice, the first included. */
  maxAttempts?: number;
  /** Delay before attempt `attempt + 1`. */
  backoffMs?: (attempt: number) => number;
  /** An attempt that gets no response within this long is aborted and counts as failed. */
  timeoutMs?: number;
}

export interface HttpNotifier extends Notifier {
  /** Resolves when delivered; rejects with `notifierFailed` after the last attempt. */
  notify(notice: BackendNotice): Promise<void>;
}

/** 408, 429 and 5xx are worth retrying; any other refusal will not change on its own. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** No wait between attempts is longer, whatever the backoff or the server asks. */
const longestWaitMs = 3_600_000;
/** What a backoff that throws or returns nonsense waits: the longest default step. */
const fallbackWaitMs = 8_000;

/** Retry-After as seconds or an HTTP date, at most the longest wait; absent or unreadable, undefined. */
function retryAfterOf(response: Response, now: number): number | undefined {
  const value = response.headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1_000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), longestWaitMs) : undefined;
}

function invalid(message: string): never {
  throw new RinglineError('invalidConfig', `Invalid HTTP notifier options: ${message}`);
}

/** Bounded means bounded: a NaN or infinite option would retry never or forever. */
function checked(options: HttpNotifierOptions): { maxAttempts: number; timeoutMs: number } {
  if (typeof options?.url !== 'string' || options.url.length === 0) invalid('url is required');
  // Relative to the page in a browser; outside one it must be absolute. A bad one would fail every attempt of every notice.
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  if (!parsesAsUrl(options.url, base)) invalid(`url is not a URL: ${options.url}`);
  const maxAttempts = options.maxAttempts ?? 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) invalid(`maxAttempts must be a whole number from 1 to 20, got ${maxAttempts}`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) invalid(`timeoutMs must be a positive number of ms, got ${timeoutMs}`);
  if (options.backoffMs !== undefined && typeof options.backoffMs !== 'function') invalid('backoffMs must be a function of the attempt');
  return { maxAttempts, timeoutMs };
}

/** `URL.canParse` without needing it: Safari before 17 lacks it. */
function parsesAsUrl(url: string, base: string | undefined): boolean {
  try {
    new URL(url, base);
    return true;
  } catch {
    return false;
  }
}

function checkedHeaders(init: Record<string, string> | undefined): Headers {
  try {
    return new Headers(init);
  } catch (cause) {
    throw new RinglineError('invalidConfig', `Invalid HTTP notifier options: headers (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

export function createHttpNotifier(options: HttpNotifierOptions): HttpNotifier {
  const { maxAttempts, timeoutMs } = checked(options);
  const clock = options.clock ?? systemClock;
  const backoff = options.backoffMs ?? ((attempt: number) => Math.min(fallbackWaitMs, 500 * 2 ** (attempt - 1)));
  // A backoff that returns nonsense, or throws, waits the fallback step, not NaN or forever.
  const backoffMs = (attempt: number) => {
    let ms = NaN;
    try {
      ms = backoff(attempt);
    } catch {
      // an integrator's bug must not end the retries
    }
    return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, longestWaitMs) : fallbackWaitMs;
  };
  const headers = checkedHeaders(options.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  const wait = (ms: number) => new Promise<void>((resolve) => clock.scheduler.schedule(() => resolve(), ms));
  // Notices of one call go out in order: a retried callStarted is never overtaken by callEnded.
  const queues = new Map<string, Promise<unknown>>();

  async function attempt(notice: BackendNotice, noticeHeaders: Headers): Promise<{ ok: boolean; retry: boolean; problem?: unknown; retryAfterMs?: number }> {
    const abort = new AbortController();
    let timedOut!: (problem: Error) => void;
    // Raced, not only signalled: a fetch that ignores the abort signal must not hold the call's queue forever.
    const deadline = new Promise<never>((_, reject) => (timedOut = reject));
    const timer = clock.scheduler.schedule(() => {
      const problem = new Error(`No response within ${timeoutMs} ms`);
      abort.abort(problem);
      timedOut(problem);
    }, timeoutMs);
    try {
      const doFetch = options.fetch ?? globalThis.fetch;
      const response = await Promise.race([doFetch(options.url, { method: 'POST', headers: noticeHeaders, body: JSON.stringify(notice), signal: abort.signal }), deadline]);
      // Release the connection: the body is never read.
      void response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ok: true, retry: false };
      const retryAfterMs = retryAfterOf(response, clock.now());
      return { ok: false, retry: retryable(response.status), problem: new Error(`HTTP ${response.status}`), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    } catch (problem) {
      return { ok: false, retry: true, problem };
    } finally {
      timer.unsubscribe();
    }
  }

  async function deliver(notice: BackendNotice): Promise<void> {
    const noticeHeaders = new Headers(headers);
    noticeHeaders.set('idempotency-key', randomId(`${notice.callId}.${notice.type}.`));
    let problem: unknown;
    for (let n = 1; n <= maxAttempts; n++) {
      const outcome = await attempt(notice, noticeHeaders);
      if (outcome.ok) return;
      problem = outcome.problem;
      if (!outcome.retry) break;
      // A server that says when to come back (429, 503) is not asked sooner.
      if (n < maxAttempts) await wait(Math.max(backoffMs(n), outcome.retryAfterMs ?? 0));
    }
    throw new RinglineError('notifierFailed', `Backend notice ${notice.type} for ${notice.callId} was not delivered`, {
      cause: problem,
      callId: notice.callId,
    });
  }

  return {
    notify(notice) {
      const previous = queues.get(notice.callId) ?? Promise.resolve();
      const delivery = previous.then(() => deliver(notice));
      const settled = delivery.catch(() => undefined);
      queues.set(notice.callId, settled);
      void settled.then(() => {
        if (queues.get(notice.callId) === settled) queues.delete(notice.callId);
      });
      return delivery;
    },
  };
}
