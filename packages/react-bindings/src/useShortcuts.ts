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

/** Names people write for keys the browser reports under another name. */
const keyAliases: Record<string, string> = {
  esc: 'escape', del: 'delete', ins: 'insert', return: 'enter', spacebar: 'space',
  up: 'arrowup', down: 'arrowdown', left: 'arrowleft', right: 'arrowright', pgup: 'pageup', pgdn: 'pagedown',
};
/**
 * Named keys as `KeyboardEvent.key` reports them (UI Events key values),
 * lowercased: editing and navigation, F1 to F24, and the media, headset and
 * phone keys a call can use. Any single character is a key too. A name not
 * here is refused: a misspelling would otherwise never fire.
 */
const namedKeys = new RegExp('^(?:space|enter|tab|escape|backspace|delete|insert|home|end|pageup|pagedown|arrow(?:up|down|left|right)'
  + '|f(?:[1-9]|1[0-9]|2[0-4])|pause|contextmenu|printscreen|scrolllock|numlock|help|clear'
  + '|audiovolume(?:mute|up|down)|microphone(?:toggle|volumemute|volumeup|volumedown)|media(?:playpause|play|pause|stop|tracknext|trackprevious)'
  + '|headsethook|call|endcall|camera|voicedial)$');

/**
 * `'Shift + ctrl+M'` becomes `'ctrl+shift+m'`: a binding and a key press
 * compare as one canonical string. A binding that names no key, a key the
 * browser never reports, or something other than the four modifiers before
 * it, is refused rather than never firing.
 */
export function normalizeShortcut(binding: string): string {
  const parts = binding.toLowerCase().split('+').map((part) => part.trim());
  const written = parts.pop();
  const key = written === undefined ? undefined : keyAliases[written] ?? written;
  if (!key || (modifiers as readonly string[]).includes(key) || ([...key].length !== 1 && !namedKeys.test(key))
    || parts.some((part, i) => !(modifiers as readonly string[]).includes(part) || parts.indexOf(part) !== i)) {
    throw new RinglineError('invalidInput', `Shortcut "${binding}": write modifiers (Ctrl, Alt, Shift, Meta), then one key (a character, or a name such as Escape or F2)`);
  }
  return [...modifiers.filter((modifier) => parts.includes(modifier)), key].join('+');
}

/**
 * What a key press can match, best first: the character the layout gives
 * (`key`, so an AZERTY A is A and a Dvorak K is K), then the physical key
 * (`code`) where the character does not name it: a digit whose character is
 * a symbol (AZERTY's 1 is &, as browsers treat Ctrl+1), a letter whose
 * character Alt changed (Option+M on a Mac is µ, Option+L on a German Mac
 * is @, AltGr gives a third character, Option+E is a dead key), or that
 * another script gives (a Russian M is ь). Without Alt, a layout's own ASCII
 * character at a letter's place (AZERTY's comma at M) is that character,
 * not the letter.
 * Space is `space`. A keydown without a key (some autofill) matches nothing.
 */
function pressed(event: KeyboardEvent): string[] {
  if (typeof event.key !== 'string') return [];
  const held = modifiers.filter((modifier) => event[`${modifier}Key`]);
  const fromKey = event.key === ' ' ? 'space' : event.key.toLowerCase();
  const physical = typeof event.code === 'string' ? /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code) : null;
  const letter = physical?.[1]?.toLowerCase();
  const digit = physical?.[2];
  const fromCode = letter !== undefined && (event.altKey || event.key.length !== 1 || /[^\x00-\x7f]/.test(fromKey)) ? letter
    : digit !== undefined && !/^[a-z0-9]$/.test(fromKey) ? digit : undefined;
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
 * The live call, if the shortcut's control is there on it (the desk's
 * controls on an agent's engine: no camera on a phone call) and, unless only
 * shown is asked, enabled (not while its last change is under way).
 */
function callFor(engine: CallEngine, action: ShortcutAction, shownIsEnough: boolean): string | undefined {
  const state = engine.getSnapshot();
  const call = activeCall(state);
  if (!call) return undefined;
  const controls = (state.desk ? agentCallControls(state, engine.config, call.id) : undefined) ?? callControls(call, engine.capabilities);
  const control = controls[controlOf[action]];
  return control.enabled || (shownIsEnough && control.visible) ? call.id : undefined;
}

/**
 * Key to action. A key the integrator bound explicitly wins over another
 * action's default (that action then has no key); two explicit bindings on
 * one key are refused, as one of them could never fire.
 */
function bindingsOf(chosen: readonly (string | null)[], explicit: readonly boolean[]): Map<string, ShortcutAction> {
  const byKey = new Map<string, ShortcutAction>();
  for (const pass of [false, true]) {
    chosen.forEach((binding, i) => {
      if (binding === null || explicit[i] !== pass) return;
      const key = normalizeShortcut(binding);
      const taken = byKey.get(key);
      if (pass && taken !== undefined && explicit[actions.indexOf(taken)]) {
        throw new RinglineError('invalidInput', `Shortcut "${binding}" is bound to both ${taken} and ${actions[i]}`);
      }
      byKey.set(key, actions[i]!);
    });
  }
  return byKey;
}

export function useCallShortcuts(options: ShortcutOptions = {}): void {
  const engine = useEngine();
  const { enabled = true, target, keys } = options;
  const explicit = actions.map((action) => keys?.[action] !== undefined);
  const chosen = actions.map((action, i) => (explicit[i] ? keys![action]! : defaultShortcuts[action]));
  // Parsed while rendering, so a bad binding fails where it is written, not later in a key handler.
  // A `keys` object written inline is new on every render; the bindings it names are what matter.
  const bindings = useMemo(() => bindingsOf(chosen, explicit), [JSON.stringify([chosen, explicit])]);
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (event: Event) => {
      const key = event as KeyboardEvent;
      // Another handler (a second mounted hook) took it already.
      if (key.defaultPrevented || isTyping(key)) return;
      const action = pressed(key).map((combination) => bindings.get(combination)).find((found) => found !== undefined);
      const callId = action && callFor(engine, action, key.repeat);
      if (!action || !callId) return;
      // Only a live shortcut takes the key from the browser (Ctrl+S would open the save dialog);
      // a held key's repeats are taken too, and act once.
      if (key.repeat || engine[action](callId).ok) key.preventDefault();
    };
    const on = target ?? globalThis;
    on.addEventListener('keydown', listener);
    return () => on.removeEventListener('keydown', listener);
  }, [engine, enabled, target, bindings]);
}
