import type {
  CallId, DeviceKind, Direction, EndReason, ErrorInfo, MediaDeviceEntry, MediaKind, RemoteParty, VideoEffect,
} from './model.js';
import type { DeskEffect, DeskInput, DeskTimer } from './desk/events.js';

// Everything the reducer consumes. The runtime stamps `at` from the injected
// clock; callers send the same shapes without it.

/** Commands from a UI (visitor widget, agent desktop). */
export type CommandInput =
  | { type: 'placeCall'; callId?: CallId; to: RemoteParty; media: MediaKind; ringTimeoutMs?: number; forwardTo?: string }
  /** Phone forwarding (001): the number the visitor typed in, for a call that asked for one. */
  | { type: 'setForwardingNumber'; callId: CallId; number: string }
  | { type: 'accept'; callId: CallId; media?: MediaKind }
  | { type: 'decline'; callId: CallId }
  | { type: 'hangUp'; callId: CallId }
  | { type: 'setMuted'; callId: CallId; muted: boolean }
  | { type: 'setCamera'; callId: CallId; on: boolean }
  | { type: 'startScreenShare'; callId: CallId }
  | { type: 'stopScreenShare'; callId: CallId }
  | { type: 'hold'; callId: CallId }
  | { type: 'resume'; callId: CallId }
  | { type: 'sendDtmf'; callId: CallId; digits: string }
  | { type: 'recall'; missedCallId: CallId; callId?: CallId }
  | { type: 'dismissMissed'; missedCallId: CallId }
  | { type: 'selectDevice'; kind: DeviceKind; deviceId: string }
  | { type: 'setVolume'; volume: number }
  | { type: 'setVideoEffect'; effect: VideoEffect };

/** Why the far side ended or refused a call, as an adapter reports it. */
export type RemoteEndReason =
  | 'hangup' | 'declined' | 'busy' | 'canceled' | 'noAnswer' | 'answeredElsewhere' | 'failed' | 'transferred';

/** What a media adapter reports. Checked and copied (adapterEvents.ts) before it reaches the reducer. */
export type AdapterEvent =
  | { type: 'incoming'; callId: CallId; remote: RemoteParty; media: MediaKind; ringTimeoutMs?: number }
  | { type: 'earlyMedia'; callId: CallId }
  | { type: 'remoteJoined'; callId: CallId }
  | { type: 'remoteLeft'; callId: CallId }
  | { type: 'mediaConnected'; callId: CallId }
  | { type: 'remoteEnded'; callId: CallId; reason: RemoteEndReason }
  | { type: 'remoteMedia'; callId: CallId; camera?: boolean; screenShare?: boolean; muted?: boolean; held?: boolean }
  | { type: 'localScreenShareEnded'; callId: CallId }
  | { type: 'networkLost'; callId: CallId }
  | { type: 'networkRestored'; callId: CallId }
  | { type: 'adapterError'; callId?: CallId; error: ErrorInfo }
  | { type: 'devicesChanged'; devices: MediaDeviceEntry[] }
  /** 000: a human agent takes over the visitor's live call with the AI; the visitor sees who and decides. */
  | { type: 'takeoverOffered'; callId: CallId; agent: RemoteParty; ringTimeoutMs?: number }
  /** The agent gave up before the visitor decided. */
  | { type: 'takeoverWithdrawn'; callId: CallId }
  /** Phone forwarding (001): the visitor's phone rings. */
  | { type: 'phoneRinging'; callId: CallId };

export type AdapterCommand =
  | { name: 'connect'; callId: CallId; direction: Direction; media: MediaKind; remote: RemoteParty }
  | { name: 'disconnect'; callId: CallId; reason: EndReason }
  /** `request`: the call's mute request number; a failure of an older one is stale (absent: taken as the latest). */
  | { name: 'setMuted'; callId: CallId; muted: boolean; request?: number }
  | { name: 'setCamera'; callId: CallId; on: boolean; request: number }
  | { name: 'startScreenShare'; callId: CallId; request: number }
  /**
   * `endedByBrowser`: the browser's own Stop sharing already ended the capture; this only tidies up.
   * `request`: the number of the share it stops; a failure to stop an older one is stale (absent: taken as the latest).
   */
  | { name: 'stopScreenShare'; callId: CallId; endedByBrowser?: true; request?: number }
  /**
   * `answerBy`: the answer deadline this request waits under, which names it;
   * an outcome of an earlier one (timed out, and the visitor tried again) is
   * stale. Absent (a hand-written outcome): taken as the current one.
   */
  | { name: 'hold'; callId: CallId; answerBy?: number }
  | { name: 'resume'; callId: CallId; answerBy?: number }
  | { name: 'sendDtmf'; callId: CallId; digits: string; seq: number }
  | { name: 'reconnect'; callId: CallId; attempt: number; lostAt: number }
  /** `answerBy`, as for hold: the switch deadline this accept waits under; an outcome of an earlier accept is stale. */
  | { name: 'acceptTakeover'; callId: CallId; answerBy?: number }
  | { name: 'declineTakeover'; callId: CallId }
  | { name: 'forwardToPhone'; callId: CallId; number: string; remote: RemoteParty };

