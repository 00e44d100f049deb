// Getting the microphone, camera and screen with the user's chosen devices,
// and turning the browser's failures into typed errors that name the device.
import { RinglineError, toErrorInfo, type CallId, type Device, type MediaDeviceEntry } from '@ringline/core';

/** The part of `navigator.mediaDevices` the adapter uses; in Node, `@roamhq/wrtc`'s. */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia?(constraints?: DisplayMediaStreamOptions): Promise<MediaStream>;
  enumerateDevices?(): Promise<MediaDeviceInfo[]>;
  addEventListener?(type: 'devicechange', listener: () => void): void;
  removeEventListener?(type: 'devicechange', listener: () => void): void;
}

export function defaultMediaDevices(): MediaDevicesLike | undefined {
  return (globalThis as { navigator?: { mediaDevices?: MediaDevicesLike } }).navigator?.mediaDevices;
}

function failure(thrown: unknown, device: Device, callId?: CallId): RinglineError {
  const info = toErrorInfo(thrown, 'deviceUnavailable', device, callId);
  return new RinglineError(info.code, info.message, { cause: thrown, device, ...(callId ? { callId } : {}) });
}

const pick = (deviceId: string | undefined): MediaTrackConstraints | true => (deviceId ? { deviceId: { exact: deviceId } } : true);

async function one(devices: MediaDevicesLike | undefined, kind: 'audio' | 'video', deviceId: string | undefined, callId?: CallId): Promise<MediaStreamTrack> {
  const device: Device = kind === 'audio' ? 'microphone' : 'camera';
  if (!devices) throw new RinglineError('unsupported', 'This environment has no media devices', { device, ...(callId ? { callId } : {}) });
  let stream: MediaStream;
  try {
    stream = await devices.getUserMedia(kind === 'audio' ? { audio: pick(deviceId) } : { video: pick(deviceId) });
  } catch (thrown) {
    throw failure(thrown, device, callId);
  }
  const [track] = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
  if (!track) throw new RinglineError('deviceUnavailable', `The browser returned no ${device} track`, { device, ...(callId ? { callId } : {}) });
  return track;
}

export const getMicrophone = (devices: MediaDevicesLike | undefined, deviceId: string | undefined, callId?: CallId) => one(devices, 'audio', deviceId, callId);
export const getCamera = (devices: MediaDevicesLike | undefined, deviceId: string | undefined, callId?: CallId) => one(devices, 'video', deviceId, callId);

export async function getScreen(devices: MediaDevicesLike | undefined, callId: CallId): Promise<MediaStreamTrack> {
  if (!devices?.getDisplayMedia) throw new RinglineError('unsupported', 'This browser cannot share the screen', { device: 'screen', callId });
  let stream: MediaStream;
  try {
    stream = await devices.getDisplayMedia({ video: true, audio: false });
  } catch (thrown) {
    throw failure(thrown, 'screen', callId);
  }
  const [track] = stream.getVideoTracks();
  if (!track) throw new RinglineError('deviceUnavailable', 'The screen picker returned no video', { device: 'screen', callId });
  return track;
}

const kindOf = { audioinput: 'microphone', audiooutput: 'speaker', videoinput: 'camera' } as const;

export async function listDevices(devices: MediaDevicesLike | undefined): Promise<MediaDeviceEntry[]> {
  if (!devices?.enumerateDevices) return [];
  const infos = await devices.enumerateDevices();
  const entries: MediaDeviceEntry[] = [];
  for (const info of infos) {
    const kind = kindOf[info.kind as keyof typeof kindOf];
    // Before a permission grant browsers list devices without ids; those cannot be chosen.
    if (kind && info.deviceId) entries.push({ kind, deviceId: info.deviceId, label: info.label });
  }
  return entries;
}
