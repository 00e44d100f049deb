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
