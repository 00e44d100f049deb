// What the agent desk consumes and produces, beside the call inputs of
// events.ts. Commands come from the agent desktop; `offer` and the transfer
// and recording events come from the adapter or the routing backend.
import type { CallId, ErrorInfo, MediaKind } from '../model.js';
import type { CallLinkIssueRequest } from './config.js';
import type {
  AgentId, CallChannel, Callback, CallbackMode, CallbackStatus, Contact, Conversation, ConversationId, ConversationStatus, DirectoryAgent, OfferRefusal, Presence,
  TranscriptLine, TransferFailure, TransferTarget, WrapUpEnd,
} from './model.js';

export type DeskCommand =
  | { type: 'setDuty'; onDuty: boolean }
  | { type: 'setPresence'; presence: Presence }
  | { type: 'setQueues'; queues: string[] }
  // `channel: 'phone'` when the call goes out over the phone network: no camera or screen share on it (003).
  | { type: 'startOutbound'; callId?: CallId; from: string; to: Contact; queue: string; media?: MediaKind; form?: string; tags?: string[]; priority?: Conversation['priority']; status?: ConversationStatus; channel?: CallChannel }
  | { type: 'followUpCall'; callId?: CallId; conversationId: ConversationId; from: string; media?: MediaKind; channel?: CallChannel }
  | { type: 'ringBack'; callId?: CallId; historyCallId: CallId; from: string; channel?: CallChannel }
  | { type: 'transfer'; callId: CallId; target: TransferTarget }
  /** The agent takes back a transfer in flight: the call stays theirs, with hold as it was. */
  | { type: 'cancelTransfer'; callId: CallId }
  | { type: 'extendWrapUp'; by: 'tenSeconds' | 'moreTime' }
  | { type: 'setWrapUpNotes'; notes: string }
  | { type: 'rateCall'; rating: number }
  | { type: 'closeWrapUp'; conversation: 'close' | 'leaveOpen' }
  | { type: 'deleteRecording'; recordingId: string }
  /** The agent answered the conversation's waiting messages: nothing is pending, so it may resolve on its own. */
  | { type: 'messagesHandled'; conversationId: ConversationId }
  /** 003: the refresh button beside the transfer dialog's agent list. */
  | { type: 'refreshDirectory' }
  /** 002: "You can mark it resolved manually from the conversation page." */
  | { type: 'resolveConversation'; conversationId: ConversationId }
  /** 003 "Assign to me" in the callback list. */
  | { type: 'assignCallback'; callbackId: string }
  /** A manual callback: the agent calls the customer. */
  | { type: 'startCallback'; callbackId: string; from: string; callId?: CallId }
  /** 004 "Start conversation": the agent takes ownership of the conversation (open intervention). */
  | { type: 'startConversation'; conversationId: ConversationId }
  /** 003 "Generate call link", for a guest (display name) or a conversation; a time-frame link takes the window the agent entered. */
  /** `kind` is the agent's pick for this link (003); without it, the desk's configured kind. */
  | { type: 'createCallLink'; requestId?: string; target: { conversationId: ConversationId } | { guestName: string }; kind?: 'oneTime' | 'expiry' | 'timeFrame'; media?: MediaKind; validFrom?: number; validUntil?: number }
  /** 004 "sends a message to the client with a link" (003: send it now, or copy it): a link the client can still use. */
  | { type: 'sendCallLink'; requestId: string }
  /** 004: after sending the link, the agent's call screen waits for the client to join. */
  | { type: 'waitForLinkCall'; requestId: string; callId?: CallId };

