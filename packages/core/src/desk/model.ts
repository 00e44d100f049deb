// The agent desk's part of the engine state (002, 003): who the agent is and
// whether calls may reach them, what the desk knows about each call
// (conversation, queue, contact, transfer, recording), the wrap-up window,
// conversations with their timelines, and recordings. Plain JSON, like the
// rest of the state; it lives at `state.desk` when the engine has a desk.
import type { CallId, MediaKind } from '../model.js';

export type AgentId = string;
export type ConversationId = string;

/** The agent's chosen status (003 "Active status"); `busy` while a call or wrap-up runs is derived, see `agentAvailability`. */
export type Presence = 'available' | 'busy' | 'away' | 'offline';

export interface AgentState {
  id: AgentId;
  name?: string;
  /** The duty toggle (002). Off duty, offers go to others. */
  onDuty: boolean;
  presence: Presence;
  /** Queues the agent takes calls from. */
  queues: string[];
}

/** Why the desk refused an offer, for the routing side to act on (send it elsewhere, queue it). */
export type OfferRefusal = 'offDuty' | 'notAvailable' | 'notInQueue' | 'inWrapUp' | 'busy';

export interface Contact {
  id?: string;
  name?: string;
  number?: string;
}

export type LookupStatus = 'pending' | 'found' | 'notFound' | 'failed' | 'none';

export type TransferTarget =
  | { kind: 'agent'; agentId: AgentId; name?: string }
  | { kind: 'queue'; queue: string }
  /** `source: 'contact'` with the People `contactId` when picked from People (required under a contacts-only policy); `'manual'` when typed in. `from` is the caller id shown, or the system picks. */
  | { kind: 'external'; number: string; source: 'contact' | 'manual'; contactId?: string; from?: string };

/** Why a transfer did not go through: the network's reasons, or `canceled` by the agent (`cancelTransfer`). */
export type TransferFailure = 'offline' | 'busy' | 'rejected' | 'noAnswer' | 'error' | 'canceled';

/** A transfer in flight (003). The call stays the agent's until the target answers. */
export interface Transfer {
  /** `${callId}#${attempt}`: outcomes for an earlier attempt are stale. */
  id: string;
  target: TransferTarget;
  stage: 'initiated' | 'ringing';
  startedAt: number;
  /**
   * Hold as it was when the transfer began. Hold and resume are refused while
   * a transfer runs, so a failed transfer returns the call exactly like this.
   */
  holdBefore: 'off' | 'on';
  /** No answer by then: the transfer fails and the call returns. */
  deadline: number;
}

/** 003: "video and screen-sharing options are not shown during a regular phone call". */
export type CallChannel = 'phone' | 'web';

export interface DeskCall {
  callId: CallId;
  conversationId: ConversationId;
  kind: 'inbound' | 'outbound' | 'handoff' | 'callback' | 'link';
  /** `phone` for a regular phone call (no camera, no screen share); absent for a web call. */
  channel?: CallChannel;
  queue?: string;
  /** Our number the call goes out from (outbound). */
  from?: string;
  contact: Contact;
  lookup: LookupStatus;
  /** The AI's summary, for hand-offs (002). */
  summary?: string;
  /** The callback this call is an attempt of (003). */
  callbackId?: string;
  /** Hand-offs: the claim this tab made when the agent clicked Accept (002: one tab takes the call). */
  claim?: HandoffClaim;
  /** Offers: the conversation was made here for this offer (none was known); it goes if the offer ends unanswered here with nothing else in it. */
  conversationMadeHere?: true;
  /** Link calls: the link the client joins by (004). */
  linkId?: string;
  transfer?: Transfer;
  /** Transfer attempts made so far; numbers the next one. */
  transferAttempts: number;
  /** The last failed transfer, shown as a warning until the next attempt. */
  transferWarning?: { reason: TransferFailure; at: number; target: TransferTarget };
  /** Recording since media connected, stopped at the point of transfer (003). */
  recording?: { startedAt: number };
}

/** An offer waiting while the agent is busy (busy policy `queue`): it rings once the agent is free. */
export interface QueuedOffer {
  callId: CallId;
  remote: Contact & { avatarUrl?: string };
  media: MediaKind;
  queue?: string;
  conversationId?: ConversationId;
  summary?: string;
  handoff: boolean;
  /** What the AI said while the hand-off was held: it goes beside the call when the card rings (002). */
  lines?: TranscriptLine[];
  ringTimeoutMs?: number;
  channel?: CallChannel;
  queuedAt: number;
}

export type WrapUpEnd = 'closed' | 'leftOpen' | 'timedOut';

/** The wrap-up window after a call (003). The agent is busy until it ends. */
export interface WrapUp {
  callId: CallId;
  conversationId: ConversationId;
  openedAt: number;
  deadline: number;
  /** Extra time granted so far. */
  extendedMs: number;
  notes: string;
  rating?: number;
  /** Why the call ended: a transfer also opens wrap-up. */
  after: 'ended' | 'transferred';
}

export type ConversationStatus = 'open' | 'closed' | 'resolved';

