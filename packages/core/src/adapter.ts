import type { Observable } from 'rxjs';
import { RinglineError } from './errors.js';
import type { AdapterCommand, AdapterEvent, DeviceCommand } from './events.js';
import type { CallId, DeviceKind, Direction, MediaKind, MediaPreferences, RemoteParty, VideoEffect, VideoEffectKind } from './model.js';

export type TransferTargetKind = 'agent' | 'queue' | 'external';

/** What an adapter can do; the engine hides controls and refuses commands outside it. */
export interface AdapterCapabilities {
  hold: boolean;
  dtmf: boolean;
  video: boolean;
  screenShare: boolean;
  earlyMedia: boolean;
  recording: boolean;
  transferTargets: readonly TransferTargetKind[];
  /** Choosing microphone, speaker and camera, and the output volume. */
  deviceSelection?: boolean;
  /** Background effects the adapter can apply; `none` is always possible. */
  videoEffects?: readonly VideoEffectKind[];
}

export interface ConnectRequest {
  callId: CallId;
  direction: Direction;
  media: MediaKind;
  remote: RemoteParty;
  /** The user's devices, volume and background effect, applied to every new call (003). */
  preferences: MediaPreferences;
}

/**
 * The port every media adapter implements. Commands return promises; their
 * outcome is fed back to the reducer as an event. Spontaneous happenings
 * (an incoming call, the far side hanging up, the browser's "Stop sharing")
 * arrive on `events$` and are validated before they reach the reducer.
 */
export interface MediaAdapter {
  readonly capabilities: AdapterCapabilities;
  readonly events$: Observable<AdapterEvent>;
  /** Dial out (outbound) or answer (inbound), acquiring the microphone/camera. */
  connect(request: ConnectRequest): Promise<void>;
  /** Ends the call and stops every local stream. Idempotent. */
  disconnect(callId: CallId, reason: string): Promise<void>;
  setMuted(callId: CallId, muted: boolean): Promise<void>;
  setCamera(callId: CallId, on: boolean): Promise<void>;
  startScreenShare(callId: CallId): Promise<void>;
  stopScreenShare(callId: CallId): Promise<void>;
  hold(callId: CallId): Promise<void>;
  resume(callId: CallId): Promise<void>;
  sendDtmf(callId: CallId, digits: string): Promise<void>;
  reconnect(callId: CallId, attempt: number): Promise<void>;
  /** Switches the live call (if any) and later calls to this device; undefined is the system default. */
  selectDevice?(kind: DeviceKind, deviceId: string | undefined): Promise<void>;
  setVolume?(volume: number): Promise<void>;
  setVideoEffect?(effect: VideoEffect): Promise<void>;
  /** 000: the visitor accepted the human agent joining their call with the AI; the agent's media replaces the AI's. */
  acceptTakeover?(callId: CallId): Promise<void>;
  declineTakeover?(callId: CallId): Promise<void>;
  /** 001 phone forwarding: call the visitor's phone and connect it to the agent (`remote`). */
  forwardToPhone?(callId: CallId, number: string, remote: RemoteParty): Promise<void>;
  /** Stops everything and completes `events$`. Idempotent. */
  dispose(): void;
}

/** The capability a command needs; commands not listed need none. */
export const capabilityOf: Readonly<Partial<Record<AdapterCommand['name'], keyof AdapterCapabilities>>> = {
  hold: 'hold',
  resume: 'hold',
  sendDtmf: 'dtmf',
  setCamera: 'video',
  startScreenShare: 'screenShare',
  stopScreenShare: 'screenShare',
};

export const noCapabilities: AdapterCapabilities = Object.freeze({
  hold: false, dtmf: false, video: false, screenShare: false, earlyMedia: false, recording: false,
  transferTargets: Object.freeze([]) as readonly TransferTargetKind[],
});

/** Routes an effect's command to the adapter method that carries it out. */
export function runAdapterCommand(adapter: MediaAdapter, command: AdapterCommand, preferences: MediaPreferences): Promise<void> {
  switch (command.name) {
    case 'connect': return adapter.connect({ callId: command.callId, direction: command.direction, media: command.media, remote: command.remote, preferences });
    case 'disconnect': return adapter.disconnect(command.callId, command.reason);
    case 'setMuted': return adapter.setMuted(command.callId, command.muted);
    case 'setCamera': return adapter.setCamera(command.callId, command.on);
    case 'startScreenShare': return adapter.startScreenShare(command.callId);
    case 'stopScreenShare': return adapter.stopScreenShare(command.callId);
    case 'hold': return adapter.hold(command.callId);
    case 'resume': return adapter.resume(command.callId);
    case 'sendDtmf': return adapter.sendDtmf(command.callId, command.digits);
    case 'reconnect': return adapter.reconnect(command.callId, command.attempt);
    case 'acceptTakeover': return adapter.acceptTakeover ? adapter.acceptTakeover(command.callId) : unsupported(command);
    case 'declineTakeover': return adapter.declineTakeover ? adapter.declineTakeover(command.callId) : unsupported(command);
    case 'forwardToPhone': return adapter.forwardToPhone ? adapter.forwardToPhone(command.callId, command.number, command.remote) : unsupported(command);
  }
}

function unsupported(command: AdapterCommand): Promise<never> {
  return Promise.reject(new RinglineError('unsupported', `This media connection cannot ${command.name}`, { callId: command.callId }));
}

/** The reducer only issues these when the capability is declared, so a missing method is the adapter's bug. */
export function runDeviceCommand(adapter: MediaAdapter, command: DeviceCommand): Promise<void> {
  const missing = () => Promise.reject(new Error(`The adapter declares the capability but has no ${command.name}`));
  switch (command.name) {
    case 'selectDevice': return adapter.selectDevice ? adapter.selectDevice(command.kind, command.deviceId) : missing();
    case 'setVolume': return adapter.setVolume ? adapter.setVolume(command.volume) : missing();
    case 'setVideoEffect': return adapter.setVideoEffect ? adapter.setVideoEffect(command.effect) : missing();
  }
}
