// 003: the chosen background effect (and devices, volume) persist and apply to
// every later call. The engine takes them at creation
// (`createCallEngine({ preferences: loadPreferences() })`); this hook writes
// them back when they change. Storage is a port with localStorage's shape,
// reached only inside an effect or the loader, never at import or in a render.
import { type MediaPreferences, mediaPreferences, type VideoEffect } from '@ringline/core';
import { useEffect, useRef } from 'react';
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

function isVideoEffect(value: unknown): value is VideoEffect {
  const effect = value as { kind?: unknown; url?: unknown } | null;
  if (typeof effect !== 'object' || effect === null) return false;
  if (effect.kind === 'none' || effect.kind === 'blur' || effect.kind === 'faceTrace') return true;
  return effect.kind === 'image' && typeof effect.url === 'string' && effect.url.length > 0;
}

/** What was saved, keeping only well-formed fields: a stale or hand-edited entry never breaks engine creation. */
export function loadPreferences(storage: PreferenceStorage | undefined = browserStorage(), key = preferencesKey): Partial<MediaPreferences> {
  let saved: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return {};
    saved = parsed as Record<string, unknown>;
  } catch {
    return {};
  }
  const preferences: Partial<MediaPreferences> = {};
  for (const field of ['microphoneId', 'speakerId', 'cameraId'] as const) {
    const id = saved[field];
    if (typeof id === 'string' && id.length > 0) preferences[field] = id;
  }
  const { volume, videoEffect } = saved;
  if (typeof volume === 'number' && volume >= 0 && volume <= 1) preferences.volume = volume;
  if (isVideoEffect(videoEffect)) preferences.videoEffect = videoEffect.kind === 'image' ? { kind: 'image', url: videoEffect.url } : { kind: videoEffect.kind };
  return preferences;
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