export type ConversationEventKind =
  | 'callOffered' | 'offerRefused' | 'callAnswered' | 'callPlaced' | 'callMissed'
  | 'callOnHold' | 'callResumed'
  | 'transferStarted' | 'transferRinging' | 'transferred' | 'transferFailed'
  | 'recordingStopped' | 'recordingAvailable'
  | 'callEnded'
  | 'wrapUpStarted' | 'wrapUpExtended' | 'wrapUpEnded'
  | 'message'
  | 'statusChanged'
  | 'conversationStarted'
  | 'callbackRequested' | 'callbackRequestedAgain' | 'callbackAssigned' | 'callbackStarted' | 'callbackDialing' | 'callbackAnswered'
  | 'callbackNoReply' | 'callbackReleased' | 'callbackDone'
  | 'handoffClaimedElsewhere' | 'aiTranscript'
  | 'callLinkCreated' | 'callLinkFailed' | 'callLinkSent' | 'callLinkNotSent';

export interface ConversationEvent {
  at: number;
  kind: ConversationEventKind;
  callId?: CallId;
  /** Human-readable detail: the transfer target, the end reason, the message channel. */
  detail?: string;
  /** Hold length for `callResumed`, call length for `callEnded`. */
  durationMs?: number;
  /** The callback an event is about. */
  callbackId?: string;
  /** `wrapUpEnded`: the agent's notes and rating, kept to be reviewed later (003). */
  notes?: string;
  rating?: number;
}

export interface Conversation {
  id: ConversationId;
  customer: Contact;
  /** The agent it is assigned to; `null` when unassigned. */
  assignee: AgentId | null;
  queue?: string;
  status: ConversationStatus;
  form?: string;
  tags: string[];
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  /** Messages waiting for an answer: a conversation with any is not resolved automatically. */
  pending: number;
  timeline: ConversationEvent[];
}

export interface Recording {
  id: string;
  callId: CallId;
  conversationId: ConversationId;
  /** Only this agent sees it (003). */
  agentId: AgentId;
  media: MediaKind;
  durationMs: number;
  /** Where the integrator's player fetches it. */
  url: string;
  at: number;
}

/** Another agent as the transfer list shows them (003: available agents first). */
export interface DirectoryAgent {
  id: AgentId;
  name?: string;
  queues: string[];
  presence: Presence;
}

/** 003's callback statuses: in a queue, assigned, active (the call is in progress), no reply, done. */
export type CallbackStatus = 'queued' | 'assigned' | 'active' | 'noReply' | 'done';

/** Automated callbacks ring the agent and dial on answer, retrying by policy; manual ones are taken from the list (003). */
export type CallbackMode = 'automated' | 'manual';

export interface Callback {
  id: string;
  conversationId: ConversationId;
  customer: Contact & { number: string };
  mode: CallbackMode;
  queue?: string;
  status: CallbackStatus;
  assignee: AgentId | null;
  requestedAt: number;
  /** Calls that reached the point of dialling the customer. */
  attempts: number;
  /** Calls made for this callback, including rings the agent missed: numbers the next call id. */
  calls: number;
  /** Automated, no reply and attempts left: when the next attempt is due. */
  retryAt?: number;
  /** The call of the attempt in progress (`active`), kept through its wrap-up. */
  callId?: CallId;
  /** Automated: the customer must answer by then, or the attempt is a no reply. */
  answerDeadline?: number;
  /** The customer answered this attempt: the callback is done once its wrap-up ends. */
  answered?: boolean;
}

/** A claim on a hand-off: `token` is unique per tab and click, so an answer for another tab or click is stale. */
export interface HandoffClaim {
  token: string;
  at: number;
  /** Accept as audio only, when asked. */
  media?: MediaKind;
}

/** A line the caller or the AI said before the hand-off (002: the history beside the call). */
export interface TranscriptLine {
  at: number;
  speaker: 'caller' | 'ai';
  text: string;
}

export type CallLinkKind = 'oneTime' | 'expiry' | 'timeFrame';

/** A call link the agent asked for (003, 004): requested, then created by the backend, or failed. */
export interface CallLinkRecord {
  requestId: string;
  conversationId: ConversationId;
  kind: CallLinkKind;
  media: MediaKind;
  guestName?: string;
  validFrom?: number;
  validUntil?: number;
  status: 'requested' | 'created' | 'failed';
  requestedAt: number;
  /** Set once created: what the agent copies or sends. */
  url?: string;
  linkId?: string;
  expiresAt?: number;
  /** The call the agent waits in for the client (004). */
  callId?: CallId;
  error?: string;
  /** 004: the system sent the link to the client (troubleshooting: "verify that the link has been sent"). */
  sentAt?: number;
  /** Why the last send failed; cleared by one that worked. */
  sendError?: string;
  /** A send is under way (`sendCallLink`); its answer clears it. */
  sending?: true;
}

export interface DeskState {
  agent: AgentState;
  /** Callback requests this desk knows (003): the agent's own and the queue's. */
  callbacks: Callback[];
  /** AI transcripts per conversation, for hand-offs (002). */
  transcripts: { conversationId: ConversationId; lines: TranscriptLine[] }[];
  callLinks: CallLinkRecord[];
  calls: DeskCall[];
  queuedOffers: QueuedOffer[];
  wrapUp?: WrapUp;
  conversations: Conversation[];
  recordings: Recording[];
  directory: DirectoryAgent[];
}
