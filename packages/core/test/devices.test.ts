// 001's settings (microphone, speaker, volume) and 003's device settings and
// background effects: choices outlive calls, reach the live call at once and
// every later call through connect, and roll back when the device refuses.
import { describe, expect, it } from 'vitest';
import { availableDevices, createCallEngine, defaultDevices, initialEngineState, mediaPreferences, type MediaDeviceEntry } from '../src/index.js';
import { createLoopbackAdapter, createVirtualClock } from '../src/testing/index.js';
import { connectedOutbound, harness } from './support.js';

const devices: MediaDeviceEntry[] = [
  { kind: 'microphone', deviceId: 'mic-1', label: 'Built-in microphone' },
  { kind: 'microphone', deviceId: 'mic-2', label: 'Headset microphone' },
  { kind: 'speaker', deviceId: 'spk-1', label: 'Built-in speakers' },
  { kind: 'camera', deviceId: 'cam-1', label: 'FaceTime HD' },
];

describe('devices and volume', () => {
  it('a chosen microphone reaches the live call at once and every later call through connect', async () => {
    const h = harness();
    h.adapter.remote.setDevices(devices);
    const callId = await connectedOutbound(h, 'audio');
    expect(h.engine.selectDevice('microphone', 'mic-2')).toEqual({ ok: true });
    expect(mediaPreferences(h.engine.getSnapshot()).microphoneId).toBe('mic-2');
    await h.clock.tick(20);
    expect(h.adapter.log.filter((r) => r.name === 'selectDevice').map((r) => r.args)).toEqual([['microphone', 'mic-2']]);
    h.engine.hangUp(callId);
    await h.clock.tick(20);
    await connectedOutbound(h, 'audio');
    const connects = h.adapter.log.filter((r) => r.name === 'connect');
    expect(connects.at(-1)!.args[0]).toMatchObject({ preferences: { microphoneId: 'mic-2', volume: 1 } });
  });

  it('lists the reported devices per kind for a picker', () => {
    const h = harness();
    expect(availableDevices(h.engine.getSnapshot(), 'microphone')).toEqual([]);
    h.adapter.remote.setDevices(devices);
    expect(availableDevices(h.engine.getSnapshot(), 'microphone').map((d) => d.deviceId)).toEqual(['mic-1', 'mic-2']);
    expect(availableDevices(h.engine.getSnapshot(), 'speaker')).toHaveLength(1);
  });

  it('refuses a device that is not in the list, and bad volumes, changing nothing', () => {
    const h = harness();
    h.adapter.remote.setDevices(devices);
    const before = h.engine.getSnapshot();
    expect(h.engine.selectDevice('camera', 'cam-9')).toMatchObject({ ok: false, error: { code: 'unknownDevice' } });
    for (const volume of [-0.1, 1.5, Number.NaN, '0.5' as unknown as number]) {
      expect(h.engine.setVolume(volume)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    }
    expect(h.engine.send({ type: 'selectDevice', kind: 'printer', deviceId: 'x' } as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(h.engine.getSnapshot()).toBe(before);
  });

  it('a device the browser cannot open rolls the choice back and says which device', async () => {
    const h = harness();
    h.adapter.remote.setDevices(devices);
    h.adapter.failNext('selectDevice');
    h.engine.selectDevice('microphone', 'mic-2');
    await h.clock.tick(20);
    expect(mediaPreferences(h.engine.getSnapshot()).microphoneId).toBeUndefined();
    const error = h.outputs.find((o) => o.type === 'error');
    expect(error).toMatchObject({ error: { code: 'deviceUnavailable', device: 'microphone' } });
    expect(error?.type === 'error' && error.error.remedy).toMatch(/microphone/);
  });

  it('a late refusal of an older choice does not undo a newer one', async () => {
    const h = harness();
    h.adapter.remote.setDevices(devices);
    h.adapter.failNext('selectDevice');
    h.engine.selectDevice('microphone', 'mic-2');
    h.engine.selectDevice('microphone', 'mic-1');
    await h.clock.tick(20);
    expect(mediaPreferences(h.engine.getSnapshot()).microphoneId).toBe('mic-1');
  });

  it('a refusal of the first of two identical choices (B refused, C, B) leaves the second in place', async () => {
    const h = harness();
    h.adapter.remote.setDevices([...devices, { kind: 'microphone', deviceId: 'mic-3', label: 'USB microphone' }]);
    h.adapter.failNext('selectDevice');
    h.engine.selectDevice('microphone', 'mic-2');
    h.engine.selectDevice('microphone', 'mic-3');
    h.engine.selectDevice('microphone', 'mic-2');
    await h.clock.tick(20);
    expect(mediaPreferences(h.engine.getSnapshot()).microphoneId).toBe('mic-2');
    expect(h.outputs.filter((o) => o.type === 'error')).toHaveLength(1);
    // Likewise the background effect: blur (refused), image, blur.
    h.adapter.failNext('setVideoEffect');
    h.engine.setVideoEffect({ kind: 'blur' });
    h.engine.setVideoEffect({ kind: 'image', url: 'https://example.com/office.jpg' });
    h.engine.setVideoEffect({ kind: 'blur' });
    await h.clock.tick(20);
    expect(mediaPreferences(h.engine.getSnapshot()).videoEffect).toEqual({ kind: 'blur' });
    // The latest choice refused still rolls back, to the one before it.
    h.adapter.failNext('selectDevice');
    h.engine.selectDevice('microphone', 'mic-1');
    await h.clock.tick(20);
    expect(mediaPreferences(h.engine.getSnapshot()).microphoneId).toBe('mic-2');
  });

  it('a device unplugged falls back to the system default', () => {
    const h = harness();
    h.adapter.remote.setDevices(devices);
    h.engine.selectDevice('microphone', 'mic-2');
    h.engine.selectDevice('speaker', 'spk-1');
    h.adapter.remote.setDevices(devices.filter((d) => d.deviceId !== 'mic-2'));
    const preferences = mediaPreferences(h.engine.getSnapshot());
    expect(preferences.microphoneId).toBeUndefined();
    expect(preferences.speakerId).toBe('spk-1');
  });

  it('a malformed device list is reported and changes nothing', () => {
    const h = harness();
    const before = h.engine.getSnapshot();
    h.adapter.remote.emitRaw({ type: 'devicesChanged', devices: [{ kind: 'toaster', deviceId: 'x', label: '' }] });
    expect(h.engine.getSnapshot()).toBe(before);
    expect(h.outputs.at(-1)).toMatchObject({ type: 'error', error: { code: 'invalidAdapterEvent' } });
  });

  it('an adapter without device selection hides it: selection and volume are unsupported', () => {
    const h = harness({ loopback: { capabilities: { deviceSelection: false } } });
    expect(h.engine.setVolume(0.3)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(h.engine.selectDevice('microphone', 'mic-1')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('volume is kept and sent to the adapter', async () => {
    const h = harness();
    h.engine.setVolume(0.25);
    await h.clock.tick(20);
    expect(mediaPreferences(h.engine.getSnapshot()).volume).toBe(0.25);
    expect(h.adapter.log.filter((r) => r.name === 'setVolume').map((r) => r.args)).toEqual([[0.25]]);
  });
});

describe('background effects (003)', () => {
  it('the chosen effect is kept and applied to every later call', async () => {
    const h = harness();
    expect(h.engine.setVideoEffect({ kind: 'blur' })).toEqual({ ok: true });
    await connectedOutbound(h, 'video');
    expect(h.adapter.log.find((r) => r.name === 'connect')!.args[0]).toMatchObject({ preferences: { videoEffect: { kind: 'blur' } } });
  });

  it('an effect the adapter lacks is unsupported; an image needs its url', () => {
    const h = harness({ loopback: { capabilities: { videoEffects: ['blur'] } } });
    expect(h.engine.setVideoEffect({ kind: 'faceTrace' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(h.engine.setVideoEffect({ kind: 'image' } as never)).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(h.engine.setVideoEffect({ kind: 'none' })).toEqual({ ok: true });
    expect(mediaPreferences(h.engine.getSnapshot()).videoEffect).toEqual({ kind: 'none' });
  });

  it('a refused effect goes back to the one before', async () => {
    const h = harness();
    h.engine.setVideoEffect({ kind: 'blur' });
    await h.clock.tick(20);
    h.adapter.failNext('setVideoEffect');
    h.engine.setVideoEffect({ kind: 'image', url: 'https://example.test/office.jpg' });
    await h.clock.tick(20);
    expect(mediaPreferences(h.engine.getSnapshot()).videoEffect).toEqual({ kind: 'blur' });
    expect(h.outputs.filter((o) => o.type === 'error')).toHaveLength(1);
  });

  it('preferences kept by the page start a new engine; invalid fields are ignored', () => {
    const clock = createVirtualClock(0);
    const engine = createCallEngine({
      adapter: createLoopbackAdapter({ clock }),
      clock,
      preferences: { cameraId: 'cam-1', volume: 7, videoEffect: { kind: 'faceTrace' }, speakerId: 42 as unknown as string },
    });
    expect(mediaPreferences(engine.getSnapshot())).toEqual({ cameraId: 'cam-1', volume: 1, videoEffect: { kind: 'faceTrace' } });
  });

  it('preferences without an effect, or not an object at all, keep the defaults for what is missing', () => {
    const clock = createVirtualClock(0);
    const start = (preferences: unknown) =>
      mediaPreferences(createCallEngine({ adapter: createLoopbackAdapter({ clock }), clock, preferences: preferences as never }).getSnapshot());
    expect(start({ microphoneId: 'mic-1' })).toEqual({ microphoneId: 'mic-1', volume: 1, videoEffect: { kind: 'none' } });
    expect(start({ videoEffect: null, volume: '1' })).toEqual(defaultDevices.preferences);
    expect(start('blur')).toEqual(defaultDevices.preferences);
  });

  it('a snapshot from before devices were kept rehydrates with the defaults', () => {
    const clock = createVirtualClock(0);
    const { devices: _, ...old } = initialEngineState;
    const engine = createCallEngine({ adapter: createLoopbackAdapter({ clock }), clock, initialState: old as never });
    expect(engine.getSnapshot().devices).toEqual(defaultDevices);
  });
});
