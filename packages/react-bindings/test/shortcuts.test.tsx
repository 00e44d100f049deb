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
    for (const binding of ['Ctrl+', 'Hyper+M', 'Ctrl+Ctrl+M', 'Shift']) {
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
    // ...yet the keys were taken from the browser (Ctrl+S's save dialog, Ctrl+V's paste).
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
