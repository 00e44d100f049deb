let fallbacks = 0;

/** `crypto.randomUUID` where the page has it; else the prefix and a counter, unique within this page only. */
export function randomId(fallbackPrefix: string): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `${fallbackPrefix}${++fallbacks}`;
}