export type AdapterCommandName = AdapterCommand['name'];

/**
 * Engine-wide media settings, not tied to a call: they apply to the live call
 * and every later one. `previous` lets a refusal roll the preference back.
 */
export type DeviceCommand =
  /** `request`: the choice's number (DevicesState.requests); absent (a hand-written failure) is taken as the latest. */
  | { name: 'selectDevice'; kind: DeviceKind; deviceId: string | undefined; previous: string | undefined; request?: number }
  | { name: 'setVolume'; volume: number; previous?: number; request?: number }
  | { name: 'setVideoEffect'; effect: VideoEffect; previous: VideoEffect; request?: number };

export type TimerKind = 'ring' | 'connect' | 'hold' | 'reconnectRetry' | 'reconnectGiveUp' | 'takeover' | DeskTimer;

/** Outcomes the runtime feeds back: adapter promises settling, deadlines passing. */
export type RuntimeInput =
  | { type: 'commandSucceeded'; command: AdapterCommand }
  | { type: 'commandFailed'; command: AdapterCommand; error: ErrorInfo }
  | { type: 'deviceCommandFailed'; command: DeviceCommand; error: ErrorInfo }
  | { type: 'timerFired'; timer: TimerKind; callId: CallId; deadline: number }
  /** The adapter's event stream failed or ended while the engine lives: nothing more will be heard of its calls. */
  | { type: 'adapterStopped'; error: ErrorInfo }
  | { type: 'dispose' };

/** Desk inputs are only understood by an engine created with an agent desk. */
export type EngineInput = CommandInput | AdapterEvent | RuntimeInput | DeskInput;

/** An input as the reducer sees it: stamped with the clock time it happened. */
export type EngineEvent = EngineInput & { at: number };

export type Tone = 'ringtone' | 'ringback';
export type Sound = 'disconnected';

export type NoticeType = 'callStarted' | 'callAnswered' | 'callEnded' | 'screenShareStarted' | 'screenShareStopped';

/** What the integrator's backend wants to hear about (004: sharing on/off). */
export interface BackendNotice {
  type: NoticeType;
  callId: CallId;
  at: number;
  direction: Direction;
  media: MediaKind;
  endReason?: EndReason;
  durationMs?: number;
}

export type TimelineKind =
  | 'ringing' | 'calling' | 'earlyMedia' | 'accepted' | 'remoteJoined' | 'remoteLeft' | 'connected'
  | 'muted' | 'unmuted' | 'cameraOn' | 'cameraOff' | 'screenShareStarted' | 'screenShareStopped'
  | 'remoteScreenShareStarted' | 'remoteScreenShareStopped' | 'remoteHeld' | 'remoteResumed'
  | 'onHold' | 'holdRefused' | 'resumed' | 'resumeRefused' | 'dtmf'
  | 'reconnecting' | 'reconnected' | 'ended'
  | 'takeoverOffered' | 'takeoverAccepted' | 'takeoverDeclined' | 'takeoverExpired' | 'takeoverFailed' | 'takeoverWithdrawn'
  | 'forwardingNumberNeeded' | 'forwardingDialing' | 'phoneRinging';

export interface TimelineEntry {
  at: number;
  callId: CallId;
  kind: TimelineKind;
  detail?: string;
}

/** Effects are data: the runtime interprets them; the reducer never performs them. */
export type Effect =
  | { type: 'adapter'; command: AdapterCommand }
  | { type: 'device'; command: DeviceCommand }
  | { type: 'startTimer'; timer: TimerKind; callId: CallId; at: number }
  | { type: 'cancelTimer'; timer: TimerKind; callId: CallId }
  | { type: 'tone'; action: 'start'; tone: Tone }
  | { type: 'tone'; action: 'stop' }
  | { type: 'sound'; sound: Sound; callId: CallId }
  | { type: 'notify'; notice: BackendNotice }
  | { type: 'timeline'; entry: TimelineEntry }
  | { type: 'error'; error: ErrorInfo }
  | DeskEffect;
