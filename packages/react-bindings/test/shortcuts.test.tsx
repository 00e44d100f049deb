import { act, cleanup, render, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isRinglineError } from '@ringline/core';
import { normalizeShortcut, type ShortcutOptions, useCallShortcuts } from '../src/desk.js';
import { connectedCall, harness, modes } from './support.js';

afterEach(cleanup);

function press(key: string, init: KeyboardEventInit = { ctrlKey: true }, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  act(() => void target.dispatchEvent(event));
  return event;
}

describe.each(modes)('call shortcuts ($name)', ({ strict }) => {
  it('Ctrl+M, Ctrl+V and Ctrl+S toggle mute, camera and screen share once each, and keep Ctrl+S from the browser', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h, 'audio');
    let renders = 0;
    function Shortcuts() {
      renders++;
      useCallShortcuts();
      return null;
    }
    render(<Shortcuts />, { wrapper: h.wrapper });
    const mounted = renders;
    const save = press('s');
    expect(save.defaultPrevented).toBe(true);
    press('m');
    press('V', { ctrlKey: true });
    await h.advance(20);
    const local = h.engine.getSnapshot().calls[0]!.local;
    expect(local).toMatchObject({ muted: true, camera: 'on', screenShare: 'on' });
    // StrictMode's second effect run must not leave a second listener: each key acted once.
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
    expect(h.commands('setCamera')).toEqual([`setCamera:${callId}`]);
    expect(h.commands('startScreenShare')).toEqual([`startScreenShare:${callId}`]);
    expect(renders).toBe(mounted);
  });

  it('typing keeps its keys: nothing happens in inputs, textareas and editable content', async () => {
    const h = harness({ strict });
    await connectedCall(h, 'audio');
    render(<><input data-testid="text" /><textarea /><div contentEditable suppressContentEditableWarning>notes</div></>, {
      wrapper: ({ children }) => { const Wrapper = h.wrapper; return <Wrapper><Hook />{children}</Wrapper>; },
    });
    for (const target of [document.querySelector('input')!, document.querySelector('textarea')!, document.querySelector('[contenteditable]')!]) {
      const paste = press('v', { ctrlKey: true }, target);
      expect(paste.defaultPrevented).toBe(false);
    }
    expect(h.commands('setCamera')).toEqual([]);
  });

  it('without a live call, or with the control missing, the browser keeps the key', async () => {
    const h = harness({ strict, capabilities: { screenShare: false } });
    renderHook(() => useCallShortcuts(), { wrapper: h.wrapper });
    expect(press('m').defaultPrevented).toBe(false);
    await connectedCall(h, 'audio');
    expect(press('s').defaultPrevented).toBe(false);
    expect(press('m').defaultPrevented).toBe(true);
  });

  it('rebinding, turning one off, and turning all off', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h, 'audio');
    const { rerender } = renderHook<void, ShortcutOptions>((options) => useCallShortcuts(options), {
      wrapper: h.wrapper,
      initialProps: { keys: { toggleMute: 'Alt+Shift+M', toggleScreenShare: null } },
    });
    expect(press('m').defaultPrevented).toBe(false);
    expect(press('s').defaultPrevented).toBe(false);
    expect(press('M', { altKey: true, shiftKey: true }).defaultPrevented).toBe(true);
    rerender({ enabled: false });
    expect(press('m').defaultPrevented).toBe(false);
    await h.advance(20);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
    expect(h.commands('startScreenShare')).toEqual([]);
  });

  it('a malformed binding is refused with a typed error', () => {
    // Esc is what people write; the browser reports Escape, so a binding kept as "esc" would never fire.
    for (const binding of ['Ctrl+', 'Hyper+M', 'Ctrl+Ctrl+M', 'Shift', 'Ctrl+Escpe', 'Ctrl+F25', 'Ctrl+Microphone']) {
      let caught: unknown;
      try {
        normalizeShortcut(binding);
      } catch (error) {
        caught = error;
      }
      expect(isRinglineError(caught) && caught.code, binding).toBe('invalidInput');
    }
    expect(normalizeShortcut(' ctrl + shift + K ')).toBe('ctrl+shift+k');
    expect(normalizeShortcut('Meta+Shift+Alt+Ctrl+K')).toBe('ctrl+alt+shift+meta+k');
    expect(['Ctrl+Esc', 'Ctrl+Del', 'Ctrl+Up', 'Alt+F2'].map(normalizeShortcut)).toEqual(['ctrl+escape', 'ctrl+delete', 'ctrl+arrowup', 'alt+f2']);
    // Standard key names beyond the keyboard's main block: a headset's or a media keyboard's keys, F13 to F24.
    expect(['F13', 'Shift+F24', 'MicrophoneToggle', 'Pause', 'ContextMenu', 'HeadsetHook', 'AudioVolumeMute'].map(normalizeShortcut))
      .toEqual(['f13', 'shift+f24', 'microphonetoggle', 'pause', 'contextmenu', 'headsethook', 'audiovolumemute']);
  });

  it('an explicit binding on a default key takes it from that default; two explicit ones on one key are refused', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h, 'audio');
    renderHook(() => useCallShortcuts({ keys: { toggleMute: 'Ctrl+S' } }), { wrapper: h.wrapper });
    expect(press('s', { ctrlKey: true, code: 'KeyS' }).defaultPrevented).toBe(true);
    await h.advance(20);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
    expect(h.commands('startScreenShare')).toEqual([]);
    let caught: unknown;
    try {
      renderHook(() => useCallShortcuts({ keys: { toggleMute: 'Ctrl+K', toggleCamera: 'ctrl+k' } }), { wrapper: h.wrapper });
    } catch (error) {
      caught = error;
    }
    expect(isRinglineError(caught) && caught.code).toBe('invalidInput');
  });

  it('a held key acts once, and its repeats are kept from the browser too (held Ctrl+S opens no save dialog)', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h, 'video');
    renderHook(() => useCallShortcuts(), { wrapper: h.wrapper });
    const first = press('s', { ctrlKey: true, code: 'KeyS' });
    const repeats = [1, 2, 3].map(() => press('s', { ctrlKey: true, code: 'KeyS', repeat: true }));
    await h.advance(20);
    expect(first.defaultPrevented).toBe(true);
    expect(repeats.map((event) => event.defaultPrevented)).toEqual([true, true, true]);
    expect(h.commands('startScreenShare')).toEqual([`startScreenShare:${callId}`]);
  });

  it('a key another handler took already (a second mounted hook) does not toggle twice', async () => {
    const h = harness({ strict });
    const callId = await connectedCall(h, 'audio');
    renderHook(() => { useCallShortcuts(); useCallShortcuts(); }, { wrapper: h.wrapper });
    expect(press('m').defaultPrevented).toBe(true);
    await h.advance(20);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
    expect(h.engine.getSnapshot().calls[0]!.local.muted).toBe(true);
  });
});

