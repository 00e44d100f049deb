// 003's call shortcuts: Ctrl+M mute, Ctrl+V camera, Ctrl+S screen share, on
// the live call. Rebindable, each one can be turned off, and the whole set
// with `enabled`. The handler reads the state when the key is pressed, so the
// hook subscribes to nothing and never re-renders its component.
import { activeCall, type CallEngine, callControls, RinglineError } from './core.js';
import { useEffect, useMemo } from './react.js';
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

const modifiers = ['ctrl', 'alt', 'shift', 'meta'] as const;
const actions = ['toggleMute', 'toggleCamera', 'toggleScreenShare'] as const;

/**
 * `'Shift + ctrl+M'` becomes `'ctrl+shift+m'`: a binding and a key press
 * compare as one canonical string. A binding that names no key, or something
 * other than the four modifiers before it, is refused rather than never firing.
 */
export function normalizeShortcut(binding: string): string {
  const parts = binding.toLowerCase().split('+').map((part) => part.trim());
  const key = parts.pop();
  if (!key || (modifiers as readonly string[]).includes(key) || parts.some((part, i) => !(modifiers as readonly string[]).includes(part) || parts.indexOf(part) !== i)) {
    throw new RinglineError('invalidInput', `Shortcut "${binding}": write modifiers (Ctrl, Alt, Shift, Meta), then one key`);
  }
  return [...modifiers.filter((modifier) => parts.includes(modifier)), key].join('+');
}

function pressed(event: KeyboardEvent): string {
  return [...modifiers.filter((modifier) => event[`${modifier}Key`]), event.key.toLowerCase()].join('+');
}

/** Typing keeps its own meaning: Ctrl+V in a text field is paste. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/i.test(element.tagName));
}

const controlOf = { toggleMute: 'mute', toggleCamera: 'camera', toggleScreenShare: 'screenShare' } as const;

/** Runs the shortcut's action on the live call if its control is there and enabled; says whether it did. */
function runShortcut(engine: CallEngine, action: ShortcutAction): boolean {
  const call = activeCall(engine.getSnapshot());
  if (!call) return false;
  if (!callControls(call, engine.capabilities)[controlOf[action]].enabled) return false;
  engine[action](call.id);
  return true;
}

export function useCallShortcuts(options: ShortcutOptions = {}): void {
  const engine = useEngine();
  const { enabled = true, target, keys } = options;
  const chosen = actions.map((action) => (keys?.[action] === undefined ? defaultShortcuts[action] : keys[action]));
  // Parsed while rendering, so a bad binding fails where it is written, not later in a key handler.
  const bindings = useMemo(() => {
    const byKey = new Map<string, ShortcutAction>();
    chosen.forEach((binding, i) => binding !== null && byKey.set(normalizeShortcut(binding), actions[i]!));
    return byKey;
    // A `keys` object written inline is new on every render; the bindings it names are what matter.
  }, [JSON.stringify(chosen)]);
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (event: Event) => {
      const key = event as KeyboardEvent;
      if (key.repeat || key.defaultPrevented || isTyping(key.target)) return;
      const action = bindings.get(pressed(key));
      // Only a shortcut that acted takes the key from the browser (Ctrl+S would open the save dialog).
      if (action && runShortcut(engine, action)) key.preventDefault();
    };
    const on = target ?? globalThis;
    on.addEventListener('keydown', listener);
    return () => on.removeEventListener('keydown', listener);
  }, [engine, enabled, target, bindings]);
}
