// The settings panel (001, 003): microphone, speaker and camera pickers, the
// output volume and the background effect, with what the adapter supports.
import type { DeviceKind, EngineState, MediaDeviceEntry, MediaPreferences, SendResult, VideoEffect, VideoEffectKind } from './core.js';
import { useMemo } from './react.js';
import { useEngine } from './provider.js';
import { useSelector } from './useSelector.js';

export interface DevicesResult {
  preferences: MediaPreferences;
  microphones: MediaDeviceEntry[];
  speakers: MediaDeviceEntry[];
  cameras: MediaDeviceEntry[];
  /** The adapter can switch devices and set the volume; hide the pickers otherwise. */
  canSelect: boolean;
  /** Background effects on offer; `none` is always possible. */
  videoEffects: readonly VideoEffectKind[];
  selectDevice(kind: DeviceKind, deviceId: string): SendResult;
  setVolume(volume: number): SendResult;
  setVideoEffect(effect: VideoEffect): SendResult;
}

const devicesOf = (state: EngineState) => state.devices;

export function useDevices(): DevicesResult {
  const engine = useEngine();
  const { preferences, available } = useSelector(devicesOf);
  const lists = useMemo(() => {
    const of = (kind: DeviceKind) => available.filter((device) => device.kind === kind);
    return { microphones: of('microphone'), speakers: of('speaker'), cameras: of('camera') };
  }, [available]);
  const effects = engine.capabilities.videoEffects;
  return useMemo(() => ({
    preferences,
    ...lists,
    canSelect: engine.capabilities.deviceSelection === true,
    videoEffects: effects?.includes('none') ? effects : ['none', ...(effects ?? [])],
    selectDevice: (kind: DeviceKind, deviceId: string) => engine.selectDevice(kind, deviceId),
    setVolume: (volume: number) => engine.setVolume(volume),
    setVideoEffect: (effect: VideoEffect) => engine.setVideoEffect(effect),
  }), [engine, effects, preferences, lists]);
}
