// What the agent desk consumes and produces, beside the call inputs of
// events.ts. Commands come from the agent desktop; `offer` and the transfer
// and recording events come from the adapter or the routing backend.
import type { CallId, ErrorInfo, MediaKind } from '../model.js';
import type {
  AgentId, Contact, Conversation, ConversationId, ConversationStatus, DirectoryAgent, OfferRefusal, Presence, TransferFailure,
  TransferTarget, WrapUpEnd,
} from './model.js';

export type DeskCommand =
  | { type: 'setDuty'; onDuty: boolean }
  | { type: 'setPresence'; presence: Presence }
  | { type: 'setQueues'; queues: string[] }
  | { type: 'startOutbound'; callId?: CallId; from: string; to: Contact; queue: string; media?: MediaKind; form?: string; tags?: string[]; priority?: Conversation['priority']; status?: ConversationStatus }
  | { type: 'followUpCall'; callId?: CallId; conversationId: ConversationId; from: string; media?: MediaKind }
  | { type: 'ringBack'; callId?: CallId; historyCallId: CallId; from: string }
  | { type: 'transfer'; callId: CallId; target: TransferTarget }
  | { type: 'extendWrapUp'; by: 'tenSeconds' | 'moreTime' }
  | { type: 'setWrapUpNotes'; notes: string }
  | { type: 'rateCall'; rating: number }
  | { type: 'closeWrapUp'; conversation: 'close' | 'leaveOpen' }
  | { type: 'deleteRecording'; recordingId: string }
  /** The agent answered the conversation's waiting messages: nothing is pending, so it may resolve on its own. */
  | { type: 'messagesHandled'; conversationId: ConversationId };

/** From the routing backend or the adapter. */
export type DeskEvent =
  | {
    type: 'offer'; callId: CallId; remote: Contact & { avatarUrl?: string }; media: MediaKind; queue?: string;
    conversationId?: ConversationId; summary?: string; handoff?: boolean; ringTimeoutMs?: number;
  }
  | { type: 'contactResolved'; callId: CallId; contact?: Contact }
  | { type: 'contactLookupFailed'; callId: CallId; error: ErrorInfo }
  | { type: 'transferRinging'; callId: CallId; transferId: string }
  | { type: 'transferCompleted'; callId: CallId; transferId: string }
  | { type: 'transferFailed'; callId: CallId; transferId: string; reason: TransferFailure }
  | { type: 'recordingAvailable'; callId: CallId; recordingId: string; media: MediaKind; durationMs: number; url: string }
  | { type: 'messageReceived'; customer: Contact; channel: string; messageId: string }
  | { type: 'conversationsLoaded'; conversations: Conversation[] }
  | { type: 'directoryUpdated'; agents: DirectoryAgent[] };

export type DeskInput = DeskCommand | DeskEvent;

/** What the hold music or announcement is, per queue (003); the adapter plays it to the held party. */
export interface HoldAudio {
  kind: 'music' | 'announcement';
  url: string;
}

/** What the integrator's backend wants to hear from the desk. */
export type DeskNotice =
  | { type: 'offerRefused'; callId: CallId; reason: OfferRefusal; at: number }
  | { type: 'transferCompleted'; callId: CallId; target: TransferTarget; at: number }
  | { type: 'wrapUpEnded'; callId: CallId; conversationId: ConversationId; how: WrapUpEnd; notes: string; rating?: number; at: number }
  | { type: 'conversationStatus'; conversationId: ConversationId; status: ConversationStatus; at: number };

/** Desk effects; the desk's runtime (desk/runtime.ts) carries them out and the engine also emits them as outputs. */
export type DeskEffect =
  | { type: 'desk'; action: 'lookupContact'; callId: CallId; number: string }
  | { type: 'desk'; action: 'refuseOffer'; callId: CallId; reason: OfferRefusal }
  | { type: 'desk'; action: 'holdAudio'; callId: CallId; audio: HoldAudio | null }
  | { type: 'desk'; action: 'transfer'; callId: CallId; transferId: string; target: TransferTarget }
  | { type: 'desk'; action: 'cancelTransfer'; callId: CallId; transferId: string }
  | { type: 'desk'; action: 'stopRecording'; callId: CallId }
  | { type: 'desk'; action: 'notify'; notice: DeskNotice };

export type DeskTimer = 'wrapUp' | 'transfer';

export type { AgentId };
