// The demo backend's wire format: what the pages POST to /api/command, checked
// with zod before anything looks at it, and the events pushed to them over
// server-sent events. The pages import only the types.
import { z } from 'zod';

const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/);
const text = z.string().max(2_000);
const media = z.enum(['audio', 'video']);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +14155550100');

export const transferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agentId: id, name: z.string().max(256).optional() }),
  z.object({ kind: z.literal('queue'), queue: id }),
  z.object({ kind: z.literal('external'), number: e164, source: z.enum(['contact', 'manual']), contactId: id.optional(), from: e164.optional() }),
]);

export const commandSchema = z.discriminatedUnion('type', [
  // Visitor widget
  /** The widget's call to the assistant: `callId` is the visitor's call, which a person later takes over. */
  z.object({ type: z.literal('startAssistant'), visitorId: id, callId: id, media }),
  z.object({ type: z.literal('visitorSay'), visitorId: id, text: text.min(1) }),
  z.object({ type: z.literal('askForPerson'), visitorId: id }),
  z.object({ type: z.literal('endAssistant'), visitorId: id }),
  /** A person took the call over: the assistant stops talking, the call goes on. */
  z.object({ type: z.literal('assistantDone'), visitorId: id }),
  z.object({ type: z.literal('requestCallback'), visitorId: id, number: e164 }),
  /** The visitor pressed Recall (000): the agent who called is asked to take the call. */
  z.object({ type: z.literal('recall'), visitorId: id, callId: id, agentId: id, media }),
  // Agent desk
  z.object({ type: z.literal('agentStatus'), agentId: id, onDuty: z.boolean(), availability: z.enum(['offDuty', 'offline', 'away', 'busy', 'onCall', 'ringing', 'wrapUp', 'available']) }),
  /** First claim wins; the others see the offer go. */
  /** `tab` tells two desk tabs of one agent apart (002: one tab takes the call). */
  z.object({ type: z.literal('claimOffer'), agentId: id, callId: id, tab: id }),
  z.object({ type: z.literal('declineOffer'), agentId: id, callId: id, tab: id }),
  /** The desk dials a visitor (000 incoming call) by the number People knows them by. */
  z.object({ type: z.literal('dialVisitor'), agentId: id, callId: id, number: e164, media }),
  z.object({ type: z.literal('transfer'), agentId: id, callId: id, transferId: z.string().min(1).max(200), target: transferTargetSchema }),
  z.object({ type: z.literal('callEnded'), agentId: id, callId: id, reason: z.string().max(64), durationMs: z.number().int().min(0).max(86_400_000), media }),
  /** A desk's callback status notice (core's `callbackStatus`), so every desk shares the list. */
  z.object({
    type: z.literal('callbackStatus'), agentId: id, callbackId: id, status: z.enum(['queued', 'assigned', 'active', 'noReply', 'done']),
    assignee: id.nullable(), attempts: z.number().int().min(0).max(100),
  }),
  /** A token for the signaling room of a call this party belongs to. */
  z.object({ type: z.literal('roomToken'), party: z.discriminatedUnion('role', [z.object({ role: z.literal('visitor'), id }), z.object({ role: z.literal('agent'), id })]), callId: id }),
]);

export type Command = z.infer<typeof commandSchema>;
export type TransferTargetInput = z.infer<typeof transferTargetSchema>;
export type MediaKind = z.infer<typeof media>;

export interface AgentCard {
  id: string;
  name: string;
  avatarUrl: string;
  queues: string[];
  presence: 'available' | 'busy' | 'away' | 'offline';
}

export interface ChatLine {
  from: 'assistant' | 'visitor' | 'agent' | 'system';
  text: string;
  at: number;
}

/** A callback as core's desk keeps it (`Callback`), manual mode. */
export interface CallbackRecord {
  id: string;
  conversationId: string;
  customer: { id: string; name: string; number: string };
  mode: 'manual';
  queue: string;
  status: 'queued' | 'assigned' | 'active' | 'noReply' | 'done';
  assignee: string | null;
  requestedAt: number;
  attempts: number;
  calls: number;
}

export interface BackendCallRecord {
  callId: string;
  agentId: string;
  visitorName: string;
  number?: string;
  media: MediaKind;
  reason: string;
  durationMs: number;
  endedAt: number;
}

export interface RecordingMeta {
  id: string;
  callId: string;
  agentId: string;
  media: MediaKind;
  durationMs: number;
  at: number;
  url: string;
}

export interface VisitorCard {
  id: string;
  name: string;
  number: string;
  /** What the visitor is doing: browsing, with the assistant, waiting for a person, or in a call. */
  activity: 'browsing' | 'assistant' | 'waitingForPerson' | 'inCall';
}

/** How the desk's media leg reaches the visitor: the desk rings the room, or answers the visitor's ring. */
export type RoomRole = 'dial' | 'answer';

export type VisitorEvent =
  | { type: 'welcome'; visitorId: string; name: string; number: string }
  | { type: 'chat'; line: ChatLine }
  | { type: 'assistantState'; state: 'idle' | 'talking' | 'waitingForPerson' | 'noOneOnDuty' | 'ended' }
  | { type: 'personJoining'; callId: string; forCallId: string; agent: { id: string; name: string; avatarUrl: string }; media: MediaKind; token: string }
  | {
    type: 'incomingCall'; callId: string; agent: { id: string; name: string; avatarUrl: string }; media: MediaKind; token: string;
    /** The call continues after a transfer: the visitor already agreed to talk, so the widget answers it. */
    transferred?: boolean;
  }
  | { type: 'callbackRequested'; callback: CallbackRecord };

export type AgentEvent =
  | { type: 'welcome'; agent: AgentCard; queues: Record<string, { name: string; autoAssign: boolean; holdAudio?: { kind: 'music' | 'announcement'; url: string } }>; fromNumbers: string[]; externalPolicy: 'disabled' | 'contactsOnly' | 'manualAllowed' }
  | { type: 'directory'; agents: AgentCard[] }
  | { type: 'visitors'; visitors: VisitorCard[] }
  | {
    type: 'offer'; callId: string; remote: { id?: string; name?: string; number?: string; avatarUrl?: string }; media: MediaKind; queue: string;
    conversationId: string; summary?: string; handoff: boolean; transcript: { at: number; speaker: 'caller' | 'ai'; text: string }[]; roomRole: RoomRole; token: string;
    /** Set when the call comes by transfer: the transfer the offering agent is waiting on. */
    transferOf?: { agentId: string; transferId: string };
  }
  | { type: 'offerGone'; callId: string; reason: 'answeredElsewhere' | 'canceled' }
  | { type: 'transferUpdate'; callId: string; transferId: string; stage: 'ringing' | 'completed' | 'failed'; reason?: 'offline' | 'busy' | 'rejected' | 'noAnswer' | 'error' }
  | { type: 'callbacks'; callbacks: CallbackRecord[] }
  | { type: 'history'; calls: BackendCallRecord[] }
  | { type: 'recordings'; recordings: RecordingMeta[] }
  | { type: 'people'; contacts: { id: string; name: string; number: string }[] };

export type CommandResult = { ok: true; token?: string; claimed?: boolean } | { ok: false; error: string };
