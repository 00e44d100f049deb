// The agent desk's hooks (002, 003): offers and hand-off cards, hold,
// transfer, wrap-up, callbacks, the AI conversation beside the call, the
// agent's Ctrl+M / Ctrl+V / Ctrl+S shortcuts, and the desk's other tabs open
// in this browser (002: close the extras). They read the desk given to
// `<RinglineProvider desk={desk}>`.
export { useDesk } from './provider.js';
export { useOffers } from './offers.js';
export type { Offer } from './offers.js';
export { useHold } from './hold.js';
export type { HoldResult } from './hold.js';
export { useTransfer } from './transfer.js';
export type { TransferResult } from './transfer.js';
export { useWrapUp } from './wrapUp.js';
export type { WrapUpResult } from './wrapUp.js';
export { useCallbacks, useHandoffHistory } from './callbacks.js';
export type { CallbackEntry, CallbacksResult } from './callbacks.js';
export { defaultShortcuts, normalizeShortcut, useCallShortcuts } from './useShortcuts.js';
export { useOtherDeskTabs } from './otherTabs.js';
export type { ShortcutAction, ShortcutMap, ShortcutOptions } from './useShortcuts.js';
