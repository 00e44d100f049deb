// Everything a UI shows that depends on time is computed from deadlines in
// state and `now`, so a throttled background tab is right when it wakes (000).
import type { AdapterCapabilities } from './adapter.js';
import type { Call, CallId, DeviceKind, EngineState, HistoryEntry, MediaDeviceEntry, MediaPreferences } from './model.js';

/** Milliseconds left on the ring countdown; never negative. */
export function remainingRingMs(call: Call, now: number): number {
  return call.ringDeadline === undefined ? 0 : Math.max(0, call.ringDeadline - now);
}

/** 001: the duration timer starts at connect and runs until the end. */
export function callDurationMs(call: Call | HistoryEntry, now: number): number {
  if ('durationMs' in call) return call.durationMs;
  return call.connectedAt === undefined ? 0 : Math.max(0, now - call.connectedAt);
}

export function heldMs(call: Call, now: number): number {
  return call.hold.heldMs + (call.hold.since === undefined ? 0 : Math.max(0, now - call.hold.since));
}

/** Until the next reconnect attempt, and until the call is given up as dropped. */
export function reconnectCountdown(call: Call, now: number): { nextRetryMs: number; giveUpMs: number } | undefined {
  if (!call.reconnect) return undefined;
  return {
    nextRetryMs: Math.max(0, call.reconnect.nextRetryAt - now),
    giveUpMs: Math.max(0, call.reconnect.giveUpAt - now),
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
  if (call.phase === 'connected' && (call.hold.status === 'on' || call.hold.status === 'resuming')) return 'onHold';
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

export interface CallControls {
  accept: boolean;
  decline: boolean;
  hangUp: boolean;
  mute: boolean;
  camera: boolean;
  screenShare: boolean;
  hold: boolean;
  resume: boolean;
  dialPad: boolean;
}

/** 003: call controls are dynamic; a control shows only where the command would be accepted. */
export function callControls(call: Call, capabilities: AdapterCapabilities): CallControls {
  const ringing = call.phase === 'ringing';
  const connected = call.phase === 'connected';
  return {
    accept: ringing,
    decline: ringing,
    hangUp: !ringing,
    mute: !ringing,
    camera: !ringing && capabilities.video,
    screenShare: !ringing && capabilities.screenShare,
    hold: connected && capabilities.hold && call.hold.status === 'off',
    resume: connected && capabilities.hold && call.hold.status === 'on',
    dialPad: connected && capabilities.dtmf,
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
