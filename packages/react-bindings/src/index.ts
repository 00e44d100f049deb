// What every widget needs: the provider, the selector hook, calls, countdowns,
// controls and devices. The agent desk's hooks are on `@ringline/react/desk`,
// so a visitor widget never carries them (as core keeps the desk apart).
export { RinglineProvider, useEngine } from './provider.js';
export type { RinglineProviderProps } from './provider.js';
export { timeoutScheduler } from './scheduler.js';
export type { TickScheduler } from './scheduler.js';
export { useSelector } from './useSelector.js';
export type { Equality } from './useSelector.js';
export { itemsEqual, shallowEqual } from './equality.js';
export { formatSeconds, useCountdown, useElapsed } from './useCountdown.js';
export { useActiveCall, useCall, useCallDuration, useCallHistory, useIncomingCalls, useMissedCalls } from './calls.js';
export { useCallControls } from './controls.js';
export type { CallControlsResult } from './controls.js';
export { useDevices } from './devices.js';
export type { DevicesResult } from './devices.js';
export { loadPreferences, preferencesKey, usePersistPreferences } from './preferences.js';
export type { PersistOptions, PreferenceStorage } from './preferences.js';
