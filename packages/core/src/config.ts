import type { AdapterCapabilities } from './adapter.js';
import { noCapabilities } from './adapter.js';
import { RinglineError } from './errors.js';
import { boolean, func, integer, object, optional, parse } from './validate.js';

/** When to retry after a network drop, and when to give up and end the call as dropped. */
export interface ReconnectPolicy {
  giveUpAfterMs: number;
  /** Delay before retry number `attempt` (1-based). Must be pure. */
  retryDelayMs(attempt: number): number;
}

export function exponentialBackoff(options: { initialMs?: number; maxMs?: number; factor?: number; giveUpAfterMs?: number } = {}): ReconnectPolicy {
  const { initialMs = 1_000, factor = 2, giveUpAfterMs = 30_000 } = options;
  // A first step longer than the default cap raises the cap with it.
  const maxMs = options.maxMs ?? Math.max(8_000, initialMs);
  // A negative or NaN step would retry every millisecond, or never; no cap (Infinity) is fine.
  if (!(initialMs >= 1 && Number.isFinite(initialMs) && factor >= 1 && Number.isFinite(factor) && maxMs >= initialMs)) {
    throw new RinglineError('invalidConfig', `Invalid backoff: initialMs ≥ 1 and factor ≥ 1, both finite, and maxMs ≥ initialMs (got ${initialMs}, ${factor}, ${maxMs})`);
  }
  return { giveUpAfterMs, retryDelayMs: (attempt) => Math.min(maxMs, initialMs * factor ** (attempt - 1)) };
}

export interface EngineConfig {
  /** Inbound ring countdown (000: typically 30 s). Per call: `incoming.ringTimeoutMs`. */
  ringTimeoutMs: number;
  /** How long an outbound call waits for the far side to answer or join. */
  outboundRingTimeoutMs: number;
  /**
   * How long an answered call may take to get media flowing. An adapter that
   * never reports either way (a stalled ICE check) would otherwise leave the
   * UI on "Connecting…" for good; past it the call ends as failed.
   */
  connectTimeoutMs: number;
  /**
   * How long a hold or resume may wait for the adapter's answer. The
   * adapter's own timeout should come first (it knows the protocol); this one
   * is for an adapter that never answers, which would otherwise leave the
   * call on "Holding…" for good. Past it, the hold rolls back as refused.
   */
  holdTimeoutMs: number;
  /** Ended calls and missed calls kept in state, newest first. */
  historyLimit: number;
  /** DTMF entries kept per call. */
  dtmfLogLimit: number;
  reconnect: ReconnectPolicy;
  /** 001: audio calls reach the visitor's phone; starting one asks for the number first. */
  phoneForwarding: boolean;
  /** Filled by the runtime from the adapter. */
  capabilities: AdapterCapabilities;
}

export type EngineConfigInput = Partial<Omit<EngineConfig, 'capabilities'>>;

export const defaultConfig: EngineConfig = Object.freeze({
  ringTimeoutMs: 30_000,
  outboundRingTimeoutMs: 60_000,
  connectTimeoutMs: 30_000,
  holdTimeoutMs: 15_000,
  historyLimit: 50,
  dtmfLogLimit: 50,
  reconnect: exponentialBackoff(),
  phoneForwarding: false,
  capabilities: noCapabilities,
});

/** The longest countdown or timeout anywhere (config, a call's own ring timeout): more than a day is a mistake, not a call. */
export const maxDurationMs = 24 * 3_600_000;

const durationMs = integer(1, maxDurationMs);
const limit = integer(1, 100_000);

const configFields = {
  ringTimeoutMs: optional(durationMs),
  outboundRingTimeoutMs: optional(durationMs),
  connectTimeoutMs: optional(durationMs),
  holdTimeoutMs: optional(durationMs),
  historyLimit: optional(limit),
  dtmfLogLimit: optional(limit),
  reconnect: optional(object({ giveUpAfterMs: durationMs, retryDelayMs: func<(attempt: number) => number>() })),
  phoneForwarding: optional(boolean),
};
const parseConfigInput = object(configFields);

export function resolveConfig(input: EngineConfigInput | undefined, capabilities: AdapterCapabilities): EngineConfig {
  // A misspelt option (`ringTimeoutMS`) would otherwise be dropped, and the default kept without a word.
  // `capabilities` is let through: a spread of `defaultConfig` carries it, and the adapter's always win.
  const unknown = typeof input === 'object' && input !== null ? Object.keys(input).find((key) => key !== 'capabilities' && !Object.hasOwn(configFields, key)) : undefined;
  if (unknown !== undefined) throw new RinglineError('invalidConfig', `Invalid engine config (unknown option ${JSON.stringify(unknown)})`);
  const parsed = parse(parseConfigInput, input ?? {});
  if (!parsed.ok) throw new RinglineError('invalidConfig', `Invalid engine config (${parsed.problem})`);
  // The policy is checked, then kept as given: a copy of its fields would lose `this` for a class-based one.
  const reconnect = parsed.value.reconnect && input?.reconnect;
  return { ...defaultConfig, ...parsed.value, ...(reconnect ? { reconnect } : {}), capabilities };
}
