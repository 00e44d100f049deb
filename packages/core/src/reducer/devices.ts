// Microphone, speaker, camera, output volume and the background effect (001
// settings, 003 device settings and background effects). These are the
// user's choices, not a call's: they live beside the calls, apply to the live
// call at once and to every later call through the connect request.
// A choice is taken at once and rolled back if the adapter refuses it, unless
// a newer choice has replaced it in the meantime.
import type { AdapterCapabilities } from '../adapter.js';
import type { EngineConfig } from '../config.js';
import type { CommandInput, DeviceCommand } from '../events.js';
import type {
  DeviceKind, EngineState, ErrorInfo, MediaDeviceEntry, MediaPreferences, VideoEffect,
} from '../model.js';
import { reject, unchanged, withDevices, type Transition } from './transition.js';

type At<T> = T & { at: number };

const preferenceKey = { microphone: 'microphoneId', speaker: 'speakerId', camera: 'cameraId' } as const satisfies Record<DeviceKind, keyof MediaPreferences>;

export function isDeviceKind(kind: unknown): kind is DeviceKind {
  return kind === 'microphone' || kind === 'speaker' || kind === 'camera';
}

export function isVideoEffect(effect: unknown): effect is VideoEffect {
  const kind = (effect as { kind?: unknown } | null)?.kind;
  if (kind === 'none' || kind === 'blur' || kind === 'faceTrace') return true;
  if (kind !== 'image') return false;
  const url = (effect as { url?: unknown }).url;
  return typeof url === 'string' && url.length > 0 && url.length <= 2_048;
}

function withPreferences(state: EngineState, preferences: MediaPreferences, requests = state.devices.requests): EngineState {
  return withDevices(state, requests ? { preferences, available: state.devices.available, requests } : { preferences, available: state.devices.available });
}

/** The next choice of one setting: its number, and the state's record of it as the latest. */
type Setting = DeviceKind | 'videoEffect' | 'volume';

function nextRequest(state: EngineState, setting: Setting) {
  const request = (state.devices.requests?.[setting] ?? 0) + 1;
  return { request, requests: { ...state.devices.requests, [setting]: request } };
}

function isLatest(state: EngineState, setting: Setting, request: number | undefined): boolean {
  return request === undefined || request === (state.devices.requests?.[setting] ?? 0);
}

function setPreferredDevice(preferences: MediaPreferences, kind: DeviceKind, deviceId: string | undefined): MediaPreferences {
  const next = { ...preferences };
  if (deviceId === undefined) delete next[preferenceKey[kind]];
  else next[preferenceKey[kind]] = deviceId;
  return next;
}

export function selectDevice(state: EngineState, event: At<Extract<CommandInput, { type: 'selectDevice' }>>, config: EngineConfig): Transition {
  if (!config.capabilities.deviceSelection) return reject(state, 'unsupported', 'This adapter cannot choose devices');
  if (!isDeviceKind(event.kind) || typeof event.deviceId !== 'string' || event.deviceId.length > 1_024) {
    return reject(state, 'invalidInput', 'selectDevice needs a kind (microphone, speaker or camera) and a deviceId');
  }
  const known = state.devices.available.filter((device) => device.kind === event.kind);
  if (known.length > 0 && !known.some((device) => device.deviceId === event.deviceId)) {
    return reject(state, 'unknownDevice', `No ${event.kind} with id ${JSON.stringify(event.deviceId)}`);
  }
  const previous = state.devices.preferences[preferenceKey[event.kind]];
  if (previous === event.deviceId) return unchanged(state);
  const { request, requests } = nextRequest(state, event.kind);
  return {
    state: withPreferences(state, setPreferredDevice(state.devices.preferences, event.kind, event.deviceId), requests),
    effects: [{ type: 'device', command: { name: 'selectDevice', kind: event.kind, deviceId: event.deviceId, previous, request } }],
  };
}

export function setVolume(state: EngineState, event: At<Extract<CommandInput, { type: 'setVolume' }>>, config: EngineConfig): Transition {
  if (!config.capabilities.deviceSelection) return reject(state, 'unsupported', 'This adapter cannot set the volume');
  const volume = event.volume;
  if (typeof volume !== 'number' || !(volume >= 0 && volume <= 1)) return reject(state, 'invalidInput', `The volume is from 0 to 1, got ${JSON.stringify(volume)}`);
  const previous = state.devices.preferences.volume;
  if (volume === previous) return unchanged(state);
  const { request, requests } = nextRequest(state, 'volume');
  return {
    state: withPreferences(state, { ...state.devices.preferences, volume }, requests),
    effects: [{ type: 'device', command: { name: 'setVolume', volume, previous, request } }],
  };
}

