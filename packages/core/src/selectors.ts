// Everything a UI shows that depends on time is computed from deadlines in
// state and `now`, so a throttled background tab is right when it wakes (000).
import type { AdapterCapabilities } from './adapter.js';
import type { Call, CallId, DeviceKind, EngineState, HistoryEntry, MediaDeviceEntry, MediaPreferences } from './model.js';

/** Milliseconds left on the ring countdown; never negative. */
export function remainingRingMs(call: Call, now: number): number {
  return call.ringDeadline === undefined ? 0 : Math.max(0, call.ringDeadline - now);
}

/** A reconnecting call ends at its give-up deadline: a tab that wakes past it shows the time the call will be logged with. */
function endsBy(call: Call, now: number): number {
  return call.reconnect ? Math.min(now, call.reconnect.giveUpAt) : now;
}

/** 001: the duration timer starts at connect and runs until the end. */
export function callDurationMs(call: Call | HistoryEntry, now: number): number {
  if ('durationMs' in call) return call.durationMs;
  return call.connectedAt === undefined ? 0 : Math.max(0, endsBy(call, now) - call.connectedAt);
}

export function heldMs(call: Call, now: number): number {
  return call.hold.heldMs + (call.hold.since === undefined ? 0 : Math.max(0, endsBy(call, now) - call.hold.since));
}

/**
 * Until the next reconnect attempt, and until the call is given up as
 * dropped. `nextRetryMs` is undefined once the policy has no attempt left
 * before the give-up: the UI then says "dropping in", not "retrying in".
 */
export function reconnectCountdown(call: Call, now: number): { nextRetryMs: number | undefined; giveUpMs: number } | undefined {
  if (!call.reconnect) return undefined;
  const { nextRetryAt, giveUpAt } = call.reconnect;
  return {
    nextRetryMs: nextRetryAt < giveUpAt ? Math.max(0, nextRetryAt - now) : undefined,
    giveUpMs: Math.max(0, giveUpAt - now),
  };
}

export function getCall(state: EngineState, callId: CallId | undefined): Call | undefined {
  for (const call of state.calls) if (call.id === callId) return call;
  return undefined;
}

/** The call past ringing, if any: there is at most one. */
export function activeCall(state: EngineState): Call | undefined {
  return state.calls.find((call) => call.phase !== 'ringing');
}

export function ringingCalls(state: EngineState): Call[] {
  return state.calls.filter((call) => call.phase === 'ringing');
}

export type CallStatus = 'ringing' | 'calling' | 'connecting' | 'connected' | 'onHold' | 'reconnecting';

/** 001's status line: ringing, connected or on hold (and the in-between steps). */
export function callStatus(call: Call): CallStatus {
  // On hold either way: this side held it, or the far side did (001: the visitor sees the agent's hold).
  if (call.phase === 'connected' && (call.hold.status === 'on' || call.hold.status === 'resuming' || call.remoteMedia.held)) return 'onHold';
  return call.phase;
}

export type LayoutSource = 'remoteScreen' | 'remoteCamera' | 'localScreen' | 'localCamera' | 'remoteAvatar';

/** 004: a shared screen takes the primary place; cameras become thumbnails. */
export function callLayout(call: Call): { primary: LayoutSource; thumbnails: LayoutSource[] } {
  const thumbnails: LayoutSource[] = [];
  let primary: LayoutSource = 'remoteAvatar';
  if (call.remoteMedia.screenShare) {
    primary = 'remoteScreen';
    if (call.remoteMedia.camera) thumbnails.push('remoteCamera');
  } else if (call.remoteMedia.camera) {
    primary = 'remoteCamera';
  }
  if (call.local.screenShare === 'on') thumbnails.push('localScreen');
  if (call.local.camera === 'on') thumbnails.push('localCamera');
  return { primary, thumbnails };
}

/** One button of a call (003: call controls are dynamic). */
export interface Control {
  /** The button belongs on this call's screen: the adapter can do it and the call is in a phase where it applies. */
  visible: boolean;
  /** Pressing it now would be accepted: nothing of its kind is in flight. */
  enabled: boolean;
  /** A toggle that is on: muted, camera on, sharing, on hold (pressing Hold then resumes). */
  active: boolean;
}

export type ControlName = 'accept' | 'decline' | 'hangUp' | 'mute' | 'camera' | 'screenShare' | 'hold' | 'dialPad' | 'settings' | 'transfer';

export type CallControls = Record<ControlName, Control>;

function control(visible: boolean, enabled: boolean, active = false): Control {
  return { visible, enabled: visible && enabled, active };
}

/**
 * Which buttons a call shows, which can be pressed, and which toggles are on,
 * from the call's state and the adapter's capabilities. Transfer is the agent
 * desk's (`agentCallControls`); here it is never visible.
 */
export function callControls(call: Call, capabilities: AdapterCapabilities): CallControls {
  const ringing = call.phase === 'ringing';
  const live = !ringing;
  const connected = call.phase === 'connected';
  const { local, hold } = call;
  // A call forwarded to the visitor's phone (001) is a phone call: no camera, no screen to share (003).
  const browserMedia = live && call.forwarding === undefined;
  return {
    accept: control(ringing, true),
    decline: control(ringing, true),
    hangUp: control(live, true),
    mute: control(live, true, local.muted),
    camera: control(browserMedia && capabilities.video, local.camera !== 'starting', local.camera === 'on'),
    screenShare: control(browserMedia && capabilities.screenShare, local.screenShare !== 'starting', local.screenShare === 'on'),
    hold: control(live && capabilities.hold, connected && (hold.status === 'off' || hold.status === 'on'), hold.status === 'on' || hold.status === 'resuming'),
    dialPad: control(live && capabilities.dtmf, connected),
    // 001's Settings: devices and volume, or the background for a camera; nothing to set, no button.
    settings: control(live && (capabilities.deviceSelection === true || (browserMedia && capabilities.video && capabilities.videoEffects?.some((kind) => kind !== 'none') === true)), true),
    transfer: control(false, false),
  };
}

/** The settings screen (001, 003): what is chosen, undefined meaning the system default. */
export function mediaPreferences(state: EngineState): MediaPreferences {
  return state.devices.preferences;
}

/** The devices of one kind the adapter reported, for a picker; empty until it reports them. */
export function availableDevices(state: EngineState, kind: DeviceKind): MediaDeviceEntry[] {
  return state.devices.available.filter((device) => device.kind === kind);
}