function Hook() {
  useCallShortcuts();
  return null;
}

describe('shortcuts at the edges of the keyboard', () => {
  it('on a desk phone call (no camera / screen share, 003) Ctrl+S and Ctrl+V do nothing, so the browser must keep them', async () => {
    const h = harness({ desk: true });
    const callId = await h.run(() => h.adapter.remote.offer({ queue: 'support', channel: 'phone' } as Parameters<typeof h.adapter.remote.offer>[0]));
    await h.run(() => h.engine.accept(callId));
    expect(h.engine.getSnapshot().calls[0]?.phase).toBe('connected');
    renderHook(() => useCallShortcuts(), { wrapper: h.wrapper });
    const save = press('s');
    const paste = press('v');
    await h.advance(20);
    // Nothing acted: no screen share, no camera command reached the adapter...
    expect(h.commands('startScreenShare')).toEqual([]);
    expect(h.commands('setCamera')).toEqual([]);
    // ...so the browser keeps the keys (Ctrl+S's save dialog, Ctrl+V's paste).
    expect(save.defaultPrevented).toBe(false);
    expect(paste.defaultPrevented).toBe(false);
  });

  it('a keydown without a key (Chrome autofill dispatches these) does not throw from the listener', async () => {
    const h = harness();
    await connectedCall(h, 'audio');
    renderHook(() => useCallShortcuts(), { wrapper: h.wrapper });
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => { errors.push(event.error ?? event.message); event.preventDefault(); };
    window.addEventListener('error', onError);
    let thrown: unknown;
    try {
      // What autofill sends: a plain Event named keydown, no `key`.
      act(() => void document.body.dispatchEvent(new Event('keydown', { bubbles: true })));
    } catch (error) {
      thrown = error;
    }
    window.removeEventListener('error', onError);
    expect(thrown ?? errors[0]).toBeUndefined();
  });

  it('typing in an input inside a shadow root (an embedded widget) keeps Ctrl+V as paste', async () => {
    const h = harness();
    await connectedCall(h, 'audio');
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const input = document.createElement('input');
    shadow.append(input);
    renderHook(() => useCallShortcuts(), { wrapper: h.wrapper });
    // happy-dom does not retarget; a browser does: a listener on window sees the shadow host as
    // event.target, and the input only as composedPath()[0]. Build that event as the browser delivers it.
    const event = new KeyboardEvent('keydown', { key: 'v', ctrlKey: true, bubbles: true, cancelable: true, composed: true });
    Object.defineProperty(event, 'composedPath', { value: () => [input, shadow, host, document.body, document.documentElement, document, window] });
    act(() => void host.dispatchEvent(event));
    await h.advance(20);
    expect(h.commands('setCamera')).toEqual([]);
    expect(event.defaultPrevented).toBe(false);
    host.remove();
  });

  it('a rebinding to Alt+M works on macOS, where Option+M reports key "µ" (code KeyM)', async () => {
    const h = harness();
    const callId = await connectedCall(h, 'audio');
    renderHook(() => useCallShortcuts({ keys: { toggleMute: 'Alt+M' } }), { wrapper: h.wrapper });
    const event = press('µ', { altKey: true, code: 'KeyM' });
    await h.advance(20);
    expect(event.defaultPrevented).toBe(true);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
  });

  it('Alt changes the character, so an Alt binding goes by the physical letter: a German Mac\'s Option+L (@), a dead key (Option+E), AltGr', async () => {
    const h = harness();
    const callId = await connectedCall(h, 'video');
    renderHook(() => useCallShortcuts({ keys: { toggleMute: 'Alt+L', toggleCamera: 'Alt+E', toggleScreenShare: 'Ctrl+Alt+Q' } }), { wrapper: h.wrapper });
    const at = press('@', { altKey: true, code: 'KeyL' });
    const dead = press('Dead', { altKey: true, code: 'KeyE' });
    await h.advance(20);
    // AltGr+Q on a German PC is @, reported with Ctrl and Alt held.
    const altGr = press('@', { ctrlKey: true, altKey: true, code: 'KeyQ' });
    await h.advance(20);
    expect([at.defaultPrevented, dead.defaultPrevented, altGr.defaultPrevented]).toEqual([true, true, true]);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
    expect(h.commands('setCamera')).toEqual([`setCamera:${callId}`]);
    expect(h.commands('startScreenShare')).toEqual([`startScreenShare:${callId}`]);
  });

  it('keys go by the layout\'s character: Dvorak\'s K (at physical V) and AZERTY\'s comma (at physical M) are theirs', async () => {
    const h = harness();
    await connectedCall(h, 'video');
    renderHook(() => useCallShortcuts(), { wrapper: h.wrapper });
    const dvorakK = press('k', { ctrlKey: true, code: 'KeyV' });
    const azertyComma = press(',', { ctrlKey: true, code: 'KeyM' });
    await h.advance(20);
    expect([dvorakK.defaultPrevented, azertyComma.defaultPrevented]).toEqual([false, false]);
    expect(h.commands('setCamera')).toEqual([]);
    expect(h.commands('setMuted')).toEqual([]);
  });

  it('another script\'s letter goes by its physical key: Ctrl+M on a Russian layout (key "ь") mutes', async () => {
    const h = harness();
    const callId = await connectedCall(h, 'audio');
    renderHook(() => useCallShortcuts(), { wrapper: h.wrapper });
    expect(press('ь', { ctrlKey: true, code: 'KeyM' }).defaultPrevented).toBe(true);
    await h.advance(20);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
  });

  it('a named key binding fires on the name the browser reports: Ctrl+Esc on Escape', async () => {
    const h = harness();
    const callId = await connectedCall(h, 'audio');
    renderHook(() => useCallShortcuts({ keys: { toggleMute: 'Ctrl+Esc' } }), { wrapper: h.wrapper });
    expect(press('Escape', { ctrlKey: true, code: 'Escape' }).defaultPrevented).toBe(true);
    await h.advance(20);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
  });

  it('a binding normalizeShortcut accepts, Ctrl+Space, fires on Ctrl+Space (event.key is " ")', async () => {
    const h = harness();
    const callId = await connectedCall(h, 'audio');
    renderHook(() => useCallShortcuts({ keys: { toggleMute: 'Ctrl+Space' } }), { wrapper: h.wrapper });
    const event = press(' ', { ctrlKey: true, code: 'Space' });
    await h.advance(20);
    expect(event.defaultPrevented).toBe(true);
    expect(h.commands('setMuted')).toEqual([`setMuted:${callId}`]);
  });
});
