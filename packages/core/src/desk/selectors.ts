// What an agent desktop shows, derived from state (and the clock for
// countdowns): availability, the incoming pop-up or hand-off card, transfer
// options with the reason an option is unavailable, wrap-up, timelines.
import type { EngineConfig } from '../config.js';
import type { CallId, EngineState } from '../model.js';
import { type CallControls, callControls, getCall, remainingRingMs } from '../selectors.js';
import { type ErrorCode, RinglineError } from '../errors.js';
import { heldElsewhere } from './callbacks.js';
import type { DeskConfig } from './config.js';
import type {
  Callback, Contact, Conversation, ConversationId, DeskCall, DirectoryAgent, LookupStatus, Recording, TranscriptLine, Transfer, TransferFailure, TransferTarget,
} from './model.js';
import { existingConversationRule, type ConversationDecision } from './outbound.js';
import { transferProblem } from './transfer.js';

/** `ringing`: an offer rings and nothing is live yet; the agent is not free, but not on a call either. */
export type Availability = 'offDuty' | 'offline' | 'away' | 'busy' | 'onCall' | 'ringing' | 'wrapUp' | 'available';

/**
 * Whether calls can reach the agent now, and if not, why (003: unavailable
 * during wrap-up). A call or wrap-up in progress wins over the duty toggle:
 * turning duty off does not end them. With `now`, a wrap-up whose countdown
 * has run out no longer counts, though its timer may not have run yet.
 */
export function agentAvailability(state: EngineState, now?: number): Availability {
  const desk = state.desk;
  if (state.calls.some((call) => call.phase !== 'ringing')) return 'onCall';
  if (state.calls.length > 0) return 'ringing';
  if (desk?.wrapUp && (now === undefined || now < desk.wrapUp.deadline)) return 'wrapUp';
  if (!desk || !desk.agent.onDuty) return 'offDuty';
  return desk.agent.presence === 'available' ? 'available' : desk.agent.presence;
}

export interface OfferCard {
  callId: CallId;
  kind: DeskCall['kind'];
  /** Known once the People lookup finds the number (003); the number alone otherwise. */
  name?: string;
  number?: string;
  queue?: string;
  queueName?: string;
  /** The AI's summary on a hand-off card (002). */
  summary?: string;
  lookup: LookupStatus;
  media: 'audio' | 'video';
  remainingMs: number;
  /** A hand-off whose Accept waits for the backend's word that this tab has it (002). */
  claiming?: true;
  /** The callback a ringing automated callback is for (003). */
  callbackId?: string;
}

/** The incoming pop-up (003) or hand-off card (002) for each ringing offer. */
export function offerCards(state: EngineState, config: DeskConfig, now: number): OfferCard[] {
  const desk = state.desk;
  if (!desk) return [];
  const cards: OfferCard[] = [];
  for (const call of state.calls) {
    const deskCall = desk.calls.find((known) => known.callId === call.id);
    if (call.phase !== 'ringing' || !deskCall) continue;
    const card: OfferCard = { callId: call.id, kind: deskCall.kind, lookup: deskCall.lookup, media: call.media, remainingMs: remainingRingMs(call, now) };
    if (deskCall.contact.name !== undefined) card.name = deskCall.contact.name;
    if (deskCall.contact.number !== undefined) card.number = deskCall.contact.number;
    if (deskCall.queue !== undefined) {
      card.queue = deskCall.queue;
      card.queueName = config.queues[deskCall.queue]?.name ?? deskCall.queue;
    }
    if (deskCall.summary !== undefined) card.summary = deskCall.summary;
    if (deskCall.claim) card.claiming = true;
    if (deskCall.callbackId !== undefined) card.callbackId = deskCall.callbackId;
    cards.push(card);
  }
  return cards;
}

export function deskCall(state: EngineState, callId: CallId | undefined): DeskCall | undefined {
  return state.desk?.calls.find((call) => call.callId === callId);
}

