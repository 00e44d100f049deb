// 003's call shortcuts: Ctrl+M mute, Ctrl+V camera, Ctrl+S screen share, on
// the live call. Rebindable, each one can be turned off, and the whole set
// with `enabled`. The handler reads the state when the key is pressed, so the
// hook subscribes to nothing and never re-renders its component.
import { activeCall, type CallEngine, callControls, RinglineError } from '@ringline/core';
import { useEffect, useMemo } from 'react';
import { controlsView } from './controls.js';
import { useEngine } from './provider.js';

export type ShortcutAction = 'toggleMute' | 'toggleCamera' | 'toggleScreenShare';

/** A combination such as `'Ctrl+M'` or `'Alt+Shift+S'`; `null` turns that shortcut off. */
export type ShortcutMap = Record<ShortcutAction, string | null>;

export const defaultShortcuts: ShortcutMap = { toggleMute: 'Ctrl+M', toggleCamera: 'Ctrl+V', toggleScreenShare: 'Ctrl+S' };

export interface ShortcutOptions {
  enabled?: boolean;
  /** Replaces some or all of the default bindings. */
  keys?: Partial<ShortcutMap>;
  /** Where to listen; the window by default. */
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

interface Combo {
  key: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const modifiers = new Set(['ctrl', 'alt', 'shift', 'meta']);

/** Parses `'Ctrl+Shift+M'`; a binding that names no key, or a modifier twice, is refused rather than never firing silently. */
export function parseShortcut(binding: string): Combo {
  const parts = binding.split('+').map((part) => part.trim().toLowerCase());
  const key = parts.pop();
  const combo: Combo = { key: key ?? '', ctrl: false, alt: false, shift: false, meta: false };
  for (const part of parts) {
    if (!modifiers.has(part) || combo[part as 'ctrl']) throw new RinglineError('invalidInput', `Shortcut "${binding}": "${part}" is not a modifier (Ctrl, Alt, Shift, Meta) or is repeated`);
    combo[part as 'ctrl'] = true;
  }
  if (!combo.key || modifiers.has(combo.key)) throw new RinglineError('invalidInput', `Shortcut "${binding}" names no key`);
  return combo;
}

function matches(combo: Combo, event: KeyboardEvent): boolean {
  return event.key.toLowerCase() === combo.key && event.ctrlKey === combo.ctrl && event.altKey === combo.alt && event.shiftKey === combo.shift && event.metaKey === combo.meta;
}

/** Typing keeps its own meaning: Ctrl+V in a text field is paste. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  return tag === 'input' && !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file'].includes(element.type ?? 'text');
}

const controlOf = { toggleMute: 'mute', toggleCamera: 'camera', toggleScreenShare: 'screenShare' } as const;

/** Runs the shortcut's action on the live call if its control is there and enabled; says whether it did. */
function runShortcut(engine: CallEngine, action: ShortcutAction): boolean {
  const call = activeCall(engine.getSnapshot());
  if (!call) return false;
  const view = controlsView(call, engine.capabilities, callControls(call, engine.capabilities), false);
  if (!view[controlOf[action]].enabled) return false;
  engine[action](call.id);
  return true;
}

export function useCallShortcuts(options: ShortcutOptions = {}): void {
  const engine = useEngine();
  const { enabled = true, target } = options;
  const mute = options.keys?.toggleMute === undefined ? defaultShortcuts.toggleMute : options.keys.toggleMute;
  const camera = options.keys?.toggleCamera === undefined ? defaultShortcuts.toggleCamera : options.keys.toggleCamera;
  const share = options.keys?.toggleScreenShare === undefined ? defaultShortcuts.toggleScreenShare : options.keys.toggleScreenShare;
  // Parsed while rendering, so a bad binding fails where it is written, not later in a key handler.
  const bindings = useMemo(() => {
    const list: [Combo, ShortcutAction][] = [];
    if (mute !== null) list.push([parseShortcut(mute), 'toggleMute']);
    if (camera !== null) list.push([parseShortcut(camera), 'toggleCamera']);
    if (share !== null) list.push([parseShortcut(share), 'toggleScreenShare']);
    return list;
  }, [mute, camera, share]);
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (event: Event) => {
      const key = event as KeyboardEvent;
      if (key.repeat || key.defaultPrevented || isTyping(key.target)) return;
      const hit = bindings.find(([combo]) => matches(combo, key));
      // Only a shortcut that acted takes the key from the browser (Ctrl+S would open the save dialog).
      if (hit && runShortcut(engine, hit[1])) key.preventDefault();
    };
    const on = target ?? globalThis;
    on.addEventListener('keydown', listener);
    return () => on.removeEventListener('keydown', listener);
  }, [engine, enabled, target, bindings]);
}
