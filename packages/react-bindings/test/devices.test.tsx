import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPreferences, type PreferenceStorage, preferencesKey, useDevices, usePersistPreferences } from '../src/index.js';
import { connectedCall, harness, modes, memoryStorage } from './support.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const devices = [
  { kind: 'microphone', deviceId: 'mic-1', label: 'Headset' },
  { kind: 'microphone', deviceId: 'mic-2', label: 'Built-in' },
  { kind: 'speaker', deviceId: 'spk-1', label: 'Headset' },
  { kind: 'camera', deviceId: 'cam-1', label: 'Webcam' },
] as const;

describe.each(modes)('devices ($name)', ({ strict }) => {
  it('lists devices by kind, switches the live call\'s microphone, sets volume and a background effect', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h);
    const { result } = renderHook(() => useDevices(), { wrapper: h.wrapper });
    expect(result.current.canSelect).toBe(true);
    expect(result.current.videoEffects).toEqual(['none', 'blur', 'faceTrace', 'image']);
    await h.run(() => h.adapter.remote.setDevices(devices.map((device) => ({ ...device }))));
    expect(result.current.microphones.map((device) => device.deviceId)).toEqual(['mic-1', 'mic-2']);
    expect(result.current.speakers).toHaveLength(1);
    expect(result.current.cameras).toHaveLength(1);
    await h.run(() => result.current.selectDevice('microphone', 'mic-2'));
    await h.run(() => result.current.setVolume(0.4));
    await h.run(() => result.current.setVideoEffect({ kind: 'blur' }));
    expect(result.current.preferences).toMatchObject({ microphoneId: 'mic-2', volume: 0.4, videoEffect: { kind: 'blur' } });
    expect(h.commands('selectDevice')).toHaveLength(1);
    const unknown = result.current.selectDevice('microphone', 'gone');
    expect(!unknown.ok && unknown.error.code).toBe('unknownDevice');
    expect(h.engine.getSnapshot().calls[0]?.id).toBe(callId);
  });

  it('the background effect survives a reload: saved on change, read back into a new engine (003)', async () => {
    const storage = memoryStorage();
    const first = harness({ strict });
    const { result } = renderHook(() => {
      usePersistPreferences({ storage });
      return useDevices();
    }, { wrapper: first.wrapper });
    // Mounting writes nothing: a saved choice is never overwritten by the defaults.
    expect(storage.writes).toEqual([]);
    await first.run(() => result.current.setVideoEffect({ kind: 'image', url: 'https://cdn.example/office.jpg' }));
    await first.run(() => result.current.setVolume(0.5));
    expect(storage.writes).toHaveLength(2);

    const reloaded = harness({ strict, preferences: loadPreferences(storage) });
    expect(reloaded.engine.getSnapshot().devices.preferences).toMatchObject({ volume: 0.5, videoEffect: { kind: 'image', url: 'https://cdn.example/office.jpg' } });
    const callId = await connectedCall(reloaded);
    const connect = reloaded.adapter.log.find((entry) => entry.name === 'connect' && entry.callId === callId);
    expect(JSON.stringify(connect?.args)).toContain('office.jpg');
  });

  it('uses localStorage by default, and only inside effects', async () => {
    const h = harness({ strict });
    const { result } = renderHook(() => {
      usePersistPreferences();
      return useDevices();
    }, { wrapper: h.wrapper });
    expect(localStorage.getItem(preferencesKey)).toBeNull();
    await h.run(() => result.current.setVideoEffect({ kind: 'faceTrace' }));
    expect(JSON.parse(localStorage.getItem(preferencesKey)!)).toMatchObject({ videoEffect: { kind: 'faceTrace' } });
    // What the user chose is saved; what they did not touch (the volume) is left to the engine's default.
    expect(loadPreferences()).toEqual({ videoEffect: { kind: 'faceTrace' } });
  });
});

describe('loadPreferences', () => {
  it('a hand-edited entry starts an engine with its well-formed fields only', () => {
    const saved = JSON.stringify({ microphoneId: 'mic-1', speakerId: 3, volume: 7, videoEffect: { kind: 'image' }, extra: true });
    const h = harness({ preferences: loadPreferences(memoryStorage({ [preferencesKey]: saved })) });
    expect(h.engine.getSnapshot().devices.preferences).toEqual({ microphoneId: 'mic-1', volume: 1, videoEffect: { kind: 'none' } });
    expect(loadPreferences(memoryStorage({ [preferencesKey]: '{not json' }))).toEqual({});
    expect(loadPreferences(memoryStorage({ [preferencesKey]: '[1,2]' }))).toEqual({});
    expect(loadPreferences(memoryStorage())).toEqual({});
    const throwing: PreferenceStorage = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => {} };
    expect(loadPreferences(throwing)).toEqual({});
  });

  it('a storage that refuses to write loses the choice, not the call', async () => {
    const h = harness();
    const full: PreferenceStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const { result } = renderHook(() => {
      usePersistPreferences({ storage: full });
      return useDevices();
    }, { wrapper: h.wrapper });
    await act(async () => void result.current.setVolume(0.2));
    expect(result.current.preferences.volume).toBe(0.2);
  });
});