export interface TransferOption<T> {
  target: T;
  available: boolean;
  /** Why not, when unavailable. */
  reason?: string;
}

export interface TransferOptions {
  /** The call's queue, named as the agents tab is ("Agents in Customer support"); none for a call without one. */
  queue?: { queue: string; name: string };
  /** Agents in the call's queue, available ones first (003). */
  agents: TransferOption<DirectoryAgent>[];
  /** Queues in the order of their availability (003): the ones that can take it first, the most free agents first. */
  queues: TransferOption<{ queue: string; name: string; freeAgents: number }>[];
  external: { available: boolean; manualEntry: boolean; reason?: string };
}

const presenceOrder = { available: 0, busy: 1, away: 2, offline: 3 } as const;

/** The Transfer dialog (003): each target, whether it can be picked, and why not. */
export function transferOptions(state: EngineState, config: DeskConfig, engineConfig: EngineConfig, callId: CallId): TransferOptions {
  const desk = state.desk;
  const call = desk?.calls.find((known) => known.callId === callId);
  const kinds = engineConfig.capabilities.transferTargets;
  const agents = (desk?.directory ?? [])
    // As the transfer reducer decides: the call's queue, or for a call with none, a queue the agent shares with me.
    .filter((agent) => agent.id !== desk?.agent.id && (call?.queue === undefined ? agent.queues.some((queue) => desk?.agent.queues.includes(queue)) : agent.queues.includes(call.queue)))
    .sort((a, b) => presenceOrder[a.presence] - presenceOrder[b.presence])
    .map((agent): TransferOption<DirectoryAgent> =>
      !kinds.includes('agent') ? { target: agent, available: false, reason: 'This connection cannot transfer to agents' }
      : agent.presence === 'offline' ? { target: agent, available: false, reason: `${agent.name ?? agent.id} is offline` }
      : { target: agent, available: true });
  const free = (queue: string) => (desk?.directory ?? []).filter((agent) => agent.presence === 'available' && agent.id !== desk?.agent.id && agent.queues.includes(queue)).length;
  const queues = Object.entries(config.queues).map(([queue, settings]): TransferOption<{ queue: string; name: string; freeAgents: number }> => {
    const target = { queue, name: settings.name, freeAgents: free(queue) };
    if (!kinds.includes('queue')) return { target, available: false, reason: 'This connection cannot transfer to queues' };
    return settings.autoAssign ? { target, available: true } : { target, available: false, reason: `${settings.name} has no automatic agent assignment` };
  }).sort((a, b) => Number(b.available) - Number(a.available) || b.target.freeAgents - a.target.freeAgents);
  const policy = config.transfer.external;
  const external = !kinds.includes('external') ? { available: false, manualEntry: false, reason: 'This connection cannot transfer to phone numbers' }
    : policy === 'disabled' ? { available: false, manualEntry: false, reason: 'Transfers to external numbers are not enabled' }
    : { available: true, manualEntry: policy === 'manualAllowed' };
  const own = call?.queue === undefined ? undefined : config.queues[call.queue];
  return { ...(own && call?.queue !== undefined ? { queue: { queue: call.queue, name: own.name } } : {}), agents, queues, external };
}

export type TransferTargetCheck = { allowed: true } | { allowed: false; code: ErrorCode; message: string; remedy: string };

/**
 * Whether the Transfer button for this target can be pressed now, with the
 * reason and remedy when not (003: a number not in People under a
 * contacts-only policy disables the button with a message), decided by the
 * same rules the transfer itself is: what it says here, `transfer` does.
 */
export function transferTargetCheck(state: EngineState, config: DeskConfig, engineConfig: EngineConfig, callId: CallId, target: TransferTarget): TransferTargetCheck {
  const problem = transferProblem(state, callId, target, config, engineConfig)?.rejected;
  if (!problem) return { allowed: true };
  const error = RinglineError.from(problem);
  return { allowed: false, code: error.code, message: error.message, remedy: error.remedy };
}