/** From the routing backend or the adapter. */
export type DeskEvent =
  | {
    type: 'offer'; callId: CallId; remote: Contact & { avatarUrl?: string }; media: MediaKind; queue?: string;
    conversationId?: ConversationId; summary?: string; handoff?: boolean; ringTimeoutMs?: number;
    /** `phone` when the caller is on the phone network (a SIP trunk): no camera or screen share on this call. */
    channel?: CallChannel;
  }
  | { type: 'contactResolved'; callId: CallId; contact?: Contact }
  | { type: 'contactLookupFailed'; callId: CallId; error: ErrorInfo }
  | { type: 'transferRinging'; callId: CallId; transferId: string }
  | { type: 'transferCompleted'; callId: CallId; transferId: string }
  /** The network's word; `canceled` is the agent's own (`cancelTransfer`), never the network's. */
  | { type: 'transferFailed'; callId: CallId; transferId: string; reason: Exclude<TransferFailure, 'canceled'> }
  | { type: 'recordingAvailable'; callId: CallId; recordingId: string; media: MediaKind; durationMs: number; url: string }
  | { type: 'messageReceived'; customer: Contact; channel: string; messageId: string }
  | { type: 'conversationsLoaded'; conversations: Conversation[] }
  | { type: 'directoryUpdated'; agents: DirectoryAgent[] }
  | { type: 'callbackRequested'; callbackId: string; customer: Contact; mode: CallbackMode; queue?: string; conversationId?: ConversationId }
  /** The routing side assigned a callback (to this agent or another one). */
  | { type: 'callbackAssigned'; callbackId: string; agentId: AgentId }
  /** The callback list as the backend has it (003 All Work → Callback view), e.g. after a reload. */
  | { type: 'callbacksLoaded'; callbacks: LoadedCallback[] }
  /** Outcome of this tab's hand-off claim (002: two tabs compete; the backend lets the first claim win). */
  | { type: 'handoffClaimed'; callId: CallId; token: string }
  | { type: 'handoffClaimFailed'; callId: CallId; token: string; reason: 'claimedElsewhere' | 'error' }
  /** The AI's side of the call as it goes on: the summary and transcript lines (002). */
  | { type: 'handoffUpdated'; callId: CallId; summary?: string; lines?: TranscriptLine[] }
  | { type: 'callLinkCreated'; requestId: string; url: string; linkId: string; expiresAt?: number }
  | { type: 'callLinkFailed'; requestId: string; error: ErrorInfo }
  | { type: 'callLinkSent'; requestId: string }
  | { type: 'callLinkNotSent'; requestId: string; error: ErrorInfo };

export type DeskInput = DeskCommand | DeskEvent;

/** A callback as the backend lists it: a call in progress is only ever this desk's own, so none of its fields come in. */
export type LoadedCallback = Omit<Callback, 'calls' | 'callId' | 'answerDeadline' | 'answered'> & { calls?: number };

/** What the hold music or announcement is, per queue (003); the adapter plays it to the held party. */
export interface HoldAudio {
  kind: 'music' | 'announcement';
  url: string;
}

/** What the integrator's backend wants to hear from the desk. */
export type DeskNotice =
  | { type: 'offerRefused'; callId: CallId; reason: OfferRefusal; at: number }
  | { type: 'transferCompleted'; callId: CallId; target: TransferTarget; at: number }
  /** The call came back to the agent (003): the backend's record of the attempt. */
  | { type: 'transferFailed'; callId: CallId; target: TransferTarget; reason: TransferFailure; at: number }
  | { type: 'wrapUpEnded'; callId: CallId; conversationId: ConversationId; how: WrapUpEnd; notes: string; rating?: number; at: number }
  | { type: 'conversationStatus'; conversationId: ConversationId; status: ConversationStatus; at: number }
  | { type: 'callbackStatus'; callbackId: string; status: CallbackStatus; assignee: AgentId | null; attempts: number; at: number };

/** Desk effects; the desk's runtime (desk/runtime.ts) carries them out and the engine also emits them as outputs. */
export type DeskEffect =
  | { type: 'desk'; action: 'lookupContact'; callId: CallId; number: string }
  | { type: 'desk'; action: 'refuseOffer'; callId: CallId; reason: OfferRefusal }
  | { type: 'desk'; action: 'holdAudio'; callId: CallId; audio: HoldAudio | null }
  | { type: 'desk'; action: 'transfer'; callId: CallId; transferId: string; target: TransferTarget }
  | { type: 'desk'; action: 'cancelTransfer'; callId: CallId; transferId: string }
  | { type: 'desk'; action: 'stopRecording'; callId: CallId }
  | { type: 'desk'; action: 'notify'; notice: DeskNotice }
  /** An automated callback attempt rings the agent (003); the platform may need to set up the agent's leg. */
  | { type: 'desk'; action: 'ringCallback'; callId: CallId; callbackId: string; number: string }
  /** The agent answered an automated callback: the customer's number is dialled into the call (003). */
  | { type: 'desk'; action: 'dialCallback'; callId: CallId; callbackId: string; number: string }
  /** Ask the backend for this hand-off; the first tab to ask wins (002). */
  | { type: 'desk'; action: 'claimHandoff'; callId: CallId; token: string }
  /** A claim won too late (the ring ran out, the caller left): the backend may offer the call again. */
  | { type: 'desk'; action: 'releaseHandoff'; callId: CallId; token: string }
  | { type: 'desk'; action: 'loadDirectory' }
  | { type: 'desk'; action: 'sendCallLink'; requestId: string; url: string; conversationId: ConversationId; guestName?: string }
  | { type: 'desk'; action: 'issueCallLink'; request: CallLinkIssueRequest };

export type DeskTimer = 'wrapUp' | 'transfer' | 'callbackRetry' | 'callbackNoAnswer';

export type { AgentId };