export function setVideoEffect(state: EngineState, event: At<Extract<CommandInput, { type: 'setVideoEffect' }>>, config: EngineConfig): Transition {
  const effect = event.effect;
  if (!isVideoEffect(effect)) return reject(state, 'invalidInput', 'A background effect is none, blur, faceTrace, or image with a url');
  if (effect.kind !== 'none' && !config.capabilities.videoEffects?.includes(effect.kind)) {
    return reject(state, 'unsupported', `This adapter has no ${effect.kind} background effect`);
  }
  const previous = state.devices.preferences.videoEffect;
  if (sameEffect(previous, effect)) return unchanged(state);
  const copy: VideoEffect = effect.kind === 'image' ? { kind: 'image', url: effect.url } : { kind: effect.kind };
  const { request, requests } = nextRequest(state, 'videoEffect');
  return {
    state: withPreferences(state, { ...state.devices.preferences, videoEffect: copy }, requests),
    effects: [{ type: 'device', command: { name: 'setVideoEffect', effect: copy, previous, request } }],
  };
}

function sameEffect(a: VideoEffect, b: VideoEffect): boolean {
  return a.kind === b.kind && (a.kind !== 'image' || a.url === (b as { url: string }).url);
}

/**
 * The device list changed (a headset plugged in or out). A preferred device
 * that is gone falls back to the system default, which is what the browser
 * will use, so the settings never show a device that is not there.
 */
export function devicesChanged(state: EngineState, event: At<{ devices: MediaDeviceEntry[] }>): Transition {
  let preferences = state.devices.preferences;
  for (const kind of ['microphone', 'speaker', 'camera'] as const) {
    const chosen = preferences[preferenceKey[kind]];
    if (chosen !== stillListed(event.devices, kind, chosen)) preferences = setPreferredDevice(preferences, kind, undefined);
  }
  return { state: withDevices(state, { ...state.devices, preferences, available: event.devices }), effects: [] };
}

/**
 * A refused choice goes back to what it was, unless a newer choice replaced
 * it meanwhile: after B (refused), C, B, the second B decides, not the first.
 * A device unplugged meanwhile is not gone back to: the system default is
 * what plays then (as in `devicesChanged`).
 */
export function deviceCommandFailed(state: EngineState, command: DeviceCommand, error: ErrorInfo): Transition {
  const preferences = state.devices.preferences;
  const effects = [{ type: 'error' as const, error }];
  switch (command.name) {
    case 'selectDevice':
      if (preferences[preferenceKey[command.kind]] !== command.deviceId || !isLatest(state, command.kind, command.request)) return { state, effects };
      return { state: withPreferences(state, setPreferredDevice(preferences, command.kind, stillListed(state.devices.available, command.kind, command.previous))), effects };
    case 'setVideoEffect':
      if (!sameEffect(preferences.videoEffect, command.effect) || !isLatest(state, 'videoEffect', command.request)) return { state, effects };
      return { state: withPreferences(state, { ...preferences, videoEffect: command.previous }), effects };
    case 'setVolume':
      // Hand-written failures without `previous` leave the slider where it is.
      if (preferences.volume !== command.volume || command.previous === undefined || !isLatest(state, 'volume', command.request)) return { state, effects };
      return { state: withPreferences(state, { ...preferences, volume: command.previous }), effects };
    default:
      return reject(state, 'invalidInput', `Unknown device command ${JSON.stringify((command as { name?: unknown } | null)?.name)}`);
  }
}

/** The device, if the list has it or has none of its kind (nothing to check against yet). */
function stillListed(devices: readonly MediaDeviceEntry[], kind: DeviceKind, deviceId: string | undefined): string | undefined {
  const listed = devices.filter((device) => device.kind === kind);
  return listed.length === 0 || listed.some((device) => device.deviceId === deviceId) ? deviceId : undefined;
}

/**
 * Preferences given to `createCallEngine` (e.g. read back from storage),
 * checked field by field and copied: the page's object stays the page's. A
 * background effect this adapter does not have is dropped, as
 * `setVideoEffect` would refuse it.
 */
export function initialPreferences(given: Partial<MediaPreferences> | undefined, base: MediaPreferences, capabilities: AdapterCapabilities): MediaPreferences {
  if (typeof given !== 'object' || given === null) return base;
  const preferences: MediaPreferences = { ...base };
  for (const kind of ['microphone', 'speaker', 'camera'] as const) {
    const id = given[preferenceKey[kind]];
    if (typeof id === 'string' && id.length <= 1_024) preferences[preferenceKey[kind]] = id;
  }
  if (typeof given.volume === 'number' && given.volume >= 0 && given.volume <= 1) preferences.volume = given.volume;
  const effect = given.videoEffect;
  if (isVideoEffect(effect) && (effect.kind === 'none' || capabilities.videoEffects?.includes(effect.kind))) {
    preferences.videoEffect = effect.kind === 'image' ? { kind: 'image', url: effect.url } : { kind: effect.kind };
  }
  return preferences;
}
