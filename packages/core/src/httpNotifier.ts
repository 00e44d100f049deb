// Posts backend notices (call started/answered/ended, sharing on/off) as JSON.
// Retries with backoff on the injected clock; never blocks or fails the call:
// the engine does not await it and reports a final failure as an error output.
import { type Clock, systemClock } from './clock.js';
import { RinglineError } from './errors.js';
import type { BackendNotice } from './events.js';
import type { Notifier } from './engine.js';

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
}

export interface HttpNotifier extends Notifier {
  notify(notice: BackendNotice): Promise<void>;
}

/** 429 and 5xx are worth retrying; any other refusal will not change on its own. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function createHttpNotifier(options: HttpNotifierOptions): HttpNotifier {
  const clock = options.clock ?? systemClock;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const backoffMs = options.backoffMs ?? ((attempt: number) => Math.min(8_000, 500 * 2 ** (attempt - 1)));
  const wait = (ms: number) => new Promise<void>((resolve) => clock.scheduler.schedule(() => resolve(), ms));

  async function deliver(notice: BackendNotice): Promise<void> {
    const doFetch = options.fetch ?? globalThis.fetch;
    let lastProblem: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify(notice),
        });
        if (response.ok) return;
        lastProblem = new Error(`HTTP ${response.status}`);
        if (!retryable(response.status)) break;
      } catch (networkError) {
        lastProblem = networkError;
      }
      if (attempt < maxAttempts) await wait(backoffMs(attempt));
    }
    throw new RinglineError('notifierFailed', `Backend notice ${notice.type} for ${notice.callId} was not delivered`, {
      cause: lastProblem,
      callId: notice.callId,
    });
  }

  return { notify: deliver };
}
