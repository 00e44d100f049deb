// The engine's state is plain JSON: no classes, Maps or Dates, so it can be
// logged, persisted, sent to another tab and rehydrated after a reload.
// Times are epoch milliseconds taken from the injected clock.

export type CallId = string;
export type MediaKind = 'audio' | 'video';
export type Direction = 'inbound' | 'outbound';

/** Who is on the other end, as far as we know. */
export interface RemoteParty {
  id?: string;
  name?: string;
  avatarUrl?: string;
  /** E.164 phone number, when the call reaches a phone. */
  number?: string;
}

/**
 * Where a call is in its life. Hold is an orthogonal field of a connected
 * call (see `HoldState`), so a network drop while on hold keeps the hold.
 *
 * - `ringing`: inbound, our side decides (accept / decline / countdown).
 * - `calling`: outbound, waiting for the remote party to answer or join;
 *   ringback plays until early media or the answer arrives.
 * - `connecting`: answered on both sides, media is being set up.
 * - `connected`: media flows; the duration runs from `connectedAt`.
 * - `reconnecting`: the network dropped; the reconnect policy is running.
 */
export type CallPhase = 'ringing' | 'calling' | 'connecting' | 'connected' | 'reconnecting';

/** The single terminal outcome of a call. */
export type EndReason =
  | 'completed'
  | 'declined'
  | 'missed'
  | 'noAnswer'
  | 'canceled'
  | 'answeredElsewhere'
  | 'transferred'
  | 'failed'
  | 'busy'
  | 'dropped';

export type EndedBy = 'local' | 'remote' | 'system';

/** `holding` and `resuming` are the adapter round-trips; a refusal rolls back. */
export type HoldStatus = 'off' | 'holding' | 'on' | 'resuming';

export interface HoldState {
  status: HoldStatus;
  /** When the current hold was confirmed; set while status is `on` or `resuming`. */
  since?: number;
  /** Hold time already accounted for, excluding the current hold. */
  heldMs: number;
}

/** `starting` covers the permission prompt / screen picker round-trip. */
export type TrackStatus = 'off' | 'starting' | 'on';

export interface LocalMedia {
  muted: boolean;
  camera: TrackStatus;
  screenShare: TrackStatus;
  /**
   * The number of the latest start request per track (numbered per call).
   * The outcome of an older request is stale: on → off → on must be decided
   * by the second start, whatever order the adapter answers in.
   */
  cameraRequest: number;
  screenShareRequest: number;
  /** The same for mute and unmute: only the latest one's failure rolls the button back. */
  muteRequest: number;
}

export type RemotePresence = 'waiting' | 'joined' | 'left';

export interface RemoteMedia {
  presence: RemotePresence;
  camera: boolean;
  screenShare: boolean;
  muted: boolean;
  /** The far side put this call on hold (001: the visitor's status says so). */
  held: boolean;
}

export interface ReconnectState {
  /** When the network dropped: identifies this reconnect, so an attempt from an earlier drop is stale. */
  lostAt: number;
  /** The number of the next attempt, due at `nextRetryAt` (1-based). */
  attempt: number;
  nextRetryAt: number;
  giveUpAt: number;
}

export type DtmfDigit =
  | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'
  | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export interface DtmfEntry {
  /** The call's sends counted from 1: matches an outcome to its send however the log was trimmed. */
  seq: number;
  digits: string;
  at: number;
  status: 'sending' | 'sent' | 'failed';
}

/** A serializable error, as kept in state. `RinglineError` is its runtime form. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  callId?: CallId;
  device?: Device;
  /** Set when the code's usual remedy does not fit (desk refusals carry theirs). */
  remedy?: string;
}

export type Device = 'microphone' | 'camera' | 'screen' | 'speaker';

export type { ErrorCode } from './errors.js';
import type { ErrorCode } from './errors.js';
import type { DeskState } from './desk/model.js';

