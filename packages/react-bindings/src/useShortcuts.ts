// 003's call shortcuts: Ctrl+M mute, Ctrl+V camera, Ctrl+S screen share, on
// the live call. Rebindable, each one can be turned off, and the whole set
// with `enabled`. The handler reads the state when the key is pressed, so the
// hook subscribes to nothing and never re-renders its component.
import { activeCall, agentCallControls, type CallEngine, callControls, RinglineError } from './core.js';
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

/**
 * What a key press can match, best first: the character the layout gives
 * (`key`, so an AZERTY A is A), then the physical key (`code`) for a letter or
 * digit whose character a modifier changed (Option+M on a Mac gives µ).
 * Space is `space`. A keydown without a key (some autofill) matches nothing.
 */
function pressed(event: KeyboardEvent): string[] {
  if (typeof event.key !== 'string') return [];
  const held = modifiers.filter((modifier) => event[`${modifier}Key`]);
  const fromKey = event.key === ' ' ? 'space' : event.key.toLowerCase();
  const physical = typeof event.code === 'string' ? /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code) : null;
  const fromCode = physical ? (physical[1] ?? physical[2]!).toLowerCase() : undefined;
  const names = fromCode !== undefined && fromCode !== fromKey ? [fromKey, fromCode] : [fromKey];
  return names.map((name) => [...held, name].join('+'));
}

/** Typing keeps its own meaning: Ctrl+V in a text field is paste, inside a shadow root too. */
function isTyping(event: Event): boolean {
  const element = (event.composedPath?.()[0] ?? event.target) as HTMLElement | null;
  return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/i.test(element.tagName ?? ''));
}

const controlOf = { toggleMute: 'mute', toggleCamera: 'camera', toggleScreenShare: 'screenShare' } as const;

/**
 * Runs the shortcut's action on the live call if its control is there and
 * enabled (the desk's controls on an agent's engine: no camera on a phone
 * call), and says whether the engine took it.
 */
function runShortcut(engine: CallEngine, action: ShortcutAction): boolean {
  const state = engine.getSnapshot();
  const call = activeCall(state);
  if (!call) return false;
  const controls = (state.desk ? agentCallControls(state, engine.config, call.id) : undefined) ?? callControls(call, engine.capabilities);
  if (!controls[controlOf[action]].enabled) return false;
  return engine[action](call.id).ok;
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
      if (key.repeat || key.defaultPrevented || isTyping(key)) return;
      const action = pressed(key).map((combination) => bindings.get(combination)).find((found) => found !== undefined);
      // Only a shortcut that acted takes the key from the browser (Ctrl+S would open the save dialog).
      if (action && runShortcut(engine, action)) key.preventDefault();
    };
    const on = target ?? globalThis;
    on.addEventListener('keydown', listener);
    return () => on.removeEventListener('keydown', listener);
  }, [engine, enabled, target, bindings]);
}
