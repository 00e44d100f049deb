import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isRinglineError } from '@ringline/core';
import { shallowEqual, useActiveCall, useCall, useCallControls, useCallHistory, useEngine, useIncomingCalls, useMissedCalls, useSelector } from '../src/index.js';
import { useHold } from '../src/desk.js';
import { connectedCall, harness, modes } from './support.js';

afterEach(cleanup);

describe.each(modes)('call hooks ($name)', ({ strict }) => {
  it('mounting sends no command; one click sends exactly one', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h);
    const before = h.commands().length;
    function MuteButton() {
      const { controls, toggleMute } = useCallControls();
      return <button onClick={() => toggleMute()}>{controls.mute.active ? 'Unmute' : 'Mute'}</button>;
    }
    render(<MuteButton />, { wrapper: h.wrapper });
    expect(h.commands().length).toBe(before);
    await act(async () => {
      fireEvent.click(screen.getByText('Mute'));
      await h.clock.tick(20);
    });
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
    expect(screen.getByText('Unmute')).toBeTruthy();
  });

  it('useSelector keeps the reference while the slice is equal', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h);
    const { result } = renderHook(() => useSelector((state) => ({ phase: state.calls[0]?.phase }), shallowEqual), { wrapper: h.wrapper });
    const first = result.current;
    expect(first).toEqual({ phase: 'connected' });
    await h.run(() => h.adapter.remote.setMedia(callId, { muted: true }));
    expect(result.current).toBe(first);
    await h.run(() => h.engine.hangUp(callId));
    expect(result.current).toEqual({ phase: undefined });
  });

  it('active call, a call by id, history and missed calls follow the engine', async () => {
    const h = harness({ strict });
    const { result } = renderHook(() => ({
      active: useActiveCall(), incoming: useIncomingCalls(), history: useCallHistory(), missed: useMissedCalls(), byId: useCall('call-x'),
    }), { wrapper: h.wrapper });
    expect(result.current.active).toBeUndefined();
    const ringing = await h.run(() => h.adapter.remote.ring({ callId: 'call-x', remote: { name: 'Eve' }, ringTimeoutMs: 5_000 }));
    expect(result.current.incoming.map((call) => call.id)).toEqual([ringing]);
    expect(result.current.byId?.phase).toBe('ringing');
    await h.advance(5_000);
    expect(result.current.incoming).toEqual([]);
    expect(result.current.missed.map((missed) => missed.callId)).toEqual(['call-x']);
    expect(result.current.history[0]).toMatchObject({ id: 'call-x', endReason: 'missed' });
    const callId = await connectedCall(h);
    expect(result.current.active?.id).toBe(callId);
    await h.run(() => h.engine.hangUp(callId));
    expect(result.current.active).toBeUndefined();
    expect(result.current.history[0]).toMatchObject({ id: callId, endReason: 'completed' });
  });

  it('hold goes through holding to on, and a refused hold rolls back to off', async () => {
    const h = harness({ strict });
    await connectedCall(h);
    const { result } = renderHook(() => useHold(), { wrapper: h.wrapper });
    expect(result.current.hold?.status).toBe('off');
    act(() => void result.current.putOnHold());
    expect(result.current.hold?.status).toBe('holding');
    await h.advance(20);
    expect(result.current.hold?.status).toBe('on');
    expect(result.current.since).toBe(h.clock.now() - 10);
    await h.run(() => result.current.resume());
    expect(result.current.hold?.status).toBe('off');
    h.adapter.failNext('hold');
    await h.run(() => result.current.putOnHold());
    expect(result.current.hold?.status).toBe('off');
    expect(h.commands('hold')).toHaveLength(2);
  });

  it('controls say what exists and what is enabled, from state and capabilities (003)', async () => {
    const h = harness({ strict, capabilities: { screenShare: false } });
    const { result } = renderHook(() => useCallControls(), { wrapper: h.wrapper });
    expect(Object.values(result.current.controls).every((control) => !control.visible)).toBe(true);
    await h.run(() => h.adapter.remote.ring({ callId: 'ring-1', media: 'audio' }));
    expect(result.current.callId).toBe('ring-1');
    expect(result.current.controls.accept).toEqual({ visible: true, enabled: true, active: false });
    expect(result.current.controls.mute.visible).toBe(false);
    await h.run(() => result.current.accept());
    await h.advance(20);
    const { controls } = result.current;
    expect(controls.accept.visible).toBe(false);
    expect(controls.hangUp.enabled).toBe(true);
    expect(controls.screenShare.visible).toBe(false);
    expect(controls.camera.visible).toBe(true);
    expect(controls.transfer.visible).toBe(false);
    act(() => void result.current.toggleHold());
    // Holding: the button is there but waits for the network.
    expect(result.current.controls.hold).toEqual({ visible: true, enabled: false, active: false });
    await h.advance(20);
    expect(result.current.controls.hold).toEqual({ visible: true, enabled: true, active: true });
    await h.run(() => result.current.toggleHold());
    expect(result.current.controls.hold).toEqual({ visible: true, enabled: true, active: false });
    expect(result.current.controls.dialPad).toEqual({ visible: true, enabled: true, active: false });
    act(() => void result.current.toggleCamera());
    expect(result.current.controls.camera).toEqual({ visible: true, enabled: false, active: false });
    await h.advance(20);
    expect(result.current.controls.camera).toEqual({ visible: true, enabled: true, active: true });
  });

  it('toggleHold decides when pressed: one kept from an earlier render resumes a call now on hold', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h);
    const { result } = renderHook(() => useCallControls(), { wrapper: h.wrapper });
    // Registered once, as with a global hotkey library.
    const kept = result.current.toggleHold;
    await h.run(() => kept());
    expect(h.engine.getSnapshot().calls[0]?.hold.status).toBe('on');
    expect((await h.run(() => kept())).ok).toBe(true);
    expect(h.commands('resume')).toEqual([`resume:${callId}`]);
  });

  it('an inline selector returning a new equal object keeps the rendered reference across changes of other state', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h);
    // A new selector function every render, as an inline arrow is.
    const { result, rerender } = renderHook(() => useSelector((state) => ({ phase: state.calls[0]?.phase }), shallowEqual), { wrapper: h.wrapper });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    await h.run(() => h.adapter.remote.setMedia(callId, { muted: true }));
    rerender();
    expect(result.current).toBe(first);
  });

  it('a hook outside the provider fails with a typed error', () => {
    const h = harness({ strict });
    let caught: unknown;
    try {
      renderHook(() => useEngine());
    } catch (error) {
      caught = error;
    }
    expect(isRinglineError(caught) && caught.code).toBe('invalidState');
    h.engine.dispose();
  });
});
