// How a contact center is set up for one agent: queues (with their hold audio
// and whether they assign automatically), the numbers calls go out from, the
// wrap-up window, transfer policy and what to do with offers while busy.
import { RinglineError } from '../errors.js';
import { randomId } from '../randomId.js';
import { isE164 } from '../reducer/lifecycle.js';
import { boolean, fail, func, integer, list, object, oneOf, optional, parse, string, type Parser } from '../validate.js';
import type { Contact } from './model.js';
import type { HoldAudio } from './events.js';

export interface QueueConfig {
  name: string;
  /** Only queues with automatic agent assignment can take transfers (003). */
  autoAssign: boolean;
  /** Music or announcement the held party hears (003: per queue). */
  holdAudio?: HoldAudio;
}

export interface DeskConfig {
  agent: { id: string; name?: string; queues: string[] };
  /** Numbers configured for calls: the From list (003). */
  fromNumbers: string[];
  queues: Record<string, QueueConfig>;
  /** One call at a time (003): an offer while busy is refused, or held until the agent is free. */
  busyPolicy: 'refuse' | 'queue';
  wrapUp: {
    /** System default 30 s (003); `agentDurationMs` overrides it for this agent. */
    durationMs: number;
    agentDurationMs?: number;
    allowTenSeconds: boolean;
    allowMoreTime: boolean;
    moreTimeMs: number;
    /** Call rating is offered in some regions only (003). */
    rating: boolean;
  };
  transfer: {
    /** External numbers: not at all, only from People, or typed in too (003). */
    external: 'disabled' | 'contactsOnly' | 'manualAllowed';
    /** A target that has not answered by then fails the transfer. */
    noAnswerMs: number;
  };
  /** People lookup by number (003). Slow or failing, it never delays the ring. */
  lookupContact?: (number: string) => Promise<Contact | undefined>;
  /** Closed and resolved conversations kept in state (for ring back), the ones finished last; older ones are the backend's. Open ones are always kept. */
  closedConversationsKept: number;
  /** Recordings kept in state, newest last. */
  recordingsKept: number;
  /** 003's callback retry policy, and how long each side may take to answer. */
  callbacks: CallbackPolicy;
  /** Hand-offs (002): this tab's id, unique among the agent's open tabs, so a claim names the tab that made it. */
  tabId: string;
  callLinks: {
    /** How links are configured (003): one-time and expiry links are generated at once; time-frame links ask for the window. */
    kind: 'oneTime' | 'expiry' | 'timeFrame';
    /** How long the agent's call screen waits for the client to join (004). */
    waitMs: number;
    /** The integrator's server call that signs the link (with `@ringline/core/links`): the secret never reaches the browser. */
    issue?: (request: CallLinkIssueRequest) => Promise<{ url: string; linkId: string; expiresAt?: number }>;
  };
}

export interface CallbackPolicy {
  /** Calls to the customer at most, the first included. */
  maxAttempts: number;
  /** Delay before the second, third... attempt; the last one repeats. */
  retryDelaysMs: number[];
  /** How long an automated callback rings on the agent's side. */
  agentRingMs: number;
  /** How long the customer has to answer once dialled. */
  customerNoAnswerMs: number;
}

/** What the desk asks the integrator's server to sign. */
export interface CallLinkIssueRequest {
  requestId: string;
  kind: 'oneTime' | 'expiry' | 'timeFrame';
  agentId: string;
  media: 'audio' | 'video';
  target: { conversationId: string } | { guestName: string };
  validFrom?: number;
  validUntil?: number;
}

export type DeskConfigInput = {
  agent: { id: string; name?: string; queues?: string[] };
  fromNumbers?: string[];
  queues?: Record<string, { name?: string; autoAssign?: boolean; holdAudio?: HoldAudio }>;
  busyPolicy?: DeskConfig['busyPolicy'];
  wrapUp?: Partial<DeskConfig['wrapUp']>;
  transfer?: Partial<DeskConfig['transfer']>;
  lookupContact?: DeskConfig['lookupContact'];
  closedConversationsKept?: number;
  recordingsKept?: number;
  callbacks?: Partial<CallbackPolicy>;
  tabId?: string;
  callLinks?: Partial<DeskConfig['callLinks']>;
};

