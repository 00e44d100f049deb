import * as z from 'zod/mini';
import type { AdapterCapabilities } from './adapter.js';
import { noCapabilities } from './adapter.js';
import { RinglineError } from './errors.js';

/** When to retry after a network drop, and when to give up and end the call as dropped. */
export interface ReconnectPolicy {
  giveUpAfterMs: number;
  /** Delay before retry number `attempt` (1-based). Must be pure. */
  retryDelayMs(attempt: number): number;
}

export function exponentialBackoff(options: { initialMs?: number; maxMs?: number; factor?: number; giveUpAfterMs?: number } = {}): ReconnectPolicy {
  const { initialMs = 1_000, maxMs = 8_000, factor = 2, giveUpAfterMs = 30_000 } = options;
  return { giveUpAfterMs, retryDelayMs: (attempt) => Math.min(maxMs, initialMs * factor ** (attempt - 1)) };
}

export interface EngineConfig {
  /** Inbound ring countdown (000: typically 30 s). Per call: `incoming.ringTimeoutMs`. */
  ringTimeoutMs: number;
  /** How long an outbound call waits for the far side to answer or join. */
  outboundRingTimeoutMs: number;
  /** Ended calls and missed calls kept in state, newest first. */
  historyLimit: number;
  /** DTMF entries kept per call. */
  dtmfLogLimit: number;
  reconnect: ReconnectPolicy;
  /** Filled by the runtime from the adapter. */
  capabilities: AdapterCapabilities;
}

export type EngineConfigInput = Partial<Omit<EngineConfig, 'capabilities'>>;

export const defaultConfig: EngineConfig = Object.freeze({
  ringTimeoutMs: 30_000,
  outboundRingTimeoutMs: 60_000,
  historyLimit: 50,
  dtmfLogLimit: 50,
  reconnect: exponentialBackoff(),
  capabilities: noCapabilities,
});

const durationMs = z.number().check(z.int(), z.gte(1), z.lte(24 * 3_600_000));
const limit = z.number().check(z.int(), z.gte(1), z.lte(100_000));

export const engineConfigSchema = z.object({
  ringTimeoutMs: z.optional(durationMs),
  outboundRingTimeoutMs: z.optional(durationMs),
  historyLimit: z.optional(limit),
  dtmfLogLimit: z.optional(limit),
  reconnect: z.optional(z.object({
    giveUpAfterMs: durationMs,
    retryDelayMs: z.custom<(attempt: number) => number>((value) => typeof value === 'function'),
  })),
});

export function resolveConfig(input: EngineConfigInput | undefined, capabilities: AdapterCapabilities): EngineConfig {
  const parsed = engineConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
    throw new RinglineError('invalidConfig', `Invalid engine config (${where})`, { cause: parsed.error });
  }
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return { ...defaultConfig, ...(given as Partial<EngineConfig>), capabilities };
}
