// What usePersistPreferences saves, and when: a choice made by the click that
// closes the settings, a device that is only unplugged today, a choice this
// adapter cannot apply, and a storage object written inline.
import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPreferences, preferencesKey, useCallDuration, useDevices, usePersistPreferences } from '../src/index.js';
import { connectedCall, harness, memoryStorage } from './support.js';

afterEach(cleanup);

describe('saved preferences and devices that come and go', () => {
  it('a saved headset that is unplugged at page load is not overwritten by the system default', async () => {
    const storage = memoryStorage({ [preferencesKey]: JSON.stringify({ microphoneId: 'headset', volume: 0.7, videoEffect: { kind: 'blur' } }) });
    const h = harness({ preferences: loadPreferences(storage) });
    renderHook(() => usePersistPreferences({ storage }), { wrapper: h.wrapper });
    // The adapter's first device list: the headset is not plugged in today. Core falls back to the default (as it should for the live call).
    await h.run(() => h.adapter.remote.setDevices([{ kind: 'microphone', deviceId: 'built-in', label: 'Built-in' }]));
    expect(h.engine.getSnapshot().devices.preferences.microphoneId).toBeUndefined();
    // The user never chose anything, yet the saved choice is gone for the next visit, when the headset is back.
    expect(storage.writes).toEqual([]);
    expect(loadPreferences(storage).microphoneId).toBe('headset');
  });
});

describe('saved preferences in a settings dialog', () => {
  it('a choice made by the click that also closes the dialog is saved', async () => {
    const storage = memoryStorage();
    const h = harness();
    function Settings({ onDone }: { onDone: () => void }) {
      usePersistPreferences({ storage });
      const { setVideoEffect } = useDevices();
      return <button onClick={() => { setVideoEffect({ kind: 'blur' }); onDone(); }}>Blur and close</button>;
    }
    function Page() {
      const [open, setOpen] = useState(true);
      return open ? <Settings onDone={() => setOpen(false)} /> : <p>closed</p>;
    }
    render(<Page />, { wrapper: h.wrapper });
    await act(async () => {
      fireEvent.click(screen.getByText('Blur and close'));
      await h.clock.tick(20);
    });
    expect(screen.getByText('closed')).toBeTruthy();
    expect(h.engine.getSnapshot().devices.preferences.videoEffect).toEqual({ kind: 'blur' });
    // The engine has the choice; storage never got it, so the next visit starts without blur (003: the effect persists).
    expect(loadPreferences(storage).videoEffect).toEqual({ kind: 'blur' });
  });
});

describe('saved preferences with a storage object written inline', () => {
  it('writes once per change, not once per render', async () => {
    const h = harness();
    const writes: string[] = [];
    const backing = memoryStorage();
    await connectedCall(h);
    renderHook(() => {
      // A wrapper written inline (a namespaced or sessionStorage-backed adapter): a new object each render.
      usePersistPreferences({ storage: { getItem: backing.getItem, setItem: (key, value) => { writes.push(value); backing.setItem(key, value); } } });
      return { duration: useCallDuration(), devices: useDevices() };
    }, { wrapper: h.wrapper });
    await h.run(() => h.engine.setVolume(0.3));
    expect(writes).toHaveLength(1);
    // Ten seconds of the call timer re-rendering this component, no preference touched.
    await h.advance(10_000);
    expect(writes).toHaveLength(1);
  });

  it('a saved background effect this adapter does not offer survives a change of the volume (003: the effect persists)', async () => {
    // Saved where the adapter offered blur; today's adapter has no effects, so the engine runs with none.
    const storage = memoryStorage({ [preferencesKey]: JSON.stringify({ volume: 0.7, videoEffect: { kind: 'blur' } }) });
    const h = harness({ preferences: loadPreferences(storage), capabilities: { deviceSelection: true, video: false, videoEffects: [] } });
    expect(h.engine.getSnapshot().devices.preferences.videoEffect).toEqual({ kind: 'none' });
    renderHook(() => usePersistPreferences({ storage }), { wrapper: h.wrapper });
    await h.run(() => h.engine.setVolume(0.4));
    expect(loadPreferences(storage)).toEqual({ volume: 0.4, videoEffect: { kind: 'blur' } });
  });
});

