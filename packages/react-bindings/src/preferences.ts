// 003: the chosen background effect (and devices, volume) persist and apply to
// every later call. The engine takes them at creation
// (`createCallEngine({ preferences: loadPreferences() })`); this hook writes
// them back when they change. Storage is a port with localStorage's shape,
// reached only inside an effect or the loader, never at import or in a render.
import { type MediaPreferences, mediaPreferences } from './core.js';
import { useEffect, useRef } from './react.js';
import { useSelector } from './useSelector.js';

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

/**
 * Saves the preferences each time they change. What the engine started with
 * is not written back, so mounting never overwrites a saved choice with defaults.
 */
export function usePersistPreferences(options: PersistOptions = {}): void {
  const preferences = useSelector(mediaPreferences);
  const atMount = useRef(preferences);
  const { storage, key = preferencesKey } = options;
  useEffect(() => {
    if (preferences === atMount.current || storage === null) return;
    try {
      (storage ?? browserStorage())?.setItem(key, JSON.stringify(preferences));
    } catch {
      // A full or blocked storage loses the choice for the next visit only; the call goes on.
    }
  }, [preferences, storage, key]);
}
