// 003: the chosen background effect (and devices, volume) persist and apply to
// every later call. The engine takes them at creation
// (`createCallEngine({ preferences: loadPreferences() })`); this hook writes
// them back when they change. Storage is a port with localStorage's shape,
// reached only inside an effect or the loader, never at import or in a render.
import type { MediaDeviceEntry, MediaPreferences } from './core.js';
import { useEngine } from './provider.js';
import { useEffect, useRef } from './react.js';

export interface PreferenceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const preferencesKey = 'ringline.mediaPreferences';

/** localStorage where there is one; reading it can throw (blocked storage, sandboxed frames). */
function browserStorage(): PreferenceStorage | undefined {
  try {
    return (globalThis as { localStorage?: PreferenceStorage }).localStorage;
  } catch {
    return undefined;
  }
}

/**
 * What was saved, or nothing when storage is empty, blocked or holds no JSON
 * object. The fields are checked where they are used: `createCallEngine`
 * ignores any that are not well-formed, so a stale or hand-edited entry never
 * breaks engine creation.
 */
export function loadPreferences(storage: PreferenceStorage | undefined = browserStorage(), key = preferencesKey): Partial<MediaPreferences> {
  try {
    const saved: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
    return typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? saved : {};
  } catch {
    return {};
  }
}

export interface PersistOptions {
  /** `null` turns persistence off. Defaults to localStorage where there is one. */
  storage?: PreferenceStorage | null;
  key?: string;
}

const deviceFields = [['microphone', 'microphoneId'], ['speaker', 'speakerId'], ['camera', 'cameraId']] as const;

/** JSON with object keys sorted: the same preferences always read the same, whatever order they were built in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, part: unknown) =>
    part && typeof part === 'object' && !Array.isArray(part) ? Object.fromEntries(Object.entries(part).sort(([a], [b]) => (a < b ? -1 : 1))) : part);
}

/**
 * Writes what changed (from `before` to `preferences`) over what is saved: a
 * saved choice the engine could not apply today (a background effect this
 * adapter lacks) is not replaced by the default it runs with, nor a choice
 * another tab made since. A saved device that is only unplugged now is kept:
 * the engine falls back to the default for the live call, and the headset is
 * still the choice when it is back. Nothing is written when nothing changed.
 */
function save(storage: PreferenceStorage, key: string, before: MediaPreferences, preferences: MediaPreferences, available: readonly MediaDeviceEntry[]): void {
  const saved = loadPreferences(storage, key);
  const kept: Record<string, unknown> = { ...saved };
  for (const field of new Set([...Object.keys(before), ...Object.keys(preferences)]) as Set<keyof MediaPreferences>) {
    if (canonicalJson(before[field]) === canonicalJson(preferences[field])) continue;
    if (preferences[field] === undefined) delete kept[field];
    else kept[field] = preferences[field];
  }
  for (const [kind, field] of deviceFields) {
    const id = saved[field];
    if (kept[field] === undefined && typeof id === 'string' && !available.some((device) => device.kind === kind && device.deviceId === id)) kept[field] = id;
  }
  const json = canonicalJson(kept);
  if (canonicalJson(saved) !== json) storage.setItem(key, json);
}

/**
 * Saves the preferences each time the engine changes them, from a
 * subscription rather than a render: a choice made by the click that also
 * closes the settings is saved. What the engine started with is not written
 * back, so mounting never overwrites a saved choice with defaults.
 */
export function usePersistPreferences(options: PersistOptions = {}): void {
  const engine = useEngine();
  // Read when a change comes: a `storage` object written inline is new on every render.
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    let seen = engine.getSnapshot().devices.preferences;
    return engine.subscribe((state) => {
      const { preferences, available } = state.devices;
      if (preferences === seen) return;
      const before = seen;
      seen = preferences;
      const { storage, key = preferencesKey } = latest.current;
      if (storage === null) return;
      try {
        const target = storage ?? browserStorage();
        if (target) save(target, key, before, preferences, available);
      } catch {
        // A full or blocked storage loses the choice for the next visit only; the call goes on.
      }
    });
  }, [engine]);
}
