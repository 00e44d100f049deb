// A debugging aid (also read by the end-to-end suite): the page's engine and
// adapter on `window.__ringline`, to inspect state from the console.
import type { CallEngine, MediaAdapter } from '@ringline/core';

declare global {
  interface Window {
    __ringline?: { engine: CallEngine; adapter: MediaAdapter };
  }
}

export function exposeForDebugging(engine: CallEngine, adapter: MediaAdapter): void {
  window.__ringline = { engine, adapter };
}
