// The choices kept from earlier visits (devices, volume, background effect),
// as the engine's starting preferences.
import type { MediaPreferences } from '@ringline/core';
import { loadPreferences } from '@ringline/react';

export function savedPreferences(): Partial<MediaPreferences> {
  // Always with an effect: core's preference check (reducer/devices.ts isVideoEffect) throws on an absent one.
  return { videoEffect: { kind: 'none' }, ...loadPreferences() };
}