export interface TransferStatus {
  inFlight?: Pick<Transfer, 'id' | 'target' | 'stage' | 'startedAt'>;
  /** The last failure: the call came back to the agent (003 shows a warning). */
  warning?: { reason: TransferFailure; at: number; target: TransferTarget };
}

export function transferStatus(state: EngineState, callId: CallId): TransferStatus {
  const call = deskCall(state, callId);
  const status: TransferStatus = {};
  if (call?.transfer) status.inFlight = { id: call.transfer.id, target: call.transfer.target, stage: call.transfer.stage, startedAt: call.transfer.startedAt };
  if (call?.transferWarning) status.warning = call.transferWarning;
  return status;
}

export interface WrapUpView {
  callId: CallId;
  conversationId: ConversationId;
  remainingMs: number;
  notes: string;
  rating?: number;
  canAddTenSeconds: boolean;
  canAddMoreTime: boolean;
  canRate: boolean;
}

/**
 * The wrap-up window, until its deadline: at 0 it is over, as the countdown
 * showed and as `agentAvailability` says, even while its timer has not run
 * yet (a throttled tab); its buttons would be refused as `wrapUpExpired`.
 */
export function wrapUpView(state: EngineState, config: DeskConfig, now: number): WrapUpView | undefined {
  const wrapUp = state.desk?.wrapUp;
  if (!wrapUp || now >= wrapUp.deadline) return undefined;
  const view: WrapUpView = {
    callId: wrapUp.callId,
    conversationId: wrapUp.conversationId,
    remainingMs: Math.max(0, wrapUp.deadline - now),
    notes: wrapUp.notes,
    canAddTenSeconds: config.wrapUp.allowTenSeconds,
    canAddMoreTime: config.wrapUp.allowMoreTime,
    canRate: config.wrapUp.rating,
  };
  if (wrapUp.rating !== undefined) view.rating = wrapUp.rating;
  return view;
}

export function conversation(state: EngineState, id: ConversationId | undefined): Conversation | undefined {
  return state.desk?.conversations.find((known) => known.id === id);
}

/**
 * Total hold time logged on a conversation's timeline (003: admins report hold
 * duration). A hold usually ends with `callResumed`, which carries its length;
 * a call hung up, dropped or transferred while on hold logs no resume, so that
 * hold runs from its `callOnHold` to the `callEnded` (as the call history counts it).
 */
export function loggedHoldMs(conversation: Conversation): number {
  let total = 0;
  const heldSince = new Map<string | undefined, number>();
  for (const event of conversation.timeline) {
    if (event.kind === 'callOnHold') heldSince.set(event.callId, event.at);
    else if (event.kind === 'callResumed') {
      total += event.durationMs ?? 0;
      heldSince.delete(event.callId);
    } else if (event.kind === 'callEnded') {
      const since = heldSince.get(event.callId);
      if (since !== undefined) total += Math.max(0, event.at - since);
      heldSince.delete(event.callId);
    }
  }
  return total;
}

/** Recordings the agent may see: only of calls they handled (003). */
export function myRecordings(state: EngineState): Recording[] {
  const desk = state.desk;
  return desk ? desk.recordings.filter((recording) => recording.agentId === desk.agent.id) : [];
}

/** What "Start conversation" would do for this number or People contact (003), before the agent commits. */
export function outboundDecision(state: EngineState, customer: Contact | string): ConversationDecision {
  const desk = state.desk;
  return desk ? existingConversationRule(desk.conversations, desk.agent.id, customer) : { kind: 'create' };
}