const e164: Parser<string> = (value) => {
  const text = string(2, 16)(value);
  return isE164(text) ? text : fail('expected an E.164 number such as +14155550100');
};

const name = string(1, 256);
const ms = integer(1, 24 * 3_600_000);
const holdAudio = object({ kind: oneOf(['music', 'announcement']), url: string(1, 2_048) });

const parseDeskInput = object({
  agent: object({ id: name, name: optional(name), queues: optional(list(name)) }),
  fromNumbers: optional(list(e164)),
  queues: optional((value: unknown) => {
    if (typeof value !== 'object' || value === null) return fail('expected queues by id');
    const queue = object({ name: optional(name), autoAssign: optional(boolean), holdAudio: optional(holdAudio) });
    return Object.fromEntries(Object.entries(value).map(([id, entry]) => [name(id), queue(entry)]));
  }),
  busyPolicy: optional(oneOf(['refuse', 'queue'])),
  wrapUp: optional(object({
    durationMs: optional(ms),
    agentDurationMs: optional(ms),
    allowTenSeconds: optional(boolean),
    allowMoreTime: optional(boolean),
    moreTimeMs: optional(ms),
    rating: optional(boolean),
  })),
  transfer: optional(object({ external: optional(oneOf(['disabled', 'contactsOnly', 'manualAllowed'])), noAnswerMs: optional(ms) })),
  lookupContact: optional(func<NonNullable<DeskConfig['lookupContact']>>()),
  closedConversationsKept: optional(integer(0, 10_000)),
  recordingsKept: optional(integer(0, 10_000)),
  callbacks: optional(object({
    maxAttempts: optional(integer(1, 20)),
    retryDelaysMs: optional((value: unknown) => {
      const delays = list(ms, 20)(value);
      return delays.length > 0 ? delays : fail('expected at least one retry delay');
    }),
    agentRingMs: optional(ms),
    customerNoAnswerMs: optional(ms),
  })),
  tabId: optional(name),
  callLinks: optional(object({
    kind: optional(oneOf(['oneTime', 'expiry', 'timeFrame'])),
    waitMs: optional(ms),
    issue: optional(func<NonNullable<DeskConfig['callLinks']['issue']>>()),
  })),
});

export function resolveDeskConfig(input: DeskConfigInput): DeskConfig {
  const parsed = parse(parseDeskInput, input);
  if (!parsed.ok) throw new RinglineError('invalidConfig', `Invalid desk config (${parsed.problem})`);
  const given = parsed.value;
  const queues: Record<string, QueueConfig> = Object.create(null);
  for (const [id, queue] of Object.entries(given.queues ?? {})) {
    queues[id] = { name: queue.name ?? id, autoAssign: queue.autoAssign ?? false, ...(queue.holdAudio ? { holdAudio: queue.holdAudio } : {}) };
  }
  const config: DeskConfig = {
    agent: { id: given.agent.id, ...(given.agent.name ? { name: given.agent.name } : {}), queues: given.agent.queues ?? [] },
    fromNumbers: given.fromNumbers ?? [],
    queues,
    busyPolicy: given.busyPolicy ?? 'refuse',
    wrapUp: {
      durationMs: 30_000,
      allowTenSeconds: false,
      allowMoreTime: false,
      moreTimeMs: 60_000,
      rating: true,
      ...given.wrapUp,
    },
    transfer: { external: 'contactsOnly', noAnswerMs: 30_000, ...given.transfer },
    closedConversationsKept: given.closedConversationsKept ?? 50,
    recordingsKept: given.recordingsKept ?? 100,
    callbacks: { maxAttempts: 3, retryDelaysMs: [120_000, 600_000], agentRingMs: 30_000, customerNoAnswerMs: 30_000, ...given.callbacks },
    tabId: given.tabId ?? defaultTabId(),
    callLinks: { kind: 'oneTime', waitMs: 10 * 60_000, ...given.callLinks },
  };
  if (given.lookupContact) config.lookupContact = given.lookupContact;
  return config;
}

/** A random tab id where Web Crypto has one; two tabs of one agent must not share it. */
const defaultTabId = (): string => randomId('tab-');

/** The wrap-up length for this agent: their own setting, else the system's. */
export function wrapUpMs(config: DeskConfig): number {
  return config.wrapUp.agentDurationMs ?? config.wrapUp.durationMs;
}
