// 001's audio settings and 003's camera tab: microphone, speaker, volume,
// camera and background effect. Choices persist and apply to later calls.
import { useDevices } from '@ringline/react';
import type { VideoEffectKind } from '@ringline/core';

const effectNames: Record<VideoEffectKind, string> = { none: 'None', blur: 'Blur', faceTrace: 'Face trace', image: 'Custom image' };

export function DeviceSettings({ video }: { video: boolean }) {
  const devices = useDevices();
  const { preferences } = devices;
  const picker = (label: string, kind: 'microphone' | 'speaker' | 'camera', list: typeof devices.microphones, chosen: string | undefined) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select value={chosen ?? ''} disabled={!devices.canSelect || list.length === 0} onChange={(event) => devices.selectDevice(kind, event.target.value)}>
        <option value="">System default</option>
        {list.map((device) => <option key={device.deviceId} value={device.deviceId}>{device.label || device.deviceId}</option>)}
      </select>
    </label>
  );
  return (
    <div className="settings" data-testid="settings">
      {picker('Microphone', 'microphone', devices.microphones, preferences.microphoneId)}
      {picker('Speaker', 'speaker', devices.speakers, preferences.speakerId)}
      <label className="field">
        <span className="field__label">Volume <span className="muted">{Math.round(preferences.volume * 100)}%</span></span>
        <input type="range" min={0} max={100} value={Math.round(preferences.volume * 100)} onChange={(event) => devices.setVolume(Number(event.target.value) / 100)} />
      </label>
      {video && picker('Camera', 'camera', devices.cameras, preferences.cameraId)}
      {video && (
        <div className="field">
          <span className="field__label">Background</span>
          <div className="segmented">
            {(['none', 'blur', 'faceTrace'] as const).map((kind) => (
              <button key={kind} type="button" className={preferences.videoEffect.kind === kind ? 'is-selected' : ''} disabled={!devices.videoEffects.includes(kind)}
                title={devices.videoEffects.includes(kind) ? undefined : 'Needs a segmentation model plugged into the adapter'}
                onClick={() => devices.setVideoEffect({ kind })}>
                {effectNames[kind]}
              </button>
            ))}
          </div>
        </div>
      )}
      {devices.microphones.length === 0 && <p className="hint">Device lists appear once the browser has granted the microphone (after the first call starts).</p>}
    </div>
  );
}