export interface Call {
  id: CallId;
  direction: Direction;
  media: MediaKind;
  remote: RemoteParty;
  phase: CallPhase;
  /** When the call appeared (offer received or dial started). */
  startedAt: number;
  /** Absolute ring deadline for `ringing` and `calling`. */
  ringDeadline?: number;
  /** Absolute deadline for `connecting`: media that has not flowed by then ends the call as failed. */
  connectDeadline?: number;
  /** Outbound: pre-answer audio from the far side is playing. */
  earlyMedia: boolean;
  answeredAt?: number;
  connectedAt?: number;
  hold: HoldState;
  /**
   * While a hold or resume waits for the adapter: when its answer is overdue
   * and the change rolls back (reducer/hold.ts). Beside `hold`, so the hold
   * states keep their two shapes.
   */
  holdAnswerBy?: number;
  local: LocalMedia;
  remoteMedia: RemoteMedia;
  reconnect?: ReconnectState;
  dtmf: DtmfEntry[];
  /** Set when this call was started by Recall on a missed call. */
  recallOf?: CallId;
  lastError?: ErrorInfo;
  /** A person is joining a call with the AI (000 takeover, reducer/takeover.ts). Only on calls that have one. */
  takeover?: Takeover;
  /** Phone forwarding (001, reducer/forwarding.ts): the call reaches the visitor's phone. Only on forwarded calls. */
  forwarding?: Forwarding;
}

/**
 * 000's transition screen: a human agent is joining the visitor's call with
 * the AI; the visitor accepts or declines like any incoming call, before the
 * countdown runs out. `accepting` is the adapter round-trip.
 */
export interface Takeover {
  status: 'offered' | 'accepting';
  agent: RemoteParty;
  offeredAt: number;
  /**
   * Offered: the end of the visitor's countdown. Accepting: when the switch
   * counts as failed if the adapter has not answered (`connectTimeoutMs`
   * after the accept), and the call stays with the AI.
   */
  deadline: number;
}

/** 001's phone forwarding: the number the visitor entered (none yet: the widget asks) and whether their phone rings. */
export interface Forwarding {
  number?: string;
  phoneRinging: boolean;
  /** How long the phone rings once dialled: the call's own `ringTimeoutMs`; none (a snapshot from before it was kept), the engine's outbound one. */
  ringMs?: number;
}

export interface HistoryEntry {
  id: CallId;
  direction: Direction;
  media: MediaKind;
  remote: RemoteParty;
  startedAt: number;
  connectedAt?: number;
  endedAt: number;
  endReason: EndReason;
  endedBy: EndedBy;
  /** Connected time, zero for calls that never connected. */
  durationMs: number;
  heldMs: number;
  recallOf?: CallId;
  error?: ErrorInfo;
}

/** The missed-call screen of 000: who called, and a Recall button. */
export interface MissedCall {
  callId: CallId;
  remote: RemoteParty;
  media: MediaKind;
  at: number;
  reason: 'missed' | 'declined' | 'canceled';
}

export type DeviceKind = 'microphone' | 'speaker' | 'camera';

/** 003's background effects for the agent's or visitor's camera. */
export type VideoEffect = { kind: 'none' } | { kind: 'blur' } | { kind: 'faceTrace' } | { kind: 'image'; url: string };
export type VideoEffectKind = VideoEffect['kind'];

export interface MediaDeviceEntry {
  kind: DeviceKind;
  deviceId: string;
  label: string;
}

/** The user's choices; they outlive calls and are applied to every new one (003). */
export interface MediaPreferences {
  /** Undefined: the system default. */
  microphoneId?: string;
  speakerId?: string;
  cameraId?: string;
  /** Output volume, 0 to 1. */
  volume: number;
  videoEffect: VideoEffect;
}

export interface DevicesState {
  preferences: MediaPreferences;
  /** As the adapter last reported them; empty until it does. */
  available: MediaDeviceEntry[];
  /**
   * The number of the latest device or background-effect choice, per setting:
   * a refusal of an older one rolls nothing back, as a newer choice decided.
   * Absent until a choice is made.
   */
  requests?: Partial<Record<DeviceKind | 'videoEffect' | 'volume', number>>;
}

export const defaultDevices: DevicesState = Object.freeze({
  preferences: Object.freeze({ volume: 1, videoEffect: Object.freeze({ kind: 'none' }) }) as MediaPreferences,
  available: Object.freeze([]) as unknown as MediaDeviceEntry[],
});

export interface EngineState {
  /** Ringing and live calls, oldest first. Look one up with `getCall(state, id)`. */
  calls: Call[];
  /** Newest first, bounded by `config.historyLimit`. */
  history: HistoryEntry[];
  /** Newest first, bounded by `config.historyLimit`. */
  missed: MissedCall[];
  disposed: boolean;
  /** The agent desk's state, when the engine was created with `createAgentDesk` (desk/). */
  desk?: DeskState;
  /** Microphone, speaker, camera, volume and background effect (reducer/devices.ts). */
  devices: DevicesState;
}

export const initialEngineState: EngineState = Object.freeze({
  calls: [],
  history: [],
  missed: [],
  disposed: false,
  desk: undefined,
  devices: defaultDevices,
}) as EngineState;