/** The agent's call controls (003: they appear only when relevant): the call's own, plus Transfer; hold is fixed while a transfer runs. */
export function agentCallControls(state: EngineState, engineConfig: EngineConfig, callId: CallId): CallControls | undefined {
  const call = getCall(state, callId);
  if (!call) return undefined;
  const controls = callControls(call, engineConfig.capabilities);
  const desked = deskCall(state, callId);
  const transferring = desked?.transfer !== undefined;
  // 002: one tab takes a hand-off; while this tab's claim is being confirmed, Accept is in progress.
  const claiming = desked?.claim !== undefined && call.phase === 'ringing';
  const { accept, hold } = controls;
  // 003: a regular phone call shows no video or screen-sharing options.
  const phone = desked?.channel === 'phone';
  const hidden = { visible: false, enabled: false, active: false };
  return {
    ...controls,
    ...(phone ? { camera: hidden, screenShare: hidden } : {}),
    accept: claiming ? { visible: accept.visible, enabled: false, active: true } : accept,
    hold: { ...hold, enabled: hold.enabled && !transferring },
    transfer: {
      visible: call.phase !== 'ringing' && engineConfig.capabilities.transferTargets.length > 0,
      enabled: call.phase === 'connected' && (call.hold.status === 'off' || call.hold.status === 'on') && !transferring && engineConfig.capabilities.transferTargets.length > 0,
      active: transferring,
    },
  };
}

/** What the agent may do with a recording (003): play and download their own; never delete. */
export function recordingActions(state: EngineState, recording: Recording): { play: boolean; download: boolean; delete: false } {
  const mine = state.desk?.agent.id === recording.agentId;
  return { play: mine, download: mine, delete: false };
}

export interface CallbackListEntry {
  callback: Callback;
  /** 003 "Assign to me": a queued request of one of the agent's queues. */
  canAssignToMe: boolean;
  /** A manual callback of this agent's that can be called now. */
  canStart: boolean;
  /** The agent who has the customer's open conversation, when not this one: neither assign nor call (003). */
  conversationWith?: string;
  attemptsLeft: number;
  /** Until the next automated attempt; 0 when it is due (it rings once the agent is free). */
  nextAttemptInMs?: number;
}

/** 003's callback view: every request (`all`) or the agent's own (`mine`), oldest first. */
export function callbackList(state: EngineState, config: DeskConfig, now: number, view: 'all' | 'mine' = 'all'): CallbackListEntry[] {
  const desk = state.desk;
  if (!desk) return [];
  const me = desk.agent;
  // A wrap-up whose countdown ran out is over, its late timer or not (a throttled tab).
  const free = state.calls.length === 0 && (!desk.wrapUp || now >= desk.wrapUp.deadline) && me.onDuty;
  const entries: CallbackListEntry[] = [];
  for (const callback of desk.callbacks) {
    if (view === 'mine' && callback.assignee !== me.id) continue;
    const attemptsLeft = Math.max(0, config.callbacks.maxAttempts - callback.attempts);
    const elsewhere = heldElsewhere(desk, callback);
    const entry: CallbackListEntry = {
      callback,
      canAssignToMe: !elsewhere && callback.status === 'queued' && (callback.queue === undefined || me.queues.includes(callback.queue)),
      canStart: free && !elsewhere && callback.mode === 'manual' && callback.assignee === me.id && attemptsLeft > 0
        && (callback.status === 'assigned' || callback.status === 'noReply') && config.fromNumbers.length > 0,
      attemptsLeft,
    };
    if (elsewhere) entry.conversationWith = elsewhere.assignee!;
    // A retry time left on a row with no attempt left (saved under a larger maxAttempts) is no attempt due.
    if (callback.retryAt !== undefined && attemptsLeft > 0) entry.nextAttemptInMs = Math.max(0, callback.retryAt - now);
    entries.push(entry);
  }
  return entries;
}

/** What the caller and the AI said before the hand-off, beside the call and after it (002). */
export function handoffHistory(state: EngineState, conversationId: ConversationId | undefined): TranscriptLine[] {
  return state.desk?.transcripts.find((transcript) => transcript.conversationId === conversationId)?.lines ?? [];
}
